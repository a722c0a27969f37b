import { randomUUID } from 'node:crypto'
import { caseLabelItems } from '#src/adapters/dynamodb/case-label-items.ts'
import { caseKeys } from '#src/adapters/dynamodb/keys.ts'
import type { Case } from '#src/domain/case.ts'
import { tagLabel } from '#src/domain/case-labels.ts'

/**
 * The scale section's synthetic cases (docs/performance.md): copies of a stored case, each created
 * a second before the one before it, and every `taggedEvery`-th one tagged `tag` with the label
 * items the real write path writes (docs/data-model.md, "Labels"), so the tag filter is measured on
 * the same items a `PATCH` would have written.
 */
export interface SyntheticCases {
  /** A stored case without its keys (what the copies are made from). */
  template: Case
  tag: string
  taggedEvery: number
}

let numbers = 0

/** The items of the `index`-th synthetic case: the case, and its label item when it is tagged. */
export function syntheticCaseItems({ template, tag, taggedEvery }: SyntheticCases, index: number) {
  const at = new Date(Date.parse(template.createdAt) - (index + 1) * 1000).toISOString()
  const tagged = index % taggedEvery === 0
  const c: Case = {
    ...template,
    id: randomUUID(),
    number: `CS-${1_000_000 + numbers++}`,
    createdAt: at,
    updatedAt: at,
    ...(tagged ? { tags: [tag], labels: [tagLabel(tag)] } : {}),
  }
  return [{ ...caseKeys.item(c.id), ...caseKeys.indexes(c), entity: 'case', ...c }, ...caseLabelItems(c)]
}

/** `items` in batches of at most `size` (BatchWriteItem takes 25). */
export function inBatches<T>(items: T[], size = 25): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  )
}
