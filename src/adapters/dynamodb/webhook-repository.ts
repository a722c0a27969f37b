import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import type { CursorCodec } from '#src/adapters/cursor.ts'
import { StaleWebhookError } from '#src/domain/errors.ts'
import type { AccessScope } from '#src/domain/identity.ts'
import { Webhook } from '#src/domain/webhooks.ts'
import type { WebhookStore } from '#src/use-cases/ports/webhooks.ts'
import { putIfAbsent, saveVersioned } from './conditions.ts'
import { stripKeys } from './items.ts'
import { allWebhooks, webhookKeys } from './keys.ts'
import { equalityFilter, keyConditionOf, pagedQuery, queryAllPages } from './paged-query.ts'

function webhookItem(webhook: Webhook): Record<string, unknown> {
  return { ...webhookKeys.item(webhook.id), entity: 'webhook', ...webhook }
}

function webhookOf(item: Record<string, unknown>): Webhook {
  return Webhook.parse(stripKeys(item))
}

function inScope(scope: AccessScope, webhook: Webhook): boolean {
  return scope.kind === 'all' || webhook.accountId === scope.accountId
}

/**
 * Webhook subscriptions in DynamoDB (docs/data-model.md): one item each in the `WEBHOOKS` partition,
 * which the fan-out reads whole and consistently for every batch of events (an operator has a few
 * hundred subscriptions at most: 100 of its own, 20 per account). A customer admin's list is that
 * partition filtered to its account; a subscription outside the caller's scope is not found.
 */
export function createWebhookRepository(
  doc: DynamoDBDocumentClient,
  tableName: string,
  /** Resolved on the first list request only. */
  cursorCodec: () => Promise<CursorCodec>,
): WebhookStore {
  return {
    async create(webhook) {
      await doc.send(new PutCommand(putIfAbsent(tableName, webhookItem(webhook))))
    },

    async find(scope, webhookId) {
      const result = await doc.send(
        new GetCommand({ TableName: tableName, Key: webhookKeys.item(webhookId), ConsistentRead: true }),
      )
      if (!result.Item) return undefined
      const webhook = webhookOf(result.Item)
      return inScope(scope, webhook) ? webhook : undefined
    },

    async list(scope, page) {
      const accountId = scope.kind === 'account' ? scope.accountId : undefined
      const result = await pagedQuery(doc, tableName, await cursorCodec(), {
        // The cursor is bound to the scope: another account cannot replay it.
        context: `webhooks|${accountId ?? '*'}`,
        limit: page.limit,
        cursor: page.cursor,
        first: allWebhooks(),
        ascending: true,
        filter: equalityFilter({ accountId }),
      })
      return { items: result.items.map(webhookOf), nextCursor: result.nextCursor }
    },

    async save(next, expectedVersion) {
      await saveVersioned(doc, tableName, {
        item: webhookItem(next),
        expectedVersion,
        alongside: [],
        stale: () => new StaleWebhookError(next.id),
      })
    },

    async remove(webhookId) {
      await doc.send(new DeleteCommand({ TableName: tableName, Key: webhookKeys.item(webhookId) }))
    },

    async all() {
      const items = await queryAllPages(doc, {
        TableName: tableName,
        ...keyConditionOf(allWebhooks()),
        ConsistentRead: true,
      })
      return items.map(webhookOf)
    },
  }
}
