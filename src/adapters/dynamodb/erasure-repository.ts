import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import { ContactErasure, erasedAddressOf, formerContactName } from '#src/domain/erasure.ts'
import { NotFoundError } from '#src/domain/errors.ts'
import type { ErasureRecords } from '#src/use-cases/ports/erasure.ts'
import { isConditionFailure, putIfAbsent } from './conditions.ts'
import { stripKeys } from './items.ts'
import { contactKeys, emailKeys, erasureKeys } from './keys.ts'

/**
 * Erasure records in the single table (docs/privacy.md, docs/data-model.md): one item per erased
 * contact in the contact's partition (`ERASURE`), beside the contact it erased. Starting and
 * finishing an erasure are transactions with the contact item, so a contact is never half erased.
 */
export function createErasureRepository(doc: DynamoDBDocumentClient, tableName: string): ErasureRecords {
  async function findErasure(contactId: string): Promise<ContactErasure | undefined> {
    const result = await doc.send(
      new GetCommand({ TableName: tableName, Key: erasureKeys.item(contactId), ConsistentRead: true }),
    )
    return result.Item ? ContactErasure.parse(stripKeys(result.Item)) : undefined
  }

  return {
    findErasure,

    async startErasure(erasure, at) {
      try {
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: putIfAbsent(tableName, {
                  ...erasureKeys.item(erasure.contactId),
                  entity: 'erasure',
                  ...erasure,
                }),
              },
              {
                // Inactive from the start: no sign-in, no mail-in, no mail while the steps run.
                Update: {
                  TableName: tableName,
                  Key: contactKeys.item(erasure.contactId),
                  UpdateExpression: 'SET active = :inactive, erasureRequestedAt = :at, updatedAt = :at',
                  ConditionExpression: 'attribute_exists(pk) AND accountId = :accountId',
                  ExpressionAttributeValues: {
                    ':inactive': false,
                    ':at': at,
                    ':accountId': erasure.accountId,
                  },
                },
              },
            ],
          }),
        )
        return erasure
      } catch (error) {
        if (!isConditionFailure(error)) throw error
        // Begun by an earlier request (or a parallel one): go on with that one.
        const existing = await findErasure(erasure.contactId)
        if (!existing) throw new NotFoundError(`There is no contact ${erasure.contactId}.`)
        return existing
      }
    },

    async recordStep(contactId, record) {
      const result = await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: erasureKeys.item(contactId),
          UpdateExpression: 'SET steps = list_append(steps, :record)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':record': [record] },
          ReturnValues: 'ALL_NEW',
        }),
      )
      return ContactErasure.parse(stripKeys(result.Attributes ?? {}))
    },

    async finishErasure(contact, record) {
      const erased = erasedAddressOf(contact.id)
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName,
                Key: contactKeys.item(contact.id),
                UpdateExpression:
                  'SET #name = :name, email = :email, gsi1sk = :gsi1sk, active = :inactive, erasedAt = :at, updatedAt = :at',
                ConditionExpression: 'attribute_exists(pk) AND accountId = :accountId',
                ExpressionAttributeNames: { '#name': 'name' },
                ExpressionAttributeValues: {
                  ':name': formerContactName,
                  ':email': erased,
                  ':gsi1sk': contactKeys.indexes({ accountId: contact.accountId, email: erased }).gsi1sk,
                  ':inactive': false,
                  ':at': record.completedAt,
                  ':accountId': contact.accountId,
                },
              },
            },
            {
              // Released, so the address may be registered again; never another person's claim.
              Delete: {
                TableName: tableName,
                Key: emailKeys.item(contact.email),
                ConditionExpression: 'attribute_not_exists(pk) OR userId = :contactId',
                ExpressionAttributeValues: { ':contactId': contact.id },
              },
            },
            {
              Update: {
                TableName: tableName,
                Key: erasureKeys.item(contact.id),
                UpdateExpression:
                  'SET steps = list_append(steps, :record), #status = :completed, completedAt = :at',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':record': [record],
                  ':completed': 'completed',
                  ':at': record.completedAt,
                },
              },
            },
          ],
        }),
      )
      const finished = await findErasure(contact.id)
      if (!finished) throw new Error(`The erasure of contact ${contact.id} vanished as it finished`)
      return finished
    },
  }
}
