import { exportJWK, generateKeyPair, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose'

/**
 * The local stand-in for Cognito: issues RS256 ID tokens shaped like Cognito's (`sub`, `email`,
 * `cognito:groups`, `custom:accountId`, `token_use: id`) and verifies them the way API Gateway's
 * JWT authorizer does: signature, issuer, audience and expiry. Keys live only in memory.
 */
export interface TokenIssuer {
  issuer: string
  audience: string
  jwks(): { keys: JWK[] }
  /**
   * A token for these claims. `override` changes what a real token would carry (issuer, audience,
   * expiry) while keeping the real signature: for tests of the verifier only.
   */
  issue(
    claims: {
      sub: string
      email: string
      groups: string[]
      accountId?: string | undefined
    },
    override?: TokenOverride,
  ): Promise<string>
  /** The verified claims, or undefined for a missing, expired, forged or foreign token. */
  verify(token: string): Promise<JWTPayload | undefined>
}

export interface TokenOverride {
  issuer?: string
  audience?: string
  /** Epoch seconds. */
  expiresAt?: number
}

export const localAudience = 'caseline-local'
const tokenLifetimeSeconds = 60 * 60

export async function createTokenIssuer(issuer: string): Promise<TokenIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256')
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'local-1', alg: 'RS256', use: 'sig' }
  return {
    issuer,
    audience: localAudience,
    jwks: () => ({ keys: [publicJwk] }),
    async issue({ sub, email, groups, accountId }, override = {}) {
      return new SignJWT({
        email,
        'cognito:groups': groups,
        token_use: 'id',
        ...(accountId ? { 'custom:accountId': accountId } : {}),
      })
        .setProtectedHeader({ alg: 'RS256', kid: publicJwk.kid })
        .setSubject(sub)
        .setIssuer(override.issuer ?? issuer)
        .setAudience(override.audience ?? localAudience)
        .setIssuedAt()
        .setExpirationTime(override.expiresAt ?? `${tokenLifetimeSeconds}s`)
        .sign(privateKey)
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, publicKey, {
          issuer,
          audience: localAudience,
          algorithms: ['RS256'],
          requiredClaims: ['sub', 'exp'],
        })
        return payload
      } catch {
        return undefined
      }
    },
  }
}
