import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Survey links carry `<caseId>.<signature>`: 256 bits of HMAC that only Caseline can mint, so the
 * token itself is the credential (docs/email.md) and nothing secret has to be stored per survey.
 * Rotating the signing secret invalidates open survey links.
 */
export interface SurveyTokens {
  tokenFor(caseId: string): string
  /** The case a token names, or undefined for anything that is not a token we minted. */
  caseIdOf(token: string): string | undefined
}

export function createSurveyTokens(key: string): SurveyTokens {
  const sign = (caseId: string) =>
    createHmac('sha256', key).update(`survey:${caseId}`).digest().toString('base64url')
  return {
    tokenFor: (caseId) => `${caseId}.${sign(caseId)}`,
    caseIdOf(token) {
      const match = /^([A-Za-z0-9-]{1,64})\.([A-Za-z0-9_-]{43})$/.exec(token)
      if (!match) return undefined
      const [, caseId = '', signature = ''] = match
      const expected = Buffer.from(sign(caseId))
      const given = Buffer.from(signature)
      return given.length === expected.length && timingSafeEqual(given, expected) ? caseId : undefined
    },
  }
}
