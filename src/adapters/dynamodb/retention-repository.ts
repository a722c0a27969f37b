import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb'
import { Severity } from '#src/domain/vocabulary.ts'
import type { PurgeCandidate, RetentionAccount, RetentionStore } from '#src/use-cases/ports/retention.ts'
import * as z from '#src/zod.ts'
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

/** BatchWriteItem takes at most 25 requests. */
const batchSize = 25
/** Rounds of retrying unprocessed deletions (throttling) before the purge gives up for this run. */
const maxRounds = 8

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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The table side of the retention job (docs/privacy.md, docs/data-model.md): the accounts with the
 * setting (one Query of the `ACCOUNTS` partition), an account's cases created before a cutoff (the
 * account timeline, ascending, up to the cutoff), and the deletions of a purge. No Scan.
 */
export function createRetentionRepository(doc: DynamoDBDocumentClient, tableName: string): RetentionStore {
  /** Deletes the keys in batches of 25, retrying what DynamoDB leaves unprocessed. */
  async function deleteAll(keys: PrimaryKey[]): Promise<void> {
    for (let i = 0; i < keys.length; i += batchSize) {
      let requests = keys.slice(i, i + batchSize).map((key) => ({ DeleteRequest: { Key: key } }))
      for (let round = 0; requests.length > 0; round++) {
        if (round === maxRounds)
          throw new Error(
            `DynamoDB left ${requests.length} deletion(s) unprocessed after ${maxRounds} rounds`,
          )
        if (round > 0) await sleep(50 * 2 ** round)
        const result = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }))
        requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests
      }
    }
  }

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
