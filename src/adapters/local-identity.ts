import type { IdGenerator } from '#src/use-cases/ports/common.ts'
import type { IdentityProvider } from '#src/use-cases/ports/identity.ts'

/**
 * The identity provider of the local runtime. Locally, `POST /local/token` signs tokens for whoever
 * the directory (the table) lists, with the role, account and active flag stored there, so the
 * directory is all there is to keep: this adapter only hands out the new user's id (a UUID, shaped
 * like a Cognito `sub`) and does nothing else. Roles and deactivation take effect through the
 * contact item the use case writes.
 */
export function createLocalIdentityProvider(ids: IdGenerator): IdentityProvider {
  return {
    async createUser() {
      return { userId: ids.newId() }
    },
    async addToRole() {},
    async removeFromRole() {},
    async setActive() {},
    // Locally tokens are issued by address from the directory: its claim is the sign-in address.
    async changeEmail() {},
    async deleteUser() {},
  }
}
