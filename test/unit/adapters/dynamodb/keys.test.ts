import { describe, expect, it } from 'vitest'
import {
  accountCases,
  accountKeys,
  articleKeys,
  caseEventKeys,
  caseIdOfPartition,
  caseKeys,
  caseWithComments,
  commentKeys,
  contactKeys,
  counterKeys,
  emailKeys,
  fileTreeKeys,
  keyAttributeNames,
  monthOf,
  personCases,
  personEntry,
  personEntryKind,
  staffKeys,
  surveyKeys,
  versionedSettingKeys,
  versionedSettingVersions,
} from '#src/adapters/dynamodb/keys.ts'

const aCase = {
  id: 'c1',
  accountId: 'acme',
  contactId: 'alice',
  status: 'open',
  queue: 'support',
  createdAt: '2026-11-25T10:00:00.000Z',
}

describe('monthOf', () => {
  it('takes the year and month of an ISO time', () => {
    expect(monthOf('2026-01-31T23:59:59.999Z')).toBe('2026-01')
  })
})

describe('personEntry', () => {
  it("sorts a contact's items by kind in the order of the access export, then by time", () => {
    const entries = [
      personEntry('alice', 'survey', '2026-01-01T00:00:00.000Z'),
      personEntry('alice', 'comment', '2026-03-01T00:00:00.000Z'),
      personEntry('alice', 'case', '2026-05-01T00:00:00.000Z'),
      personEntry('alice', 'comment', '2026-02-01T00:00:00.000Z'),
    ]

    const order = [...entries].sort((a, b) => (a.gsi6sk ?? '').localeCompare(b.gsi6sk ?? ''))

    expect(new Set(entries.map((e) => e.gsi6pk))).toEqual(new Set(['PERSON#alice']))
    expect(order.map((e) => e.gsi6sk)).toEqual([
      '0#case#2026-05-01T00:00:00.000Z',
      '2#comment#2026-02-01T00:00:00.000Z',
      '2#comment#2026-03-01T00:00:00.000Z',
      '5#survey#2026-01-01T00:00:00.000Z',
    ])
  })

  it("reads a contact's cases and watched cases as one range of the index, before their other items", () => {
    const { low, high } = personCases('alice').sortKeyRange
    const inRange = (sk: string) => sk >= low && sk <= high
    const keyOf = (kind: Parameters<typeof personEntry>[1]) =>
      personEntry('alice', kind, '2026-12-31T23:59:59.999Z').gsi6sk ?? ''

    expect(personCases('alice')).toMatchObject({ index: 'gsi6', partition: 'PERSON#alice' })
    expect(['case', 'watcher'].every((kind) => inRange(keyOf(kind as 'case' | 'watcher')))).toBe(true)
    expect(['comment', 'event', 'file', 'survey'].some((kind) => inRange(keyOf(kind as 'comment')))).toBe(
      false,
    )
    expect(personEntryKind(keyOf('watcher'))).toBe('watcher')
    expect(personEntryKind('9#nothing#x')).toBeUndefined()
    expect(caseIdOfPartition('CASE#c1')).toBe('c1')
    expect(caseIdOfPartition('ACCOUNT#acme')).toBeUndefined()
  })

  it("puts a case in its contact's person index", () => {
    expect(caseKeys.indexes(aCase)).toMatchObject({
      gsi6pk: 'PERSON#alice',
      gsi6sk: '0#case#2026-11-25T10:00:00.000Z',
    })
  })
})

describe('caseKeys', () => {
  it('stores a case in its own partition under the CASE sort key', () => {
    expect(caseKeys.item('c1')).toEqual({ pk: 'CASE#c1', sk: 'CASE' })
  })

  it('puts a case on its account timeline, ordered by creation time and id', () => {
    const indexes = caseKeys.indexes(aCase)

    expect(indexes.gsi1pk).toBe('ACCOUNT#acme')
    expect(indexes.gsi1sk).toBe('CASE#2026-11-25T10:00:00.000Z#c1')
  })

  it('puts a case on the timeline of its status', () => {
    const indexes = caseKeys.indexes(aCase)

    expect(indexes.gsi2pk).toBe('STATUS#open')
    expect(indexes.gsi2sk).toBe('2026-11-25T10:00:00.000Z#c1')
  })

  it('puts a case on the timeline of the month it was created in', () => {
    const indexes = caseKeys.indexes(aCase)

    expect(indexes.gsi3pk).toBe('CASEMONTH#2026-11')
    expect(indexes.gsi3sk).toBe('2026-11-25T10:00:00.000Z#c1')
  })

  it('starts the account-timeline sort key with the prefix that selects cases, not contacts', () => {
    const { gsi1sk } = caseKeys.indexes(aCase)

    expect(gsi1sk.startsWith(accountCases('acme').sortKeyPrefix)).toBe(true)
    expect(contactKeys.indexes({ accountId: 'acme', email: 'a@acme.example' }).gsi1sk).not.toMatch(
      new RegExp(`^${accountCases('acme').sortKeyPrefix}`),
    )
  })

  it('claims a case number in a partition of its own', () => {
    expect(caseKeys.number('CS-1042')).toEqual({ pk: 'CASENUMBER#CS-1042', sk: 'CASENUMBER' })
  })
})

describe('caseEventKeys', () => {
  it('keeps events in the case partition, sorted by time', () => {
    expect(caseEventKeys.item('c1', '2026-11-25T10:00:00.000Z', 'e1')).toEqual({
      pk: 'CASE#c1',
      sk: 'EVENT#2026-11-25T10:00:00.000Z#00#e1',
    })
  })

  it('keeps several events of one change in the order they were written', () => {
    const at = '2026-11-25T10:00:00.000Z'
    const keys = [caseEventKeys.item('c1', at, 'zz', 0).sk, caseEventKeys.item('c1', at, 'aa', 1).sk]
    expect([...keys].sort()).toEqual(keys)
  })

  it('gives event sort keys the history prefix', () => {
    expect(
      caseEventKeys.item('c1', '2026-11-25T10:00:00.000Z', 'e1').sk.startsWith(caseEventKeys.prefix),
    ).toBe(true)
  })
})

describe('directory keys', () => {
  it('keeps an account in the partition its cases are listed under', () => {
    expect(accountKeys.item('acme')).toEqual({ pk: 'ACCOUNT#acme', sk: 'ACCOUNT' })
    expect(caseKeys.indexes(aCase).gsi1pk).toBe(accountKeys.item('acme').pk)
  })

  it('stores a contact by id and lists it in its account by e-mail', () => {
    expect(contactKeys.item('alice')).toEqual({ pk: 'CONTACT#alice', sk: 'CONTACT' })
    expect(contactKeys.indexes({ accountId: 'acme', email: 'alice@acme.example' })).toEqual({
      gsi1pk: 'ACCOUNT#acme',
      gsi1sk: 'CONTACT#alice@acme.example',
    })
  })

  it('stores staff apart from contacts', () => {
    expect(staffKeys.item('sam')).toEqual({ pk: 'STAFF#sam', sk: 'STAFF' })
  })

  it('makes e-mail claims case-insensitive', () => {
    expect(emailKeys.item('Alice@ACME.example')).toEqual(emailKeys.item('alice@acme.example'))
  })

  it('stores counters by name', () => {
    expect(counterKeys.item('case-number')).toEqual({ pk: 'COUNTER#case-number', sk: 'COUNTER' })
  })
})

describe('sparse case indexes', () => {
  it('keeps active cases in their queue and takes closed ones out', () => {
    expect(caseKeys.indexes(aCase)).toMatchObject({
      gsi4pk: 'QUEUE#support',
      gsi4sk: 'B#2026-11-25T10:00:00.000Z#c1',
    })
    expect(caseKeys.indexes({ ...aCase, status: 'closed' })).not.toHaveProperty('gsi4pk')
    expect(caseKeys.indexes({ ...aCase, status: 'cancelled' })).not.toHaveProperty('gsi4pk')
  })

  it('orders a queue by SLA deadline: running clocks first, soonest due first, then the rest by age', () => {
    const running = (dueAt: string) => ({ ...aCase, slaClock: { state: 'running', dueAt } })
    const keys = [
      caseKeys.indexes({
        ...aCase,
        id: 'late',
        slaClock: { state: 'met', dueAt: '2026-11-25T11:00:00.000Z' },
      }).gsi4sk,
      caseKeys.indexes({ ...running('2026-11-26T09:00:00.000Z'), id: 'later' }).gsi4sk,
      caseKeys.indexes({ ...running('2026-11-25T12:00:00.000Z'), id: 'soon' }).gsi4sk,
    ]
    expect([...keys].sort()).toEqual([keys[2], keys[1], keys[0]])
  })

  it('puts assigned cases on the assignee timeline only', () => {
    expect(caseKeys.indexes({ ...aCase, assigneeId: 'sam' })).toMatchObject({ gsi5pk: 'ASSIGNEE#sam' })
    expect(caseKeys.indexes(aCase)).not.toHaveProperty('gsi5pk')
  })
})

describe('keyAttributeNames', () => {
  it('lists every key attribute a case item carries', () => {
    const caseItem = { ...caseKeys.item('c1'), ...caseKeys.indexes({ ...aCase, assigneeId: 'sam' }) }

    expect([...keyAttributeNames].sort()).toEqual(Object.keys(caseItem).sort())
  })
})

describe('caseWithComments', () => {
  it('holds the case item and its comments, and nothing else of the case partition', () => {
    // Arrange
    const { partition, sortKeyRange } = caseWithComments('c1')
    const within = (sk: string) => sk >= sortKeyRange.low && sk <= sortKeyRange.high
    const at = '2026-11-25T10:00:00.000Z'

    // Assert: the case item first, then the comments; events, files, survey and article claim outside.
    expect(partition).toBe(caseKeys.item('c1').pk)
    expect(sortKeyRange.low).toBe(caseKeys.item('c1').sk)
    expect(within(commentKeys.item('c1', at, 'k1').sk)).toBe(true)
    expect(within(commentKeys.item('c1', '9999-12-31T23:59:59.999Z', 'zzzz').sk)).toBe(true)
    const others = [
      caseEventKeys.item('c1', at, 'e1'),
      fileTreeKeys.file('c1', 'f1'),
      fileTreeKeys.folder('c1', 'f1'),
      surveyKeys.item('c1'),
      articleKeys.fromCase('c1'),
    ]
    for (const { sk } of others) expect(within(sk), sk).toBe(false)
  })
})

describe('versionedSettingVersions', () => {
  const within = (range: { low: string; high: string }, sk: string) => sk >= range.low && sk <= range.high

  it('sorts versions by number, and the head before them all', () => {
    const sortKeys = [10, 9, 2, 1].map((v) => versionedSettingKeys.version('calendar', 'vienna', v).sk)

    expect([...sortKeys].sort().reverse()).toEqual(sortKeys)
    for (const kind of ['calendar', 'policy'] as const) {
      expect(versionedSettingKeys.head(kind, 'x').sk < versionedSettingKeys.version(kind, 'x', 1).sk).toBe(
        true,
      )
    }
  })

  it('holds the head and every version of one setting without a bound, only the versions below it with one', () => {
    // Arrange
    const head = versionedSettingKeys.head('policy', 'gold')
    const version = (v: number) => versionedSettingKeys.version('policy', 'gold', v)
    const all = versionedSettingVersions('policy', 'gold')
    const below = versionedSettingVersions('policy', 'gold', 3)

    // Assert
    expect(all.partition).toBe(head.pk)
    expect(below.partition).toBe(head.pk)
    for (const sk of [head.sk, version(1).sk, version(9_999_999_999).sk])
      expect(within(all.sortKeyRange, sk)).toBe(true)
    expect(
      [head, version(1), version(2), version(3), version(12)].map((k) => within(below.sortKeyRange, k.sk)),
    ).toEqual([false, true, true, false, false])
  })
})
