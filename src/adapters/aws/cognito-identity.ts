import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider'
import { IdentityUserExistsError, ServiceUnavailableError } from '#src/domain/errors.ts'
import { accountIdClaim } from '#src/domain/identity.ts'
import type { IdentityProvider } from '#src/use-cases/ports/identity.ts'

export interface CognitoIdentityOptions {
  region: string
  userPoolId: string
  /** Tests hand in their own (mocked) client; otherwise one is made for the pool's region. */
  client?: CognitoIdentityProviderClient
}

/**
 * The admin actions this adapter calls, on the one user pool: `AppFunction.bindUserPool` grants
 * exactly these, so the two cannot drift apart.
 */
export const cognitoAdminActions = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminDeleteUser',
  'cognito-idp:AdminUpdateUserAttributes',
] as const

/** Cognito's answers that mean "try again shortly", not "your request is wrong". */
const retryableErrors = new Set([
  'TooManyRequestsException',
  'InternalErrorException',
  'LimitExceededException',
])

/** Runs one admin call, turning Cognito's throttling into the API's 503 with Retry-After. */
async function call<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send()
  } catch (error) {
    if (error instanceof Error && retryableErrors.has(error.name)) {
      throw new ServiceUnavailableError('The sign-in service is busy. Please retry shortly.')
    }
    throw error
  }
}

/**
 * Contacts in a Cognito user pool whose users sign in with their e-mail address: a user carries its
 * account in `custom:accountId` and its role as group membership (the groups are the roles).
 * Users are named by their `sub` after creation, the contact's id, which stays valid whatever
 * happens to the address.
 */
export function createCognitoIdentityProvider(options: CognitoIdentityOptions): IdentityProvider {
  const client = options.client ?? new CognitoIdentityProviderClient({ region: options.region })
  const UserPoolId = options.userPoolId

  return {
    async createUser(user) {
      try {
        const created = await call(() =>
          client.send(
            new AdminCreateUserCommand({
              UserPoolId,
              // The pool signs in with e-mail addresses: the address is the name to create the user by.
              Username: user.email,
              UserAttributes: [
                { Name: 'email', Value: user.email },
                // The customer admin vouches for the address, and Cognito sends the invitation to it.
                { Name: 'email_verified', Value: 'true' },
                { Name: accountIdClaim, Value: user.accountId },
                { Name: 'name', Value: user.name },
                ...(user.locale ? [{ Name: 'locale', Value: user.locale }] : []),
              ],
              DesiredDeliveryMediums: ['EMAIL'],
            }),
          ),
        )
        const sub = created.User?.Attributes?.find((attribute) => attribute.Name === 'sub')?.Value
        if (!sub) throw new Error('Cognito created the user but answered no sub')
        return { userId: sub }
      } catch (error) {
        if (error instanceof Error && error.name === 'UsernameExistsException') {
          throw new IdentityUserExistsError(user.email)
        }
        throw error
      }
    },

    async addToRole(userId, role) {
      await call(() =>
        client.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: userId, GroupName: role })),
      )
    },

    async removeFromRole(userId, role) {
      await call(() =>
        client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId, Username: userId, GroupName: role })),
      )
    },

    async setActive(userId, active) {
      await call(() =>
        client.send(
          active
            ? new AdminEnableUserCommand({ UserPoolId, Username: userId })
            : new AdminDisableUserCommand({ UserPoolId, Username: userId }),
        ),
      )
    },

    async changeEmail(userId, email) {
      try {
        await call(() =>
          client.send(
            new AdminUpdateUserAttributesCommand({
              UserPoolId,
              Username: userId,
              // Verified at once: the admin vouches for it, as at registration, and the user signs in with it.
              UserAttributes: [
                { Name: 'email', Value: email },
                { Name: 'email_verified', Value: 'true' },
              ],
            }),
          ),
        )
      } catch (error) {
        if (error instanceof Error && error.name === 'AliasExistsException')
          throw new IdentityUserExistsError(email)
        throw error
      }
    },

    async deleteUser(userId) {
      try {
        await call(() => client.send(new AdminDeleteUserCommand({ UserPoolId, Username: userId })))
      } catch (error) {
        // Deleting is undoing: a user that is already gone is what was wanted.
        if (error instanceof Error && error.name === 'UserNotFoundException') return
        throw error
      }
    },
  }
}
