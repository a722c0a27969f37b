import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  CognitoIdentityProviderServiceException,
} from '@aws-sdk/client-cognito-identity-provider'
import { mockClient } from 'aws-sdk-client-mock'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { cognitoAdminActions, createCognitoIdentityProvider } from '#src/adapters/aws/cognito-identity.ts'
import { IdentityUserExistsError, ServiceUnavailableError } from '#src/domain/errors.ts'
import { rejectionOf } from '../fakes/core.ts'

const cognito = mockClient(CognitoIdentityProviderClient)

// Unit tests share one module graph: give the real client back to the files that run later.
afterAll(() => {
  cognito.restore()
})
const UserPoolId = 'eu-central-1_AbCdEf123'
const sub = '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b'
const identity = createCognitoIdentityProvider({
  region: 'eu-central-1',
  userPoolId: UserPoolId,
  client: new CognitoIdentityProviderClient({ region: 'eu-central-1' }),
})

/** An error as the SDK throws it for a Cognito service response. */
function cognitoError(name: string): Error {
  return new CognitoIdentityProviderServiceException({ name, $fault: 'client', $metadata: {}, message: name })
}

beforeEach(() => {
  cognito.reset()
})

describe('createUser', () => {
  it("creates the user by its address, verified, with its account, name and locale, and answers Cognito's sub", async () => {
    // Arrange
    cognito.on(AdminCreateUserCommand).resolves({
      User: {
        Username: sub,
        Attributes: [
          { Name: 'email', Value: 'carla@acme.example' },
          { Name: 'sub', Value: sub },
        ],
      },
    })

    // Act
    const created = await identity.createUser({
      email: 'carla@acme.example',
      name: 'Carla',
      accountId: 'acme',
      locale: 'de',
    })

    // Assert
    expect(created).toEqual({ userId: sub })
    expect(cognito.commandCalls(AdminCreateUserCommand)[0]?.args[0].input).toEqual({
      UserPoolId,
      Username: 'carla@acme.example',
      UserAttributes: [
        { Name: 'email', Value: 'carla@acme.example' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'custom:accountId', Value: 'acme' },
        { Name: 'name', Value: 'Carla' },
        { Name: 'locale', Value: 'de' },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    })
  })

  it('puts the user in no group: the role comes only after the directory holds the contact', async () => {
    cognito.on(AdminCreateUserCommand).resolves({ User: { Attributes: [{ Name: 'sub', Value: sub }] } })

    await identity.createUser({ email: 'carla@acme.example', name: 'Carla', accountId: 'acme' })

    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0)
    expect(cognito.commandCalls(AdminCreateUserCommand)[0]?.args[0].input.UserAttributes).not.toContainEqual(
      expect.objectContaining({ Name: 'locale' }),
    )
  })

  it('turns a taken address into IdentityUserExistsError', async () => {
    cognito.on(AdminCreateUserCommand).rejects(cognitoError('UsernameExistsException'))

    const error = await rejectionOf(
      identity.createUser({ email: 'carla@acme.example', name: 'Carla', accountId: 'acme' }),
    )

    expect(error).toBeInstanceOf(IdentityUserExistsError)
  })

  it("turns Cognito's throttling into a 503 the client may retry", async () => {
    cognito.on(AdminCreateUserCommand).rejects(cognitoError('TooManyRequestsException'))

    const error = await rejectionOf(
      identity.createUser({ email: 'carla@acme.example', name: 'Carla', accountId: 'acme' }),
    )

    expect(error).toBeInstanceOf(ServiceUnavailableError)
  })

  it('fails when Cognito answers no sub', async () => {
    cognito.on(AdminCreateUserCommand).resolves({ User: { Attributes: [] } })

    await expect(
      identity.createUser({ email: 'carla@acme.example', name: 'Carla', accountId: 'acme' }),
    ).rejects.toThrow('no sub')
  })

  it('passes other errors on as they are', async () => {
    cognito.on(AdminCreateUserCommand).rejects(cognitoError('InvalidParameterException'))

    const error = await rejectionOf(
      identity.createUser({ email: 'carla@acme.example', name: 'Carla', accountId: 'acme' }),
    )

    expect((error as Error).name).toBe('InvalidParameterException')
  })
})

describe('roles, activation and deletion', () => {
  it('adds to and removes from the role group, naming the user by its sub', async () => {
    cognito.on(AdminAddUserToGroupCommand).resolves({})
    cognito.on(AdminRemoveUserFromGroupCommand).resolves({})

    await identity.addToRole(sub, 'customer_admin')
    await identity.removeFromRole(sub, 'customer')

    expect(cognito.commandCalls(AdminAddUserToGroupCommand)[0]?.args[0].input).toEqual({
      UserPoolId,
      Username: sub,
      GroupName: 'customer_admin',
    })
    expect(cognito.commandCalls(AdminRemoveUserFromGroupCommand)[0]?.args[0].input).toEqual({
      UserPoolId,
      Username: sub,
      GroupName: 'customer',
    })
  })

  it('disables and enables the user', async () => {
    cognito.on(AdminDisableUserCommand).resolves({})
    cognito.on(AdminEnableUserCommand).resolves({})

    await identity.setActive(sub, false)
    await identity.setActive(sub, true)

    expect(cognito.commandCalls(AdminDisableUserCommand)[0]?.args[0].input).toEqual({
      UserPoolId,
      Username: sub,
    })
    expect(cognito.commandCalls(AdminEnableUserCommand)[0]?.args[0].input).toEqual({
      UserPoolId,
      Username: sub,
    })
  })

  it('fails a role change when Cognito fails, so the use case writes nothing', async () => {
    cognito.on(AdminAddUserToGroupCommand).rejects(cognitoError('UserNotFoundException'))

    await expect(identity.addToRole(sub, 'customer')).rejects.toThrow('UserNotFoundException')
  })

  it('deletes a user, and treats one already gone as deleted', async () => {
    cognito.on(AdminDeleteUserCommand).resolvesOnce({}).rejectsOnce(cognitoError('UserNotFoundException'))

    await identity.deleteUser(sub)
    await identity.deleteUser(sub)

    expect(cognito.commandCalls(AdminDeleteUserCommand)).toHaveLength(2)
    expect(cognito.commandCalls(AdminDeleteUserCommand)[0]?.args[0].input).toEqual({
      UserPoolId,
      Username: sub,
    })
  })
})

describe('changeEmail', () => {
  it('sets the new address, verified, on the user named by its sub', async () => {
    cognito.on(AdminUpdateUserAttributesCommand).resolves({})

    await identity.changeEmail(sub, 'alice.new@acme.example')

    expect(cognito.commandCalls(AdminUpdateUserAttributesCommand)[0]?.args[0].input).toEqual({
      UserPoolId,
      Username: sub,
      UserAttributes: [
        { Name: 'email', Value: 'alice.new@acme.example' },
        { Name: 'email_verified', Value: 'true' },
      ],
    })
  })

  it('turns an address another user signs in with into IdentityUserExistsError', async () => {
    cognito.on(AdminUpdateUserAttributesCommand).rejects(cognitoError('AliasExistsException'))

    expect(await rejectionOf(identity.changeEmail(sub, 'adam@acme.example'))).toBeInstanceOf(
      IdentityUserExistsError,
    )
  })
})

describe('cognitoAdminActions', () => {
  it('names exactly the admin commands the adapter sends (what bindUserPool grants)', () => {
    const sent = [
      AdminCreateUserCommand,
      AdminAddUserToGroupCommand,
      AdminRemoveUserFromGroupCommand,
      AdminDisableUserCommand,
      AdminEnableUserCommand,
      AdminDeleteUserCommand,
      AdminUpdateUserAttributesCommand,
    ].map((command) => `cognito-idp:${command.name.replace(/Command$/, '')}`)

    expect([...cognitoAdminActions].sort()).toEqual(sent.sort())
  })
})
