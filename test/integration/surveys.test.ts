import { beforeAll, describe, expect, it } from 'vitest'
import { createDocumentClient } from '#src/adapters/dynamodb/client.ts'
import { createSurveyRepository } from '#src/adapters/dynamodb/survey-repository.ts'
import { deriveSigningKey } from '#src/adapters/signing-key.ts'
import type { Case, CaseEvent } from '#src/domain/case.ts'
import { type Survey, surveyLifetimeDays } from '#src/domain/survey.ts'
import { createSurveyTokens, type SurveyTokens } from '#src/domain/survey-token.ts'
import type { SurveyStore } from '#src/use-cases/ports/surveys.ts'
import { type Page, type Problem, useLocalApi } from './local-api.ts'

const api = useLocalApi()
const day = 24 * 60 * 60 * 1000

let alice = ''
let sam = ''
let surveys: SurveyStore
let tokens: SurveyTokens

beforeAll(async () => {
  alice = await api.tokenFor('alice@acme.example')
  sam = await api.tokenFor('sam@vendor.example')
  // The same table and the same signing secret the runtime's handlers use (local/server.ts sets it).
  const doc = createDocumentClient({ region: 'us-east-1', endpoint: api.runtime.dynamodbEndpoint })
  surveys = createSurveyRepository(doc, api.runtime.tableName)
  const secret = process.env.CURSOR_SECRET
  if (!secret) throw new Error('the local runtime sets CURSOR_SECRET')
  tokens = createSurveyTokens(deriveSigningKey(secret, 'survey-token'))
})

/** A real case of alice's, and its survey opened as closing the case opens it. */
async function caseWithSurvey(options: { validUntil?: Date } = {}): Promise<{ c: Case; token: string }> {
  const created = await api.request<Case>('POST', '/v1/cases', {
    token: alice,
    body: {
      title: `Dunning letters print twice ${crypto.randomUUID()}`,
      description: 'Every dunning letter comes out of the printer twice.',
      product: 'Caseline ERP',
    },
  })
  expect(created.status).toBe(201)
  const c = created.body
  const openedAt = new Date()
  const survey: Survey = {
    caseId: c.id,
    accountId: c.accountId,
    caseNumber: c.number,
    caseTitle: c.title,
    contactId: c.contactId,
    locale: 'de',
    createdAt: openedAt.toISOString(),
    validUntil: (options.validUntil ?? new Date(openedAt.getTime() + surveyLifetimeDays * day)).toISOString(),
  }
  await surveys.openSurvey(survey)
  return { c, token: tokens.tokenFor(c.id) }
}

describe('a survey link (no sign-in: the token is the credential)', () => {
  it("shows the case's number and title without an Authorization header", async () => {
    // Arrange
    const { c, token } = await caseWithSurvey()

    // Act
    const response = await api.request('GET', `/v1/surveys/${token}`)

    // Assert
    expect(response.status).toBe(200)
    expect(response.body).toEqual({
      caseNumber: c.number,
      caseTitle: c.title,
      status: 'open',
      validUntil: expect.any(String),
    })
    expect(response.headers.get('cache-control')).toBe('no-store')
  })

  it('takes one answer (201), refuses a second with 409, and then shows the first', async () => {
    // Arrange
    const { token } = await caseWithSurvey()

    // Act
    const first = await api.request('POST', `/v1/surveys/${token}`, {
      body: { rating: 5, comment: 'Fixed within the hour, thank you!' },
    })
    const second = await api.request<Problem>('POST', `/v1/surveys/${token}`, { body: { rating: 1 } })
    const shown = await api.request('GET', `/v1/surveys/${token}`)

    // Assert
    expect(first.status).toBe(201)
    expect(first.body).toEqual({
      rating: 5,
      comment: 'Fixed within the hour, thank you!',
      answeredAt: expect.any(String),
    })
    expect(first.headers.get('location')).toBe(`${api.url}/v1/surveys/${token}`)
    expect(second.status).toBe(409)
    expect(second.headers.get('content-type')).toBe('application/problem+json')
    expect(second.body).toMatchObject({ status: 409, detail: 'This survey was already answered.' })
    expect(shown.body).toMatchObject({ status: 'answered', answer: first.body })
  })

  it("puts the answer in the case's history for staff only", async () => {
    // Arrange
    const { c, token } = await caseWithSurvey()
    await api.request('POST', `/v1/surveys/${token}`, { body: { rating: 3, comment: 'Slow at first.' } })

    // Act
    const forStaff = await api.request<Page<CaseEvent>>('GET', `/v1/cases/${c.id}/history`, { token: sam })
    const forCustomer = await api.request<Page<CaseEvent>>('GET', `/v1/cases/${c.id}/history`, {
      token: alice,
    })

    // Assert
    expect(forStaff.body.items).toContainEqual(
      expect.objectContaining({
        type: 'survey.answered',
        action: 'answer_survey',
        actor: { userId: c.contactId, role: 'customer' },
        visibility: 'internal',
        details: { rating: 3, comment: 'Slow at first.' },
      }),
    )
    expect(forCustomer.body.items.map((event) => event.type)).not.toContain('survey.answered')
  })

  it('answers a forged token and a valid token of a case without survey with the same 404', async () => {
    // Arrange
    const { c, token } = await caseWithSurvey()
    const last = token.at(-1) === 'A' ? 'B' : 'A'
    const forged = `${token.slice(0, -1)}${last}`
    const noSurvey = tokens.tokenFor(crypto.randomUUID())

    // Act
    const replies = [
      await api.request<Problem>('GET', `/v1/surveys/${forged}`),
      await api.request<Problem>('POST', `/v1/surveys/${forged}`, { body: { rating: 5 } }),
      await api.request<Problem>('GET', `/v1/surveys/${noSurvey}`),
      await api.request<Problem>('GET', `/v1/surveys/${c.id}`),
    ]

    // Assert
    expect(replies.map((reply) => reply.status)).toEqual([404, 404, 404, 404])
    expect(new Set(replies.map((reply) => reply.body.detail)).size).toBe(1)
    expect(JSON.stringify(replies.map((reply) => reply.body))).not.toContain(c.number)
  })

  it('answers an expired link with 410 Gone, to reading and to answering', async () => {
    // Arrange
    const { token } = await caseWithSurvey({ validUntil: new Date(Date.now() - day) })

    // Act
    const read = await api.request<Problem>('GET', `/v1/surveys/${token}`)
    const answer = await api.request<Problem>('POST', `/v1/surveys/${token}`, { body: { rating: 5 } })

    // Assert
    for (const reply of [read, answer]) {
      expect(reply.status).toBe(410)
      expect(reply.headers.get('content-type')).toBe('application/problem+json')
      expect(reply.body).toMatchObject({ status: 410, detail: expect.stringContaining('expired') })
    }
  })

  it('refuses invalid answers with 400 naming the field, and records nothing', async () => {
    // Arrange
    const { token } = await caseWithSurvey()

    // Act
    const unknownField = await api.request<Problem>('POST', `/v1/surveys/${token}`, {
      body: { rating: 5, stars: 5 },
    })
    const tooHigh = await api.request<Problem>('POST', `/v1/surveys/${token}`, { body: { rating: 6 } })
    const tooLong = await api.request<Problem>('POST', `/v1/surveys/${token}`, {
      body: { rating: 4, comment: 'x'.repeat(2001) },
    })
    const junkToken = await api.request<Problem>('GET', `/v1/surveys/${encodeURIComponent('<script>')}`)
    const shown = await api.request('GET', `/v1/surveys/${token}`)

    // Assert
    expect([unknownField, tooHigh, tooLong, junkToken].map((reply) => reply.status)).toEqual([
      400, 400, 400, 400,
    ])
    expect(tooHigh.body.errors).toContainEqual(expect.objectContaining({ pointer: '/rating' }))
    expect(tooLong.body.errors).toContainEqual(expect.objectContaining({ pointer: '/comment' }))
    expect(junkToken.body.errors).toContainEqual(expect.objectContaining({ parameter: 'token' }))
    expect(shown.body).toMatchObject({ status: 'open' })
  })
})
