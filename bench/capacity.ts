/**
 * The capacity model of the bench: what DynamoDB on-demand would bill for a call, in request units.
 * bench/call-counter.ts applies it to every call the handlers send; bench/run.ts (case lifecycle)
 * and bench/webhooks.ts (deliveries, events) price what it answers. docs/performance.md, "How the
 * bench counts capacity", says the same in prose.
 *
 * Why a model at all: DynamoDB Local's `ConsumedCapacity` is right for single-item calls and wrong
 * for transactions. Measured against the DynamoDB Local the local runtime starts (table from
 * table-definition.ts, five GSIs, projection ALL), `ReturnConsumedCapacity: INDEXES`:
 *
 * | request                                        | Local | billed (this model) |
 * |------------------------------------------------|-------|---------------------|
 * | TransactWriteItems, 1 / 2 / 5 small Puts        | 4 / 4 / 4 | 2 / 4 / 10 |
 * | TransactWriteItems, 1 / 2 Puts of 3 KB          | 12 / 12   | 6 / 12     |
 * | TransactWriteItems, 1 small Put with 5 GSI keys | 24 (4 per table and index) | 12 |
 * | PutItem small, 0 / 1 / 5 GSI key pairs          | 1 / 2 / 6 | 1 / 2 / 6  |
 * | PutItem 3 KB, 0 / 5 GSI key pairs               | 3 / 24    | 3 / 24     |
 * | UpdateItem changing one index's sort key (5 GSIs) | 7 (2 in that index) | 7 |
 * | GetItem eventual / consistent, TransactGetItems of 1 / 2 small | 0.5 / 1, 2 / 4 | same |
 *
 * Local answers a transaction with 4 × (its largest item in KB, rounded up) for the table and for
 * each index it touches, whatever the number of items. So:
 *
 * - **TransactWriteItems**: counted here, per action, from the items before and after the call
 *   (`transactWriteUnits`; the counter reads them with a consistent BatchGetItem outside the
 *   handlers' client, before and after the transaction).
 * - **TransactGetItems**: counted here from the items returned (`transactGetUnits`).
 * - **Every other call** (GetItem, Query, PutItem, UpdateItem, DeleteItem, ...): DynamoDB Local's
 *   figure. It has the item before the write, which the request alone does not show (a PutItem
 *   over an identical item writes no index; an update that moves an index key writes a delete and
 *   a put), and it matched the billing rules in every case above.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { projectionOf, tableDefinition } from '#src/adapters/dynamodb/table-definition.ts'

/** A marshalled item, as the low-level client sends and receives it. */
export type Item = Record<string, AttributeValue>

/** Write request units per started KB of item; read units per started 4 KB (strongly consistent). */
const writeUnitBytes = 1024
const readUnitBytes = 4096
/** A transactional write or read is billed twice (prepare and commit), per item. */
const transactional = 2
/**
 * The factor on the index writes a transaction causes: 1, the standard rate. The Developer Guide's
 * transactions page ("Capacity management for transactions") bills two underlying writes of every
 * *item in the transaction*, and says the indexes are updated after the transaction completes; its
 * GSI page ("Provisioned throughput considerations for Global Secondary Indexes") prices an index
 * write like any other write. Neither names a transactional rate for the propagation, which
 * DynamoDB Local charges (its 4 per index above). `TransactionUnits.index` keeps that share apart,
 * and the bench prints the upper bound (the share doubled) beside the figure (docs/performance.md).
 */
const transactionalIndex = 1

/** DynamoDB's size of one attribute value (Developer Guide, "Item sizes and formats"). */
export function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S)
  if (value.N !== undefined) return numberSize(value.N)
  if (value.B !== undefined) return value.B.byteLength
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1
  if (value.SS !== undefined) return value.SS.reduce((sum, s) => sum + Buffer.byteLength(s), 0)
  if (value.NS !== undefined) return value.NS.reduce((sum, n) => sum + numberSize(n), 0)
  if (value.BS !== undefined) return value.BS.reduce((sum, b) => sum + b.byteLength, 0)
  // A list or map: 3 bytes of its own, 1 byte per member, plus the members (and a map's names).
  if (value.L !== undefined) return 3 + value.L.reduce((sum, member) => sum + 1 + valueSize(member), 0)
  if (value.M !== undefined)
    return (
      3 +
      Object.entries(value.M).reduce(
        (sum, [name, member]) => sum + Buffer.byteLength(name) + 1 + valueSize(member),
        0,
      )
    )
  return 0
}

/** A number: about one byte per two significant digits, plus one (at most 21). */
function numberSize(n: string): number {
  const digits = n
    .replace(/^-/, '')
    .replace(/e.*$/i, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '')
  return Math.min(21, Math.ceil(Math.max(1, digits.length) / 2) + 1)
}

/** DynamoDB's size of an item: every attribute's name (UTF-8 bytes) and value. */
export function itemSize(item: Item | undefined): number {
  if (!item) return 0
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + valueSize(value),
    0,
  )
}

const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / writeUnitBytes))
const readUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / readUnitBytes))

/** The item's key in one GSI (its partition and sort key values), or undefined when the item is not in it. */
function indexKey(
  item: Item | undefined,
  index: { partitionKey: string; sortKey: string },
): string | undefined {
  const pk = item?.[index.partitionKey]
  const sk = item?.[index.sortKey]
  return pk && sk ? JSON.stringify([pk, sk]) : undefined
}

/** The same attributes with the same values, whatever their order. */
function sameItem(a: Item, b: Item): boolean {
  const canonical = (item: Item) =>
    JSON.stringify(Object.keys(item).sort(), null, 0) +
    JSON.stringify(
      Object.keys(item)
        .sort()
        .map((name) => item[name]),
    )
  return canonical(a) === canonical(b)
}

/** An index entry of a keys-only index: the table's and the index's key attributes, nothing else. */
function keysOnlyEntry(item: Item, index: { partitionKey: string; sortKey: string }): Item {
  const names = [tableDefinition.partitionKey, tableDefinition.sortKey, index.partitionKey, index.sortKey]
  return Object.fromEntries(names.flatMap((name) => (item[name] ? [[name, item[name]]] : [])))
}

/**
 * The standard write units one item's change costs in the GSIs (DynamoDB Developer Guide, "Global
 * secondary indexes: provisioned throughput considerations", the rules that also price on-demand
 * writes). An index that projects ALL holds the whole item; a KEYS_ONLY one (gsi6) only the keys,
 * so a change of other attributes writes nothing there:
 * - in the index before and after, same keys: one write of the new entry if a projected attribute
 *   changed (for KEYS_ONLY none can, the keys being the same);
 * - same index, keys changed: a delete of the old entry and a put of the new one;
 * - only before: a delete; only after: a put; in neither: nothing.
 */
export function indexWriteUnits(before: Item | undefined, after: Item | undefined): number {
  let units = 0
  for (const index of tableDefinition.globalSecondaryIndexes) {
    const keysOnly = projectionOf(index) === 'KEYS_ONLY'
    const entry = (item: Item) => (keysOnly ? keysOnlyEntry(item, index) : item)
    const was = indexKey(before, index)
    const is = indexKey(after, index)
    if (was && is && was === is) {
      if (!keysOnly && before && after && !sameItem(before, after)) units += writeUnits(itemSize(after))
    } else {
      if (was && before) units += writeUnits(itemSize(entry(before)))
      if (is && after) units += writeUnits(itemSize(entry(after)))
    }
  }
  return units
}

/** One action of a TransactWriteItems, with the item as it was before the call and after it. */
export interface TransactAction {
  kind: 'Put' | 'Update' | 'Delete' | 'ConditionCheck'
  before: Item | undefined
  after: Item | undefined
}

export interface TransactionUnits {
  /** What the table's writes cost: 2 × KB (started) of the larger image, per action. */
  table: number
  /** What the index writes cost (`indexWriteUnits` × `transactionalIndex`). */
  index: number
  total: number
}

/**
 * Billed write units of one TransactWriteItems: per action, the table write at 2 units per started
 * KB of the larger of the item before and after (a Put over an existing item, an Update that grows
 * or shrinks it, a Delete by what it deletes; a ConditionCheck as a write of the item it reads,
 * one unit pair at least), plus its index writes at the standard rate (see `transactionalIndex`).
 */
export function transactWriteUnits(actions: TransactAction[]): TransactionUnits {
  let table = 0
  let index = 0
  for (const action of actions) {
    const larger = Math.max(itemSize(action.before), itemSize(action.after))
    table += transactional * writeUnits(larger)
    if (action.kind !== 'ConditionCheck')
      index += transactionalIndex * indexWriteUnits(action.before, action.after)
  }
  return { table, index, total: table + index }
}

/** Billed read units of one TransactGetItems: 2 per started 4 KB of each item returned (or asked for and absent). */
export function transactGetUnits(items: (Item | undefined)[]): number {
  return items.reduce((sum, item) => sum + transactional * readUnits(itemSize(item)), 0)
}
