/**
 * Registers a vendor staff member in a deployed Caseline, for the first admin above all (the API
 * registers contacts, not staff):
 *
 *   npx tsx scripts/create-staff-member.ts --region eu-central-1 --user-pool-id <UserPoolId> \
 *     --table <table name> --email root@vendor.example --name "Root Admin" --role admin
 *
 * 1. Create the Cognito user (Cognito e-mails the address a temporary password), or find it.
 * 2. Put it in the group of its role (the groups are the roles).
 * 3. Write its staff record and e-mail claim into the table, keyed by its `sub` as every user is.
 *
 * Every step may run again: a second run completes what a failed one left undone.
 */
import { parseArgs } from 'node:util'
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  type AttributeType,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { createDocumentClient } from '#src/adapters/dynamodb/client.ts'
import { createDirectoryRepository } from '#src/adapters/dynamodb/directory-repository.ts'
import type { StaffMember } from '#src/domain/directory.ts'

const staffRoles = ['agent', 'expert', 'manager', 'admin'] as const

export interface NewStaffMember {
  email: string
  name: string
  role: StaffMember['role']
}

export interface StaffRegistrationDeps {
  cognito: CognitoIdentityProviderClient
  userPoolId: string
  doc: DynamoDBDocumentClient
  tableName: string
  now: () => Date
}

const subOf = (attributes: AttributeType[] | undefined) =>
  attributes?.find((attribute) => attribute.Name === 'sub')?.Value

/** Creates (or completes) the staff member; answers its id (`sub`) and what was new. */
export async function createStaffMember(
  member: NewStaffMember,
  deps: StaffRegistrationDeps,
): Promise<{ userId: string; createdUser: boolean; createdRecord: boolean }> {
  const email = member.email.toLowerCase()
  let userId: string | undefined
  let createdUser = true
  try {
    const created = await deps.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: deps.userPoolId,
        Username: email,
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'name', Value: member.name },
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    )
    userId = subOf(created.User?.Attributes)
  } catch (error) {
    if (!(error instanceof Error && error.name === 'UsernameExistsException')) throw error
    createdUser = false
    const existing = await deps.cognito.send(
      new AdminGetUserCommand({ UserPoolId: deps.userPoolId, Username: email }),
    )
    userId = subOf(existing.UserAttributes)
  }
  if (!userId) throw new Error(`Cognito answered no sub for ${email}`)
  await deps.cognito.send(
    new AdminAddUserToGroupCommand({ UserPoolId: deps.userPoolId, Username: userId, GroupName: member.role }),
  )
  const createdRecord = await createDirectoryRepository(deps.doc, deps.tableName).registerStaffMemberIfAbsent(
    {
      id: userId,
      email,
      name: member.name,
      role: member.role,
      active: true,
      createdAt: deps.now().toISOString(),
    },
  )
  return { userId, createdUser, createdRecord }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      region: { type: 'string' },
      'user-pool-id': { type: 'string' },
      table: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', default: 'admin' },
    },
  })
  const missing = ['region', 'user-pool-id', 'table', 'email', 'name'].filter(
    (key) => !values[key as keyof typeof values],
  )
  const role = values.role as StaffMember['role']
  if (missing.length > 0 || !staffRoles.includes(role)) {
    console.error(
      `Usage: npx tsx scripts/create-staff-member.ts --region <region> --user-pool-id <id> --table <name> --email <address> --name "<name>" [--role ${staffRoles.join('|')}]${missing.length ? `\nMissing: ${missing.map((key) => `--${key}`).join(', ')}` : ''}`,
    )
    process.exitCode = 2
    return
  }
  const region = values.region as string
  const result = await createStaffMember(
    { email: values.email as string, name: values.name as string, role },
    {
      cognito: new CognitoIdentityProviderClient({ region }),
      userPoolId: values['user-pool-id'] as string,
      doc: createDocumentClient({ region }),
      tableName: values.table as string,
      now: () => new Date(),
    },
  )
  console.log(
    `${values.email}: user ${result.userId} ${result.createdUser ? 'created (Cognito e-mails a temporary password)' : 'existed'}, in group ${role}, staff record ${result.createdRecord ? 'written' : 'existed'}.`,
  )
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
