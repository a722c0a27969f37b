import { DeleteCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { Severity } from '#src/domain/vocabulary.ts'
import type { PurgeCandidate, RetentionAccount, RetentionStore } from '#src/use-cases/ports/retention.ts'
import * as z from '#src/zod.ts'
import { batchDeleteItems } from './batch-write.ts'
import {
  accountCasesCreatedBefore,
  allAccounts,
  caseItems,
  caseKeys,
  caseLinkKeys,
  caseMailLedger,
  type PrimaryKey,
} from './keys.ts'
import { keyConditionOf, queryAllPages } from './paged-query.ts'

const StoredRetention = z.object({ id: z.string(), retainClosedCasesDays: z.int() })

const StoredCandidate = z.object({
  id: z.string(),
  accountId: z.string(),
  number: z.string(),
  severity: Severity,
  status: z.string(),
  createdAt: z.string(),
  closedAt: z.optional(z.string()),
  cancelledAt: z.optional(z.string()),
})

const caseItemSortKey = caseKeys.item('').sk

/**
 * The table side of the retention job (docs/privacy.md, docs/data-model.md): the accounts with the
 * setting (one Query of the `ACCOUNTS` partition), an account's cases created before a cutoff (the
 * account timeline, ascending, up to the cutoff), and the deletions of a purge. No Scan.
 */
export function createRetentionRepository(doc: DynamoDBDocumentClient, tableName: string): RetentionStore {
  const deleteAll = (keys: PrimaryKey[]) => batchDeleteItems(doc, tableName, keys)

  return {
    async listRetentionAccounts(): Promise<RetentionAccount[]> {
      const items = await queryAllPages(doc, {
        TableName: tableName,
        ...keyConditionOf(allAccounts()),
        FilterExpression: 'attribute_exists(retainClosedCasesDays)',
        ProjectionExpression: 'id, retainClosedCasesDays',
      })
      return items.map((item) => {
        const account = StoredRetention.parse(item)
        return { accountId: account.id, retainClosedCasesDays: account.retainClosedCasesDays }
      })
    },

    async *casesCreatedBefore(accountId, cutoff) {
      const key = keyConditionOf(accountCasesCreatedBefore(accountId, cutoff.toISOString()))
      let startKey: Record<string, unknown> | undefined
      do {
        const result = await doc.send(
          new QueryCommand({
            TableName: tableName,
            ...key,
            ExpressionAttributeNames: {
              ...key.ExpressionAttributeNames,
              '#number': 'number',
              '#status': 'status',
            },
            ProjectionExpression:
              'id, accountId, #number, severity, #status, createdAt, closedAt, cancelledAt',
            ScanIndexForward: true,
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        )
        yield (result.Items ?? []).map((item): PurgeCandidate => {
          const stored = StoredCandidate.parse(item)
          return {
            caseId: stored.id,
            accountId: stored.accountId,
            number: stored.number,
            severity: stored.severity,
            status: stored.status,
            createdAt: stored.createdAt,
            closedAt: stored.closedAt,
            cancelledAt: stored.cancelledAt,
          }
        })
        startKey = result.LastEvaluatedKey
      } while (startKey)
    },

    async deleteCaseContents(candidate) {
      const partition = await queryAllPages(doc, {
        TableName: tableName,
        ...keyConditionOf(caseItems(candidate.caseId)),
        ProjectionExpression: 'pk, sk, linkedCaseId',
        ConsistentRead: true,
      })
      const contents = partition.filter((item) => item.sk !== caseItemSortKey)
      const twins = contents.flatMap((item) => {
        const sk = String(item.sk)
        if (!sk.startsWith(caseLinkKeys.prefix) || typeof item.linkedCaseId !== 'string') return []
        // The twin has the same link id in the other case's partition (docs/data-model.md, case link).
        return [caseLinkKeys.item(item.linkedCaseId, sk.slice(caseLinkKeys.prefix.length))]
      })
      const ledger = await queryAllPages(doc, {
        TableName: tableName,
        ...keyConditionOf(caseMailLedger(candidate.caseId)),
        ProjectionExpression: 'pk, sk',
      })
      const keyOf = (item: Record<string, unknown>): PrimaryKey => ({
        pk: String(item.pk),
        sk: String(item.sk),
      })
      // The twins first: once the case's own links are gone, nothing would name them any more.
      await deleteAll(twins)
      await deleteAll([...ledger.map(keyOf), ...contents.map(keyOf)])
      return { caseItems: contents.length, linkTwins: twins.length, mailLedger: ledger.length }
    },

    async deleteCase(candidate) {
      // Staff may still comment on or upload to an ended case: whatever arrived since the contents
      // were deleted goes now, so that the case item is gone only with nothing left beside it.
      const late = await queryAllPages(doc, {
        TableName: tableName,
        ...keyConditionOf(caseItems(candidate.caseId)),
        ProjectionExpression: 'pk, sk',
        ConsistentRead: true,
      })
      await deleteAll(
        late
          .filter((item) => item.sk !== caseItemSortKey)
          .map((item) => ({ pk: String(item.pk), sk: String(item.sk) })),
      )
      await doc.send(new DeleteCommand({ TableName: tableName, Key: caseKeys.number(candidate.number) }))
      await doc.send(new DeleteCommand({ TableName: tableName, Key: caseKeys.item(candidate.caseId) }))
    },
  }
}
