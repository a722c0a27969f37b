import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { CaseWatcher } from '#src/domain/case-watcher.ts'
import type { CaseWatcherStore } from '#src/use-cases/ports/watchers.ts'
import { caseEventItem } from './case-event-item.ts'
import { putIfAbsent, type TransactItem, transactionHeld } from './conditions.ts'
import { stripKeys } from './items.ts'
import { caseWatcherKeys, caseWatchers, personEntry } from './keys.ts'
import { keyConditionOf } from './paged-query.ts'

/** A watcher as its item, in its case's partition. */
export function watcherItem(watcher: CaseWatcher): Record<string, unknown> {
  return {
    ...caseWatcherKeys.item(watcher.caseId, watcher.userId),
    ...(watcher.kind === 'contact' ? personEntry(watcher.userId, 'watcher', watcher.addedAt) : {}),
    entity: 'caseWatcher',
    ...watcher,
  }
}

/**
 * Case watchers in DynamoDB (docs/data-model.md): one item per watcher in the case's partition,
 * beside the case and its events. A watcher and its history event commit in one transaction, so
 * the history never tells of a watcher that was not added, nor the other way round.
 */
export function createWatcherRepository(doc: DynamoDBDocumentClient, tableName: string): CaseWatcherStore {
  /** A transaction of this store; false when its condition failed (the watcher exists, or is gone). */
  const transact = (items: TransactItem[]) => transactionHeld(doc, items)

  return {
    insertWatcher({ watcher, event }) {
      return transact([
        { Put: putIfAbsent(tableName, watcherItem(watcher)) },
        { Put: putIfAbsent(tableName, caseEventItem(event)) },
      ])
    },

    async findWatcher(caseId, userId) {
      const result = await doc.send(
        new GetCommand({
          TableName: tableName,
          Key: caseWatcherKeys.item(caseId, userId),
          ConsistentRead: true,
        }),
      )
      return result.Item ? CaseWatcher.parse(stripKeys(result.Item)) : undefined
    },

    deleteWatcher({ watcher, event }) {
      return transact([
        {
          Delete: {
            TableName: tableName,
            Key: caseWatcherKeys.item(watcher.caseId, watcher.userId),
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
        { Put: putIfAbsent(tableName, caseEventItem(event)) },
      ])
    },

    async listWatchers(caseId) {
      // A case has at most a few dozen small watcher items: one page of 1 MB holds them all, the
      // loop only guards the limit. Consistent, so a watcher added just now is mailed already.
      const items: Record<string, unknown>[] = []
      let startKey: Record<string, unknown> | undefined
      do {
        const page = await doc.send(
          new QueryCommand({
            TableName: tableName,
            ...keyConditionOf(caseWatchers(caseId)),
            ConsistentRead: true,
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        )
        items.push(...(page.Items ?? []))
        startKey = page.LastEvaluatedKey
      } while (startKey)
      return items.map((item) => CaseWatcher.parse(stripKeys(item)))
    },
  }
}
