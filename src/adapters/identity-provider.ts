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
  let cognito: IdentityProvider | undefined
  // A missing setting fails every call the same way (the methods are async, so as a rejection),
  // which is what the operator needs to see.
  const provider = () =>
    (cognito ??= createCognitoIdentityProvider({
      region: settings.region,
      userPoolId: requireUserPoolId(settings),
    }))
  return {
    createUser: async (user) => provider().createUser(user),
    addToRole: async (userId, role) => provider().addToRole(userId, role),
    removeFromRole: async (userId, role) => provider().removeFromRole(userId, role),
    setActive: async (userId, active) => provider().setActive(userId, active),
    changeEmail: async (userId, email) => provider().changeEmail(userId, email),
    deleteUser: async (userId) => provider().deleteUser(userId),
  }
}
