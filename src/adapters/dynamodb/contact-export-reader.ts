import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import type { ContactExportSource, StoredRecord } from '#src/use-cases/ports/contact-export.ts'
import { stripKeys } from './items.ts'
import { accountCases, caseItems, caseMailLedger, emailKeys } from './keys.ts'
import { keyConditionOf, queryAllPages } from './paged-query.ts'

const recordOf = (item: Record<string, unknown>): StoredRecord => ({
  entity: typeof item.entity === 'string' ? item.entity : 'unknown',
  record: stripKeys(item),
})

/**
 * The reads of the access export (docs/privacy.md, Access export; docs/data-model.md, access
 * patterns): the account timeline for the ids of its cases, each case's partition and e-mail
 * bookkeeping, an address's claim. Queries and GetItems only, no Scan.
 */
export function createContactExportReader(
  doc: DynamoDBDocumentClient,
  tableName: string,
): ContactExportSource {
  return {
    async *accountCaseIds(accountId) {
      const key = keyConditionOf(accountCases(accountId))
      let startKey: Record<string, unknown> | undefined
      do {
        const result = await doc.send(
          new QueryCommand({
            TableName: tableName,
            ...key,
            ProjectionExpression: 'id',
            ScanIndexForward: true,
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        )
        yield (result.Items ?? []).flatMap((item) => (typeof item.id === 'string' ? [item.id] : []))
        startKey = result.LastEvaluatedKey
      } while (startKey)
    },

    async caseRecords(caseId) {
      // Eventually consistent, half the read units: an export shows what was stored a moment ago.
      const items = await queryAllPages(doc, { TableName: tableName, ...keyConditionOf(caseItems(caseId)) })
      return items.map(recordOf)
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
