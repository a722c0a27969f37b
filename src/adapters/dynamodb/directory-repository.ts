import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import type { CursorCodec } from '#src/adapters/cursor.ts'
import { Account, Contact, type StaffMember } from '#src/domain/directory.ts'
import { StaleAccountError, StaleContactError } from '#src/domain/errors.ts'
import type {
  AccountChange,
  AccountStore,
  ContactChange,
  ContactStore,
} from '#src/use-cases/ports/directory.ts'
import { conditionHeld, isConditionFailure, putIfAbsent } from './conditions.ts'
import { accountEntity, contactEntity } from './directory-entities.ts'
import { createDirectoryReader, type EmailOwner } from './directory-reader.ts'
import { stripKeys } from './items.ts'
import { accountContacts, accountKeys, allAccounts, contactKeys, emailKeys, staffKeys } from './keys.ts'
import { pagedQuery } from './paged-query.ts'

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
    ...createDirectoryReader(doc, tableName),
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
        const stored = await doc.send(
          new GetCommand({ TableName: tableName, Key: accountKeys.item(accountId), ConsistentRead: true }),
        )
        if (!stored.Item) return undefined
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
