import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { RateCounter } from '#src/use-cases/rate-limit.ts'
import { conditionHeld } from './conditions.ts'
import { rateWindowKeys } from './keys.ts'
import { tableDefinition } from './table-definition.ts'

/** The entity name of a rate window item. */
export const rateWindowEntity = 'rateWindow'

/** Windows outlive their minute a little, so a late request on a slow clock still finds its count. */
const keepAfterWindowSeconds = 5 * 60

/**
 * The shared write counter: one conditional `UpdateItem` per request on the item of the caller's
 * current minute, `ADD count 1` only while `count < limit`. The item carries no index attributes
 * and stays far below 1 KB, so each request costs exactly one write request unit (a refused one
 * too: DynamoDB charges a failed condition like a write), and the increments of concurrent
 * requests on any number of instances never lose each other. TTL deletes the item after its
 * minute; the table stream's filter passes only case events, so these writes invoke nothing.
 */
export function createRateWindowCounter(doc: DynamoDBDocumentClient, tableName: string): RateCounter {
  return {
    async countIn(subject, window, limit) {
      return conditionHeld(
        doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: rateWindowKeys.item(subject, window.start.toISOString()),
            UpdateExpression: 'ADD #count :one SET #entity = :entity, #expiresAt = :expiresAt',
            ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
            ExpressionAttributeNames: {
              '#count': 'count',
              '#entity': 'entity',
              '#expiresAt': tableDefinition.timeToLiveAttribute,
            },
            ExpressionAttributeValues: {
              ':one': 1,
              ':limit': limit,
              ':entity': rateWindowEntity,
              ':expiresAt': Math.floor(window.end.getTime() / 1000) + keepAfterWindowSeconds,
            },
          }),
        ),
      )
    },
  }
}
