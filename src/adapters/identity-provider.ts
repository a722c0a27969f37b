import { type IdentityConfig, requireUserPoolId } from '#src/config.ts'
import type { IdGenerator } from '#src/use-cases/ports/common.ts'
import type { IdentityProvider } from '#src/use-cases/ports/identity.ts'
import { createCognitoIdentityProvider } from './aws/cognito-identity.ts'
import { createLocalIdentityProvider } from './local-identity.ts'

/**
 * The identity provider the configuration names: the local one, or Cognito. Only the functions that
 * manage users import this module (their entries declare it, docs/architecture.md). The Cognito
 * client is built on the first call; a function without `USER_POOL_ID` fails on that first call,
 * naming the variable. The adapter is imported statically: a dynamic `import()` inside a bundle
 * defers nothing worth having and keeps esbuild from tree-shaking the SDK package, which put every
 * Cognito command in the bundle (104 KB of the SDK instead of 35 KB, docs/performance.md).
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
