import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { mockClient } from 'aws-sdk-client-mock'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { createStaffMember, type StaffRegistrationDeps } from '../../scripts/create-staff-member.ts'

const cognito = mockClient(CognitoIdentityProviderClient)
const dynamodb = mockClient(DynamoDBDocumentClient)

// Unit tests share one module graph: give the real client back to the files that run later.
afterAll(() => {
  cognito.restore()
  dynamodb.restore()
})

const deps: StaffRegistrationDeps = {
  cognito: new CognitoIdentityProviderClient({ region: 'eu-central-1' }),
  userPoolId: 'eu-central-1_pool',
  doc: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' })),
  tableName: 'caseline',
  now: () => new Date('2026-11-25T10:00:00.000Z'),
}
const root = { email: 'Root@Vendor.example', name: 'Root Admin', role: 'admin' } as const

beforeEach(() => {
  cognito.reset()
  dynamodb.reset()
  dynamodb.on(TransactWriteCommand).resolves({})
  cognito.on(AdminAddUserToGroupCommand).resolves({})
})

describe('createStaffMember (scripts/create-staff-member.ts)', () => {
  it('creates the user, puts its sub in the role group and writes the staff record with its e-mail claim', async () => {
    // Arrange
    cognito.on(AdminCreateUserCommand).resolves({ User: { Attributes: [{ Name: 'sub', Value: 'sub-1' }] } })

    // Act
    const result = await createStaffMember(root, deps)

    // Assert
    expect(result).toEqual({ userId: 'sub-1', createdUser: true, createdRecord: true })
    expect(cognito.commandCalls(AdminCreateUserCommand)[0]?.args[0].input).toMatchObject({
      UserPoolId: 'eu-central-1_pool',
      Username: 'root@vendor.example',
      DesiredDeliveryMediums: ['EMAIL'],
    })
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)[0]?.args[0].input).toEqual({
      UserPoolId: 'eu-central-1_pool',
      Username: 'sub-1',
      GroupName: 'admin',
    })
    const items = dynamodb
      .commandCalls(TransactWriteCommand)[0]
      ?.args[0].input.TransactItems?.map((t) => t.Put?.Item)
    expect(items).toEqual([
      expect.objectContaining({
        pk: 'STAFF#sub-1',
        sk: 'STAFF',
        role: 'admin',
        active: true,
        email: 'root@vendor.example',
      }),
      expect.objectContaining({ pk: 'EMAIL#root@vendor.example', userId: 'sub-1', kind: 'staff' }),
    ])
  })

  it('completes a registration that stopped half-way: finds the existing user and keeps an existing record', async () => {
    // Arrange
    cognito
      .on(AdminCreateUserCommand)
      .rejects(Object.assign(new Error('User account already exists'), { name: 'UsernameExistsException' }))
    cognito.on(AdminGetUserCommand).resolves({ UserAttributes: [{ Name: 'sub', Value: 'sub-1' }] })
    dynamodb.on(TransactWriteCommand).rejects(
      Object.assign(new Error('cancelled'), {
        name: 'TransactionCanceledException',
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      }),
    )

    // Act
    const result = await createStaffMember(root, deps)

    // Assert
    expect(result).toEqual({ userId: 'sub-1', createdUser: false, createdRecord: false })
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(1)
  })

  it('passes any other Cognito failure on', async () => {
    cognito
      .on(AdminCreateUserCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }))

    await expect(createStaffMember(root, deps)).rejects.toThrow('denied')
    expect(dynamodb.commandCalls(TransactWriteCommand)).toHaveLength(0)
  })
})
