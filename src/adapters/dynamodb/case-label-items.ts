import type { Case } from '#src/domain/case.ts'
import type { TransactItem } from './conditions.ts'
import { caseLabelKeys } from './keys.ts'

/** The entity of a case's label item (docs/data-model.md, "Labels"). */
export const caseLabelEntity = 'caseLabel'

/** What a filtered list filters and orders on, kept on each label item (docs/data-model.md, "Labels"). */
const listedAttributes = ['accountId', 'createdAt', 'status', 'severity', 'queue', 'assigneeId'] as const

/**
 * The label items of a case: one per label it carries, holding what a filtered list filters and
 * orders on, so the list reads the label's index partition and filters there, and fetches only the
 * cases of its page (docs/data-model.md, "Labels").
 */
export function caseLabelItems(c: Case): Record<string, unknown>[] {
  const carried: Record<string, unknown> = { entity: caseLabelEntity, caseId: c.id }
  for (const name of listedAttributes) if (c[name] !== undefined) carried[name] = c[name]
  return (c.labels ?? []).map((label) => ({
    ...caseLabelKeys.item(c.id, label),
    ...caseLabelKeys.indexes(label, c),
    ...carried,
  }))
}

/**
 * The writes that move a case's label items from `previous` to `next`, for the transaction that
 * saves the case: a Put for each item that is new or differs (a label added; the status, queue,
 * deadline or assignee of a labelled case changed), a Delete for each label gone. A case without
 * labels before and after costs nothing.
 */
export function caseLabelWrites(tableName: string, previous: Case | undefined, next: Case): TransactItem[] {
  const before = new Map(previous ? caseLabelItems(previous).map((item) => [item.sk, item]) : [])
  const writes: TransactItem[] = []
  for (const item of caseLabelItems(next)) {
    const old = before.get(item.sk)
    before.delete(item.sk)
    // Built by the same function in the same order: equal items serialize equally.
    if (JSON.stringify(old) !== JSON.stringify(item))
      writes.push({ Put: { TableName: tableName, Item: item } })
  }
  for (const gone of before.values()) {
    writes.push({ Delete: { TableName: tableName, Key: { pk: gone.pk, sk: gone.sk } } })
  }
  return writes
}
