import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { CursorCodec } from '#src/adapters/cursor.ts'
import { Delivery } from '#src/domain/webhooks.ts'
import type { DeliveryRef, DeliveryStore } from '#src/use-cases/ports/webhooks.ts'
import { conditionHeld, isConditionFailure, putIfAbsent } from './conditions.ts'
import { stripKeys } from './items.ts'
import { webhookDeliveries, webhookKeys } from './keys.ts'
import { pagedQuery } from './paged-query.ts'

/** A delivery is kept this long after its last change, then TTL removes it (docs/data-model.md). */
const keepSeconds = 30 * 24 * 60 * 60

/** How many deliveries one fan-out writes at once: the table takes them in parallel, within limits. */
const writeConcurrency = 25

function expiresAt(isoTime: string): number {
  return Math.floor(Date.parse(isoTime) / 1000) + keepSeconds
}

function deliveryItem(delivery: Delivery): Record<string, unknown> {
  return {
    ...webhookKeys.delivery(delivery.webhookId, delivery.id),
    entity: 'webhookDelivery',
    ...delivery,
    expiresAt: expiresAt(delivery.updatedAt),
  }
}

const keyOf = (ref: DeliveryRef) => webhookKeys.delivery(ref.webhookId, ref.deliveryId)

/**
 * Webhook deliveries (docs/integrations.md): one item per event and subscription in the
 * subscription's partition, keyed by a time-sortable id so the list reads newest first. An attempt
 * takes its delivery with a conditional update (the claim and its lease), so two messages for the
 * same delivery never send it twice at once.
 */
export function createDeliveryRepository(
  doc: DynamoDBDocumentClient,
  tableName: string,
  cursorCodec: () => Promise<CursorCodec>,
): DeliveryStore {
  async function find(ref: DeliveryRef): Promise<Delivery | undefined> {
    const result = await doc.send(
      new GetCommand({ TableName: tableName, Key: keyOf(ref), ConsistentRead: true }),
    )
    return result.Item ? Delivery.parse(stripKeys(result.Item)) : undefined
  }

  /** Stores the delivery unless it exists (a retried fan-out); answers it as stored. */
  async function createOne(delivery: Delivery): Promise<Delivery> {
    const created = await conditionHeld(
      doc.send(new PutCommand(putIfAbsent(tableName, deliveryItem(delivery)))),
    )
    if (created) return delivery
    const existing = await find({ webhookId: delivery.webhookId, deliveryId: delivery.id })
    if (!existing) throw new Error(`Delivery ${delivery.id} exists but could not be read`)
    return existing
  }

  return {
    find,

    async createMany(deliveries) {
      const stored: Delivery[] = []
      for (let start = 0; start < deliveries.length; start += writeConcurrency)
        stored.push(...(await Promise.all(deliveries.slice(start, start + writeConcurrency).map(createOne))))
      return stored
    },

    async list(webhookId, page) {
      const result = await pagedQuery(doc, tableName, await cursorCodec(), {
        context: `webhook-deliveries#${webhookId}`,
        limit: page.limit,
        cursor: page.cursor,
        first: webhookDeliveries(webhookId),
      })
      return {
        items: result.items.map((item) => Delivery.parse(stripKeys(item))),
        nextCursor: result.nextCursor,
      }
    },

    async claim(ref, now, leaseUntil) {
      try {
        const result = await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keyOf(ref),
            UpdateExpression: 'SET leaseUntil = :lease',
            // ISO times in UTC with milliseconds compare as strings.
            ConditionExpression:
              '#status = :pending AND nextAttemptAt <= :now AND (attribute_not_exists(leaseUntil) OR leaseUntil <= :now)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':pending': 'pending',
              ':now': now.toISOString(),
              ':lease': leaseUntil.toISOString(),
            },
            ReturnValues: 'ALL_NEW',
          }),
        )
        return result.Attributes ? Delivery.parse(stripKeys(result.Attributes)) : undefined
      } catch (error) {
        if (isConditionFailure(error)) return undefined
        throw error
      }
    },

    async recordAttempt(ref, attempt, next) {
      const sets = [
        'attempts = list_append(if_not_exists(attempts, :none), :attempt)',
        '#status = :status',
        'updatedAt = :updatedAt',
        'expiresAt = :expiresAt',
      ]
      const removes = ['leaseUntil']
      const values: Record<string, unknown> = {
        ':none': [],
        ':attempt': [attempt],
        ':status': next.status,
        ':updatedAt': next.updatedAt,
        ':expiresAt': expiresAt(next.updatedAt),
      }
      if (next.nextAttemptAt) {
        sets.push('nextAttemptAt = :nextAttemptAt')
        values[':nextAttemptAt'] = next.nextAttemptAt
      } else removes.push('nextAttemptAt')
      // A delivery that vanished meanwhile (its subscription deleted, the item expired) has nothing to record.
      await conditionHeld(
        doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keyOf(ref),
            UpdateExpression: `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}`,
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: values,
          }),
        ),
      )
    },

    async reopen(ref, at) {
      try {
        const result = await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keyOf(ref),
            UpdateExpression:
              'SET #status = :pending, nextAttemptAt = :at, updatedAt = :at, expiresAt = :expiresAt REMOVE leaseUntil',
            // Only a final delivery: a pending one is already on its way.
            ConditionExpression: 'attribute_exists(pk) AND #status <> :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':pending': 'pending', ':at': at, ':expiresAt': expiresAt(at) },
            ReturnValues: 'ALL_NEW',
          }),
        )
        return result.Attributes ? Delivery.parse(stripKeys(result.Attributes)) : undefined
      } catch (error) {
        if (isConditionFailure(error)) return undefined
        throw error
      }
    },
  }
}
