import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import type { CursorCodec } from '#src/adapters/cursor.ts'
import { Account, Contact, StaffMember } from '#src/domain/directory.ts'
import { StaleAccountError, StaleContactError } from '#src/domain/errors.ts'
import type {
  AccountChange,
  AccountStore,
  ContactChange,
  ContactStore,
} from '#src/use-cases/ports/directory.ts'
import { batchGetItems, itemAt } from './batch-get.ts'
import { cancellationCodes, conditionHeld, isConditionFailure, putIfAbsent } from './conditions.ts'
import { accountEntity, contactEntity } from './directory-entities.ts'
import { stripKeys } from './items.ts'
import { accountContacts, accountKeys, allAccounts, contactKeys, emailKeys, staffKeys } from './keys.ts'
import { pagedQuery } from './paged-query.ts'

/** Who an e-mail address belongs to: the item that makes addresses unique across contacts and staff. */
export interface EmailOwner {
  email: string
  userId: string
  kind: 'contact' | 'staff'
}

export interface DirectoryRepository extends AccountStore, ContactStore {
  findStaffMember(userId: string): Promise<StaffMember | undefined>
  findEmailOwner(email: string): Promise<EmailOwner | undefined>
  registerStaffMemberIfAbsent(member: StaffMember): Promise<boolean>
}

/** The stored item of an account: its keys, including its place in the all-accounts list. */
function accountItem(account: Account): Record<string, unknown> {
  return {
    ...accountKeys.item(account.id),
    ...accountKeys.indexes(account),
    entity: accountEntity,
    ...account,
  }
}

/** `SET`/`REMOVE` clauses for the named fields: `null` removes an attribute, `undefined` leaves it alone. */
function updateClauses(fields: Record<string, unknown>) {
  const set: string[] = []
  const remove: string[] = []
  const names: Record<string, string> = {}
  const values: Record<string, unknown> = {}
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue
    names[`#${field}`] = field
    if (value === null) remove.push(`#${field}`)
    else {
      set.push(`#${field} = :${field}`)
      values[`:${field}`] = value
    }
  }
  return { set, remove, names, values }
}

function updateExpression(set: string[], remove: string[]): string {
  return [set.length ? `SET ${set.join(', ')}` : '', remove.length ? `REMOVE ${remove.join(', ')}` : '']
    .filter(Boolean)
    .join(' ')
}

/**
 * Accounts, contacts and staff: the directory that sign-in, case filing and the account admin read.
 * `cursorCodec` is needed by the lists only (resolved on their first request).
 */
export function createDirectoryRepository(
  doc: DynamoDBDocumentClient,
  tableName: string,
  cursorCodec?: () => Promise<CursorCodec>,
): DirectoryRepository {
  async function getItem(key: { pk: string; sk: string }, consistent = false) {
    const result = await doc.send(
      new GetCommand({ TableName: tableName, Key: key, ...(consistent && { ConsistentRead: true }) }),
    )
    return result.Item ? stripKeys(result.Item) : undefined
  }

  async function cursors(): Promise<CursorCodec> {
    if (!cursorCodec) throw new Error('this directory repository was built without a cursor codec')
    return cursorCodec()
  }

  /** Puts `item` and its e-mail claim together; a taken address or existing id cancels both. */
  async function registerWithEmail(item: Record<string, unknown>, owner: EmailOwner): Promise<boolean> {
    const claim = {
      ...emailKeys.item(owner.email),
      entity: 'email',
      ...owner,
      email: owner.email.toLowerCase(),
    }
    return conditionHeld(
      doc.send(
        new TransactWriteCommand({
          TransactItems: [{ Put: putIfAbsent(tableName, item) }, { Put: putIfAbsent(tableName, claim) }],
        }),
      ),
    )
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
    async putAccountIfAbsent(account) {
      return conditionHeld(doc.send(new PutCommand(putIfAbsent(tableName, accountItem(account)))))
    },
    async listAccounts(page) {
      const result = await pagedQuery(doc, tableName, await cursors(), {
        context: 'accounts',
        limit: page.limit,
        cursor: page.cursor,
        first: allAccounts(),
        ascending: true,
      })
      return {
        items: result.items.map((item) => Account.parse(stripKeys(item))),
        nextCursor: result.nextCursor,
      }
    },
    async updateAccount(accountId, change: AccountChange, { at, expectedVersion }) {
      // The all-accounts list sorts by name, so a new name moves the account in it too.
      const { set, remove, names, values } = updateClauses({
        ...change,
        updatedAt: at,
        ...(change.name !== undefined ? accountKeys.indexes({ id: accountId, name: change.name }) : {}),
      })
      set.push('#version = if_not_exists(#version, :one) + :one')
      names['#version'] = 'version'
      values[':one'] = 1
      let condition = 'attribute_exists(pk)'
      if (expectedVersion !== undefined) {
        values[':expected'] = expectedVersion
        // Accounts stored before versioning have no version attribute: they are at version 1.
        condition +=
          expectedVersion === 1
            ? ' AND (attribute_not_exists(#version) OR #version = :expected)'
            : ' AND #version = :expected'
      }
      try {
        const result = await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: accountKeys.item(accountId),
            UpdateExpression: updateExpression(set, remove),
            ConditionExpression: condition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        )
        return Account.parse(stripKeys(result.Attributes ?? {}))
      } catch (error) {
        if (!isConditionFailure(error)) throw error
        // Either there is no such account, or its version moved on: only a read tells which.
        if (!(await getItem(accountKeys.item(accountId), true))) return undefined
        throw new StaleAccountError(accountId)
      }
    },
    async listContacts(accountId, page) {
      const result = await pagedQuery(doc, tableName, await cursors(), {
        context: `contacts|${accountId}`,
        limit: page.limit,
        cursor: page.cursor,
        first: accountContacts(accountId),
        ascending: true,
      })
      return {
        items: result.items.map((item) => Contact.parse(stripKeys(item))),
        nextCursor: result.nextCursor,
      }
    },
    async updateContact(before, change: ContactChange, at) {
      const { set, remove, names, values } = updateClauses({ ...change, updatedAt: at })
      // Role and active flag are mirrored in the identity provider: change them only from the state
      // the caller decided on, so two admins changing one contact at once cannot interleave.
      Object.assign(names, { '#accountId': 'accountId', '#role': 'role', '#active': 'active' })
      Object.assign(values, {
        ':accountId': before.accountId,
        ':roleBefore': before.role,
        ':activeBefore': before.active,
      })
      try {
        const result = await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: contactKeys.item(before.id),
            UpdateExpression: updateExpression(set, remove),
            ConditionExpression:
              'attribute_exists(pk) AND #accountId = :accountId AND #role = :roleBefore AND #active = :activeBefore',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        )
        return Contact.parse(stripKeys(result.Attributes ?? {}))
      } catch (error) {
        if (isConditionFailure(error)) throw new StaleContactError(before.id)
        throw error
      }
    },
    async changeContactEmail(before, email, at) {
      try {
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName,
                  Key: contactKeys.item(before.id),
                  UpdateExpression: 'SET #email = :email, #gsi1sk = :gsi1sk, #updatedAt = :at',
                  ConditionExpression:
                    'attribute_exists(pk) AND #email = :before AND #accountId = :accountId',
                  ExpressionAttributeNames: {
                    '#email': 'email',
                    '#gsi1sk': 'gsi1sk',
                    '#updatedAt': 'updatedAt',
                    '#accountId': 'accountId',
                  },
                  ExpressionAttributeValues: {
                    ':email': email,
                    ':gsi1sk': contactKeys.indexes({ ...before, email }).gsi1sk,
                    ':at': at,
                    ':before': before.email,
                    ':accountId': before.accountId,
                  },
                },
              },
              {
                Put: putIfAbsent(tableName, {
                  ...emailKeys.item(email),
                  entity: 'email',
                  email: email.toLowerCase(),
                  userId: before.id,
                  kind: 'contact',
                }),
              },
              {
                Delete: {
                  TableName: tableName,
                  Key: emailKeys.item(before.email),
                  // Never release an address someone else holds.
                  ConditionExpression: 'attribute_not_exists(pk) OR userId = :userId',
                  ExpressionAttributeValues: { ':userId': before.id },
                },
              },
            ],
          }),
        )
        return true
      } catch (error) {
        const [contact, claim] = cancellationCodes(error)
        if (contact === 'ConditionalCheckFailed') throw new StaleContactError(before.id)
        if (claim === 'ConditionalCheckFailed') return false
        throw error
      }
    },
    async removeContact(contact) {
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Delete: { TableName: tableName, Key: contactKeys.item(contact.id) } },
            {
              Delete: {
                TableName: tableName,
                Key: emailKeys.item(contact.email),
                // Never release an address someone else holds.
                ConditionExpression: 'attribute_not_exists(pk) OR userId = :userId',
                ExpressionAttributeValues: { ':userId': contact.id },
              },
            },
          ],
        }),
      )
    },
    registerContactIfAbsent(contact) {
      const item = {
        ...contactKeys.item(contact.id),
        ...contactKeys.indexes(contact),
        entity: contactEntity,
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
