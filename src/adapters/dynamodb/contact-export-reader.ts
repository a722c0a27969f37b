import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import type {
  ContactExportSource,
  IndexPosition,
  PersonCase,
  StoredRecord,
} from '#src/use-cases/ports/contact-export.ts'
import { batchGetAllItems, itemAt } from './batch-get.ts'
import { stripKeys } from './items.ts'
import {
  caseHistory,
  caseIdOfPartition,
  caseKeys,
  caseMailLedger,
  emailKeys,
  keyAttributesOf,
  type PrimaryKey,
  personCases,
  personEntryKind,
  personItems,
} from './keys.ts'
import { keyConditionOf, queryAllPages, type Segment } from './paged-query.ts'

const recordOf = (item: Record<string, unknown>): StoredRecord => ({
  entity: typeof item.entity === 'string' ? item.entity : 'unknown',
  record: stripKeys(item),
})

/** What one person-index entry carries (keys only): its place in the index and the item's key. */
type IndexEntry = PrimaryKey & IndexPosition

/**
 * The reads of the access export (docs/privacy.md, Access export; docs/data-model.md, access
 * patterns): the person index (gsi6, keys only) and the items it points at, a case's owner, event
 * ids and e-mail bookkeeping, an address's claim. Queries, GetItems and BatchGetItems only, no Scan;
 * eventually consistent, half the read units: an export shows what was stored a moment ago.
 */
export function createContactExportReader(
  doc: DynamoDBDocumentClient,
  tableName: string,
): ContactExportSource {
  const { position: positionAttributes } = keyAttributesOf('gsi6')

  /** At most `limit` index entries after `after`, oldest first, and whether more may follow. */
  async function indexEntries(segment: Segment, after: IndexPosition | undefined, limit: number) {
    const result = await doc.send(
      new QueryCommand({
        TableName: tableName,
        ...keyConditionOf(segment),
        ScanIndexForward: true,
        Limit: limit,
        ...(after ? { ExclusiveStartKey: after } : {}),
      }),
    )
    const entries = (result.Items ?? []) as IndexEntry[]
    return { entries, more: result.LastEvaluatedKey !== undefined }
  }

  /** The index attributes of an entry: where a read continues after it. */
  const positionOf = (entry: IndexEntry): IndexPosition =>
    Object.fromEntries(positionAttributes.map((name) => [name, String(entry[name])]))

  return {
    async personItems(contactId, after, limit) {
      const { entries, more } = await indexEntries(personItems(contactId), after, limit)
      const found = await batchGetAllItems(doc, tableName, entries)
      return {
        entries: entries.map((entry) => {
          const item = itemAt(found, entry)
          return { item: item && recordOf(item), position: positionOf(entry) }
        }),
        more,
      }
    },

    async personCases(contactId, after, limit) {
      const { entries, more } = await indexEntries(personCases(contactId), after, limit)
      return {
        entries: entries.flatMap((entry): PersonCase[] => {
          const caseId = caseIdOfPartition(entry.pk)
          const kind = personEntryKind(String(entry.gsi6sk))
          return caseId && (kind === 'case' || kind === 'watcher')
            ? [{ caseId, kind, position: positionOf(entry) }]
            : []
        }),
        more,
      }
    },

    async caseOwner(caseId) {
      const result = await doc.send(
        new GetCommand({
          TableName: tableName,
          Key: caseKeys.item(caseId),
          ProjectionExpression: '#accountId, #contactId',
          ExpressionAttributeNames: { '#accountId': 'accountId', '#contactId': 'contactId' },
        }),
      )
      const item = result.Item
      return typeof item?.accountId === 'string' && typeof item.contactId === 'string'
        ? { accountId: item.accountId, contactId: item.contactId }
        : undefined
    },

    async caseEventIds(caseId) {
      const key = keyConditionOf(caseHistory(caseId))
      const items = await queryAllPages(doc, {
        TableName: tableName,
        ...key,
        ExpressionAttributeNames: { ...key.ExpressionAttributeNames, '#id': 'id' },
        ProjectionExpression: '#id',
      })
      return items.flatMap((item) => (typeof item.id === 'string' ? [item.id] : []))
    },

    async caseMailRecords(caseId) {
      const items = await queryAllPages(doc, {
        TableName: tableName,
        ...keyConditionOf(caseMailLedger(caseId)),
      })
      return items.map(recordOf)
    },

    async emailClaim(email) {
      const result = await doc.send(new GetCommand({ TableName: tableName, Key: emailKeys.item(email) }))
      return result.Item ? stripKeys(result.Item) : undefined
    },
  }
}
