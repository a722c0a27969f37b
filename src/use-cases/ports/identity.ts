// The identity provider port: where contacts sign in (Cognito in AWS, the token issuer locally).
// The use cases depend on these interfaces; adapters implement them (docs/architecture.md).
import type { Contact } from '#src/domain/directory.ts'

/** A user as the identity provider creates it: signs in with the address and belongs to the account. */
export interface NewIdentityUser {
  email: string
  name: string
  accountId: string
  locale?: Contact['locale']
}

/**
 * Where contacts sign in: Cognito in AWS (groups are roles, `custom:accountId` the tenant); locally
 * the token issuer, which reads the directory and needs nothing more. Every call but `createUser`
 * is idempotent, so a request that failed half-way converges when it is retried.
 */
export interface IdentityProvider {
  /** Creates the user, in no role group yet (a user without a role may call nothing); answers its subject id. */
  createUser(user: NewIdentityUser): Promise<{ userId: string }>
  /** Puts the user in the role's group. */
  addToRole(userId: string, role: Contact['role']): Promise<void>
  /** Takes the user out of the role's group. */
  removeFromRole(userId: string, role: Contact['role']): Promise<void>
  /** Lets the user sign in again, or stops it from signing in. */
  setActive(userId: string, active: boolean): Promise<void>
  /** Gives the user another sign-in address (verified: an admin vouches for it); an address another user has → IdentityUserExistsError. */
  changeEmail(userId: string, email: string): Promise<void>
  /** Deletes the user (undoing a registration that failed half-way). */
  deleteUser(userId: string): Promise<void>
}
