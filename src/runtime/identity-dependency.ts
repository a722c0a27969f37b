import { identityProviderFor } from '#src/adapters/identity-provider.ts'
import { uuidGenerator } from '#src/adapters/system.ts'
import type { IdentityProvider } from '#src/use-cases/ports/identity.ts'
import { tableContext } from './table-context.ts'

let identity: IdentityProvider | undefined

/**
 * Where contacts sign in (Cognito; locally the token issuer's directory), for the contact
 * functions: built once per process on first use.
 */
export function identityProvider(): IdentityProvider {
  if (!identity) {
    const { config } = tableContext()
    identity = identityProviderFor({ ...config.identity, region: config.region }, uuidGenerator)
  }
  return identity
}
