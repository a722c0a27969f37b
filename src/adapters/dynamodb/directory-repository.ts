import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb'
import { Account, Contact, StaffMember } from '#src/domain/directory.ts'
import type { ContactDirectory } from '#src/use-cases/ports.ts'
import { isConditionFailure } from './conditions.ts'
import { stripKeys } from './items.ts'
import { accountKeys, contactKeys, emailKeys, staffKeys } from './keys.ts'

/** Who an e-mail address belongs to: the item that makes addresses unique across contacts and staff. */
export interface EmailOwner {
  email: string
  userId: string
  kind: 'contact' | 'staff'
}

export interface DirectoryRepository extends ContactDirectory {
  findAccount(accountId: string): Promise<Account | undefined>
  findStaffMember(userId: string): Promise<StaffMember | undefined>
  findEmailOwner(email: string): Promise<EmailOwner | undefined>
  /** Creates the account unless it exists; true when it was created. */
  putAccountIfAbsent(account: Account): Promise<boolean>
  /** Registers a contact and claims its e-mail in one transaction; false when the address is taken. */
  registerContactIfAbsent(contact: Contact): Promise<boolean>
  registerStaffMemberIfAbsent(member: StaffMember): Promise<boolean>
}

/** Accounts, contacts and staff: the directory that sign-in and case filing read. */
export function createDirectoryRepository(
  doc: DynamoDBDocumentClient,
  tableName: string,
): DirectoryRepository {
  async function getItem(key: { pk: string; sk: string }) {
    const result = await doc.send(new GetCommand({ TableName: tableName, Key: key }))
    return result.Item ? stripKeys(result.Item) : undefined
  }

  /** Puts `item` and its e-mail claim together; a taken address or existing id cancels both. */
  async function registerWithEmail(item: Record<string, unknown>, owner: EmailOwner): Promise<boolean> {
    try {
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Put: {
                TableName: tableName,
                Item: {
                  ...emailKeys.item(owner.email),
                  entity: 'email',
                  ...owner,
                  email: owner.email.toLowerCase(),
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      )
      return true
    } catch (error) {
      if (isConditionFailure(error)) return false
      throw error
    }
  }

  return {
    async findAccount(accountId) {
      const item = await getItem(accountKeys.item(accountId))
      return item ? Account.parse(item) : undefined
    },
    async findContact(contactId) {
      const item = await getItem(contactKeys.item(contactId))
      return item ? Contact.parse(item) : undefined
    },
    async findStaffMember(userId) {
      const item = await getItem(staffKeys.item(userId))
      return item ? StaffMember.parse(item) : undefined
    },
    async findEmailOwner(email) {
      const item = await getItem(emailKeys.item(email))
      return item ? (item as unknown as EmailOwner) : undefined
    },
    async putAccountIfAbsent(account) {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...accountKeys.item(account.id), entity: 'account', ...account },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        )
        return true
      } catch (error) {
        if (isConditionFailure(error)) return false
        throw error
      }
    },
    registerContactIfAbsent(contact) {
      const item = {
        ...contactKeys.item(contact.id),
        ...contactKeys.indexes(contact),
        entity: 'contact',
        ...contact,
      }
      return registerWithEmail(item, { email: contact.email, userId: contact.id, kind: 'contact' })
    },
    registerStaffMemberIfAbsent(member) {
      const item = { ...staffKeys.item(member.id), entity: 'staff', ...member }
      return registerWithEmail(item, { email: member.email, userId: member.id, kind: 'staff' })
    },
  }
}
