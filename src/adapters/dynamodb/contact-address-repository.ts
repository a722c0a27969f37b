import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { StaleContactError } from '#src/domain/errors.ts'
import type { ContactAddresses } from '#src/use-cases/ports/directory.ts'
import { cancellationCodes, putIfAbsent } from './conditions.ts'
import { contactKeys, emailKeys } from './keys.ts'

/**
 * Moving a contact to another address (docs/privacy.md): the contact and both address claims in
 * one transaction. Apart from the directory repository, which most functions bundle, because only
 * the contact admin route changes addresses (docs/performance.md).
 */
export function createContactAddressRepository(
  doc: DynamoDBDocumentClient,
  tableName: string,
): ContactAddresses {
  return {
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
  }
}
