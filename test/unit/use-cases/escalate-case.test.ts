import { describe, expect, it } from 'vitest'
import type { Case } from '#src/domain/case.ts'
import { ConflictError, NotFoundError } from '#src/domain/errors.ts'
import { escalateCase } from '#src/use-cases/escalate-case.ts'
import {
  aCase,
  aCustomer,
  aStaffMember,
  fixedClock,
  InMemoryCaseStore,
  now,
  sequentialIds,
  slaFakes,
} from '../fakes/core.ts'

function setUp(c: Case = aCase({ status: 'in_progress' })) {
  const cases = new InMemoryCaseStore({ cases: [c] })
  return { cases, deps: { cases, clock: fixedClock(), ids: sequentialIds(), ...slaFakes() } }
}

describe('escalateCase', () => {
  it('raises the level by one and records the level, its name and the reason in the history', async () => {
    // Arrange
    const { cases, deps } = setUp()

    // Act
    const escalated = await escalateCase('case-1', { reason: 'No answer for a week.' }, aCustomer(), deps)

    // Assert
    expect(escalated).toMatchObject({ escalationLevel: 1, version: 2, updatedAt: now.toISOString() })
    expect(cases.cases.get('case-1')).toEqual(escalated)
    expect(cases.events).toEqual([
      {
        id: 'id-1',
        caseId: 'case-1',
        accountId: 'acme',
        type: 'case.escalated',
        action: 'escalate',
        actor: { userId: 'alice', role: 'customer' },
        at: now.toISOString(),
        visibility: 'public',
        changes: [{ field: 'escalationLevel', before: 0, after: 1 }],
        details: { level: 1, levelName: 'lead customer-service manager', reason: 'No answer for a week.' },
      },
    ])
  })

  it('climbs the four levels by name, then refuses a fifth escalation with 409', async () => {
    // Arrange
    const { cases, deps } = setUp()
    const customer = aCustomer()

    // Act
    for (let i = 0; i < 4; i++) await escalateCase('case-1', { reason: `round ${i + 1}` }, customer, deps)
    const fifth = escalateCase('case-1', { reason: 'again' }, customer, deps)

    // Assert
    await expect(fifth).rejects.toThrow(ConflictError)
    await expect(fifth).rejects.toThrow('chief operating officer')
    expect(cases.events.map((e) => [e.details?.level, e.details?.levelName])).toEqual([
      [1, 'lead customer-service manager'],
      [2, 'senior manager'],
      [3, 'director'],
      [4, 'chief operating officer'],
    ])
    expect(cases.cases.get('case-1')).toMatchObject({ escalationLevel: 4, version: 5 })
  })

  it('lets staff escalate too', async () => {
    const { deps } = setUp()

    const escalated = await escalateCase('case-1', { reason: 'Key account.' }, aStaffMember(), deps)

    expect(escalated.escalationLevel).toBe(1)
  })

  it.each(['closed', 'cancelled'] as const)('refuses to escalate a %s case with 409', async (status) => {
    const { cases, deps } = setUp(aCase({ status }))

    await expect(escalateCase('case-1', { reason: 'Too late?' }, aCustomer(), deps)).rejects.toThrow(
      ConflictError,
    )
    expect(cases.events).toEqual([])
    expect(cases.cases.get('case-1')?.escalationLevel).toBe(0)
  })

  it('answers 404 for a case of another account', async () => {
    const { deps } = setUp(aCase({ accountId: 'globex' }))

    await expect(escalateCase('case-1', { reason: 'x' }, aCustomer(), deps)).rejects.toThrow(NotFoundError)
  })

  it('escalates from the fresh level when another escalation got there first', async () => {
    // Arrange: two escalations race; ours is decided on the case it read, then retried.
    const { cases, deps } = setUp(aCase({ escalationLevel: 1, version: 2 }))
    cases.failNextSaveAsStale = true

    // Act
    const escalated = await escalateCase('case-1', { reason: 'Still waiting.' }, aCustomer(), deps)

    // Assert
    expect(escalated.escalationLevel).toBe(2)
    expect(cases.events).toHaveLength(1)
  })
})
