import { type IdentityConfig, requireUserPoolId } from '#src/config.ts'
import type { IdGenerator } from '#src/use-cases/ports/common.ts'
import type { IdentityProvider } from '#src/use-cases/ports/identity.ts'
import { createLocalIdentityProvider } from './local-identity.ts'

/**
 * The identity provider the configuration names: the local one, or Cognito. Cognito's SDK is loaded
 * on the first call only, so the many functions that never register a user do not pay for it at
 * cold start; a function without `USER_POOL_ID` fails on that first call, naming the variable.
 */
export function identityProviderFor(
  settings: IdentityConfig & { region: string },
  ids: IdGenerator,
): IdentityProvider {
  if (settings.provider === 'local') return createLocalIdentityProvider(ids)
  let cognito: Promise<IdentityProvider> | undefined
  const provider = () => {
    cognito ??= (async () => {
      const userPoolId = requireUserPoolId(settings)
      const { createCognitoIdentityProvider } = await import('./aws/cognito-identity.ts')
      return createCognitoIdentityProvider({ region: settings.region, userPoolId })
    })()
    // A failed load (a missing setting) fails every call the same way, which is what the operator needs to see.
    return cognito
  }
  return {
    createUser: async (user) => (await provider()).createUser(user),
    addToRole: async (userId, role) => (await provider()).addToRole(userId, role),
    removeFromRole: async (userId, role) => (await provider()).removeFromRole(userId, role),
    setActive: async (userId, active) => (await provider()).setActive(userId, active),
    deleteUser: async (userId) => (await provider()).deleteUser(userId),
  }
}
