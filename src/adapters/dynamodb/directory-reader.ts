import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import { Account, Contact, StaffMember } from '#src/domain/directory.ts'
import type {
  AccountDirectory,
  ContactDirectory,
  EmailOwnerDirectory,
  StaffDirectory,
} from '#src/use-cases/ports/directory.ts'
import { batchGetItems, itemAt } from './batch-get.ts'
import { stripKeys } from './items.ts'
import { accountKeys, contactKeys, emailKeys, staffKeys } from './keys.ts'

/** Who an e-mail address belongs to: the item that makes addresses unique across contacts and staff. */
export interface EmailOwner {
  email: string
  userId: string
  kind: 'contact' | 'staff'
}

export interface DirectoryReader
  extends AccountDirectory,
    ContactDirectory,
    StaffDirectory,
    EmailOwnerDirectory {
  findEmailOwner(email: string): Promise<EmailOwner | undefined>
}

/**
 * The directory's reads: an account, contacts, a staff member, an address's owner. Apart from the
 * repository's admin writes and lists, so the case functions, which only read, bundle none of
 * those (docs/performance.md).
 */
export function createDirectoryReader(doc: DynamoDBDocumentClient, tableName: string): DirectoryReader {
  async function getItem(key: { pk: string; sk: string }, consistent = false) {
    const result = await doc.send(
      new GetCommand({ TableName: tableName, Key: key, ...(consistent && { ConsistentRead: true }) }),
    )
    return result.Item ? stripKeys(result.Item) : undefined
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
    async findContactsAndAccount(contactIds, accountId) {
      const accountKey = accountKeys.item(accountId)
      const items = await batchGetItems(doc, tableName, [
        ...contactIds.map((contactId) => contactKeys.item(contactId)),
        accountKey,
      ])
      const contacts = new Map<string, Contact>()
      for (const contactId of contactIds) {
        const item = itemAt(items, contactKeys.item(contactId))
        if (item) contacts.set(contactId, Contact.parse(stripKeys(item)))
      }
      const account = itemAt(items, accountKey)
      return { contacts, account: account ? Account.parse(stripKeys(account)) : undefined }
    },
    async findStaffMember(userId) {
      const item = await getItem(staffKeys.item(userId))
      return item ? StaffMember.parse(item) : undefined
    },
    async findEmailOwner(email) {
      const item = await getItem(emailKeys.item(email))
      return item ? (item as unknown as EmailOwner) : undefined
    },
  }
}
