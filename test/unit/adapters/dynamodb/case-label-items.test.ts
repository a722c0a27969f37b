import { describe, expect, it } from 'vitest'
import { caseLabelItems, caseLabelWrites } from '#src/adapters/dynamodb/case-label-items.ts'
import { caseKeys } from '#src/adapters/dynamodb/keys.ts'
import type { Case } from '#src/domain/case.ts'
import { aCase } from '../../fakes/core.ts'

const createdAt = '2026-11-25T10:00:00.000Z'
const labelled = aCase({ id: 'c1', accountId: 'acme', queue: 'support', createdAt, labels: ['tag:vip'] })

describe('caseLabelItems', () => {
  it('puts one item per label in the case’s partition, in the label’s account, staff and queue lists', () => {
    const [item] = caseLabelItems(labelled)

    expect(item).toEqual({
      pk: 'CASE#c1',
      sk: 'LABEL#tag:vip',
      gsi1pk: 'ACCOUNT#acme#LABEL#tag:vip',
      gsi1sk: `${createdAt}#c1`,
      gsi2pk: 'LABEL#tag:vip',
      gsi2sk: `${createdAt}#c1`,
      gsi4pk: 'QUEUE#support#LABEL#tag:vip',
      gsi4sk: caseKeys.indexes(labelled).gsi4sk,
      entity: 'caseLabel',
      caseId: 'c1',
      accountId: 'acme',
      createdAt,
      status: labelled.status,
      severity: labelled.severity,
      queue: 'support',
    })
  })

  it('keeps a closed case off the queue’s label list and carries the assignee', () => {
    const [item] = caseLabelItems({ ...labelled, status: 'closed', assigneeId: 'sam' })

    expect(item).not.toHaveProperty('gsi4pk')
    expect(item).toMatchObject({ assigneeId: 'sam', status: 'closed' })
  })
})

describe('caseLabelWrites', () => {
  const writesOf = (previous: Case | undefined, next: Case) =>
    caseLabelWrites('t', previous, next).map((w) =>
      w.Put ? ['Put', w.Put.Item?.sk] : ['Delete', w.Delete?.Key?.sk],
    )

  it('writes nothing for a case without labels, nor for a labelled change that moves none of them', () => {
    expect(writesOf(aCase(), { ...aCase(), title: 'x' })).toEqual([])
    expect(writesOf(labelled, { ...labelled, title: 'x', version: 2 })).toEqual([])
  })

  it('puts new labels and deletes gone ones', () => {
    const next = { ...labelled, labels: ['field:region:emea'] }

    expect(writesOf(labelled, next)).toEqual([
      ['Put', 'LABEL#field:region:emea'],
      ['Delete', 'LABEL#tag:vip'],
    ])
  })

  it('rewrites every label item when the status, queue or assignee of a labelled case changes', () => {
    const two = { ...labelled, labels: ['tag:a', 'tag:b'] }

    expect(writesOf(two, { ...two, status: 'open' })).toEqual([
      ['Put', 'LABEL#tag:a'],
      ['Put', 'LABEL#tag:b'],
    ])
    expect(writesOf(two, { ...two, assigneeId: 'sam' })).toHaveLength(2)
    expect(writesOf(two, { ...two, queue: 'consulting' })).toHaveLength(2)
  })

  it('puts every label of a new case', () => {
    expect(writesOf(undefined, labelled)).toEqual([['Put', 'LABEL#tag:vip']])
  })
})
