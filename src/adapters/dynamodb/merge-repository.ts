import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { ConflictError, StaleCaseError } from '#src/domain/errors.ts'
import { activeCaseStatuses } from '#src/domain/vocabulary.ts'
import type { CaseMergeStore } from '#src/use-cases/ports/merges.ts'
import { caseEventItem } from './case-event-item.ts'
import { caseLabelWrites } from './case-label-items.ts'
import { caseItem, commentItem } from './case-repository.ts'
import { cancellationCodes, putIfAbsent, saveVersioned, type TransactItem } from './conditions.ts'
import { caseKeys } from './keys.ts'
import { linkItem } from './link-repository.ts'
import { watcherItem } from './watcher-repository.ts'

/**
 * Merges in DynamoDB (docs/merge.md): the merged case (versioned, as any case change, with its label
 * items), a check that the target is still active, both cases' events, the message, the link and
 * the contact's watcher item on the target, in one transaction.
 */
export function createMergeRepository(doc: DynamoDBDocumentClient, tableName: string): CaseMergeStore {
  const newItem = (item: Record<string, unknown>): TransactItem => ({ Put: putIfAbsent(tableName, item) })
  const statuses = Object.fromEntries(activeCaseStatuses.map((status, i) => [`:s${i}`, status]))

  return {
    async saveMerge({ source, previous, targetCaseId, link, watcher }) {
      const targetStillActive: TransactItem = {
        ConditionCheck: {
          TableName: tableName,
          Key: caseKeys.item(targetCaseId),
          ConditionExpression: `#status IN (${Object.keys(statuses).join(', ')})`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: statuses,
        },
      }
      try {
        await saveVersioned(doc, tableName, {
          item: caseItem(source.next),
          expectedVersion: source.expectedVersion,
          alongside: [
            targetStillActive,
            ...source.events.map((event, position) => newItem(caseEventItem(event, position))),
            ...(source.comment ? [newItem(commentItem(source.comment))] : []),
            ...(link ?? []).map((side) => newItem(linkItem(side))),
            ...(watcher ? [newItem(watcherItem(watcher))] : []),
            ...caseLabelWrites(tableName, previous, source.next),
          ],
          stale: () => new StaleCaseError(source.next.id),
        })
      } catch (error) {
        // The source's own condition is a stale read (retried by the use case); the others are races lost to another change.
        if (cancellationCodes(error).slice(1).includes('ConditionalCheckFailed')) {
          throw new ConflictError(
            'The case merged into was closed, or the two cases were linked or its watchers changed, while merging. Please check them and retry.',
          )
        }
        throw error
      }
    },
  }
}
