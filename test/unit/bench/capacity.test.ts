import { describe, expect, it } from 'vitest'
import { type Item, indexWriteUnits, itemSize, transactWriteUnits } from '../../../bench/capacity.ts'

// A case's item is in gsi6 (keys only: the contact's own items) and, while active, in gsi4 (ALL:
// the queue's work list). Its description makes it ~5 KB, so a write of the whole item costs 5 units.
const description = { S: 'x'.repeat(4800) }
const caseKeys = { pk: { S: 'CASE#c1' }, sk: { S: 'CASE' } }
const contactEntry = { gsi6pk: { S: 'CONTACT#alice' }, gsi6sk: { S: 'CASE#c1' } }
const queueEntry = { gsi4pk: { S: 'QUEUE#support' }, gsi4sk: { S: '2026-12-18T12:00:00.000Z#c1' } }

const onlyInGsi6: Item = { ...caseKeys, ...contactEntry, description, status: { S: 'new' } }

describe('indexWriteUnits: a keys-only index (gsi6)', () => {
  it('costs nothing when the item is rewritten with the same gsi6 keys, whatever else changed', () => {
    const after = { ...onlyInGsi6, status: { S: 'in_progress' }, description: { S: 'y'.repeat(9000) } }

    expect(indexWriteUnits(onlyInGsi6, after)).toBe(0)
  })

  it('costs 1 unit, the size of the keys, when an entry is added, however large the item', () => {
    const before = { ...caseKeys, description, status: { S: 'new' } }

    expect(itemSize(onlyInGsi6)).toBeGreaterThan(4 * 1024)
    expect(indexWriteUnits(undefined, onlyInGsi6)).toBe(1)
    expect(indexWriteUnits(before, onlyInGsi6)).toBe(1)
  })

  it('costs 1 unit when an entry is removed, the item deleted or its gsi6 keys dropped', () => {
    const { gsi6pk: _pk, gsi6sk: _sk, ...erased } = onlyInGsi6

    expect(indexWriteUnits(onlyInGsi6, undefined)).toBe(1)
    expect(indexWriteUnits(onlyInGsi6, erased)).toBe(1)
  })

  it('costs a delete and a put, 1 unit each, when the gsi6 keys change', () => {
    const after = { ...onlyInGsi6, gsi6pk: { S: 'CONTACT#adam' } }

    expect(indexWriteUnits(onlyInGsi6, after)).toBe(2)
  })

  it('costs more than 1 unit only when the keys themselves are over 1 KB', () => {
    const longKeys = { ...onlyInGsi6, gsi6sk: { S: `CASE#${'k'.repeat(1100)}` } }

    expect(indexWriteUnits(undefined, longKeys)).toBe(2)
  })

  it('costs nothing for an item in no index', () => {
    const plain = { ...caseKeys, description }

    expect(indexWriteUnits(plain, { ...plain, description: { S: 'changed' } })).toBe(0)
  })
})

describe('indexWriteUnits: an index that projects all (gsi4)', () => {
  const inBoth: Item = { ...onlyInGsi6, ...queueEntry }

  it('costs a write of the whole new item when anything changed, and gsi6 nothing', () => {
    const after = { ...inBoth, status: { S: 'in_progress' } }

    expect(indexWriteUnits(inBoth, after)).toBe(Math.ceil(itemSize(after) / 1024))
    expect(indexWriteUnits(inBoth, after)).toBe(5)
  })

  it('costs nothing when the item is written unchanged, its attributes in another order', () => {
    const reordered = Object.fromEntries(Object.entries(inBoth).reverse())

    expect(indexWriteUnits(inBoth, reordered)).toBe(0)
  })

  it('costs the whole item for gsi4 and 1 unit for gsi6 when the case is filed', () => {
    expect(indexWriteUnits(undefined, inBoth)).toBe(5 + 1)
  })

  it('costs the deletion of the whole old entry when the case leaves the queue', () => {
    const { gsi4pk: _pk, gsi4sk: _sk, ...closed } = inBoth

    expect(indexWriteUnits(inBoth, closed)).toBe(Math.ceil(itemSize(inBoth) / 1024))
  })
})

describe('transactWriteUnits', () => {
  it('keeps the index share of a rewrite that touches only gsi6 keys-only entries at nothing', () => {
    const after = { ...onlyInGsi6, status: { S: 'in_progress' } }

    const units = transactWriteUnits([{ kind: 'Put', before: onlyInGsi6, after }])

    expect(units.index).toBe(0)
  })
})
