import { identityProviderFor } from '#src/adapters/identity-provider.ts'
import { uuidGenerator } from '#src/adapters/system.ts'
import type { IdentityProvider } from '#src/use-cases/ports/identity.ts'
import type { AppDependencies } from './dependencies.ts'
import { extendDependencies } from './extend-dependencies.ts'

let identity: IdentityProvider | undefined

/** Where contacts sign in (Cognito; locally the token issuer's directory), for the contact functions. */
export function withIdentity<T extends AppDependencies>(deps: T) {
  return extendDependencies<T, { identity: IdentityProvider }>(deps, {
    identity: ({ config }) => {
      identity ??= identityProviderFor({ ...config.identity, region: config.region }, uuidGenerator)
      return identity
    },
  })
}
