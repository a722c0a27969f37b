import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { Case } from '#src/domain/case.ts'
import type { AccessScope } from '#src/domain/identity.ts'
import { batchGetItems, itemAt } from './batch-get.ts'
import { stripKeys } from './items.ts'
import { accountCasesWithLabel, caseKeys, casesWithLabel, queueCasesWithLabel } from './keys.ts'
import type { Segment } from './paged-query.ts'

/**
 * How the case lists read with a label filter (docs/data-model.md, "Labels"): the label's index
 * partition in the caller's scope, then the cases of the page. Only the functions that list cases
 * hand it to the repository (`caseStore`), as only they hand it a cursor codec: the functions
 * that write cases, at their bundle budget (docs/performance.md), carry none of it.
 */
export interface CaseLabelLists {
  /** The label's list of cases in `scope`, newest first: the account's, or every account's (staff). */
  cases(scope: AccessScope, label: string): Segment
  /** The label's list of a queue's active cases, in the queue's order. */
  queue(queue: string, label: string): Segment
  /**
   * The cases of a page of label items, in the label items' order, with one BatchGetItem. A case
   * gone between the Query and this read is left out.
   */
  casesOf(labelItems: Record<string, unknown>[]): Promise<Case[]>
}

/** The label lists of the table `tableName`. */
export function createCaseLabelLists(doc: DynamoDBDocumentClient, tableName: string): CaseLabelLists {
  return {
    cases: (scope, label) =>
      scope.kind === 'account' ? accountCasesWithLabel(scope.accountId, label) : casesWithLabel(label),
    queue: queueCasesWithLabel,
    async casesOf(labelItems) {
      if (labelItems.length === 0) return []
      const keys = labelItems.map((item) => caseKeys.item(item.caseId as string))
      const found = await batchGetItems(doc, tableName, keys)
      return keys.flatMap((key) => {
        const item = itemAt(found, key)
        return item ? [Case.parse(stripKeys(item))] : []
      })
    },
  }
}
