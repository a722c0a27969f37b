import { describe, expect, it } from 'vitest'
import type { Case } from '#src/domain/case.ts'
import { ConflictError, ForbiddenError, NotFoundError } from '#src/domain/errors.ts'
import type { CaseChange } from '#src/use-cases/ports/cases.ts'
import { transitionCase } from '#src/use-cases/transition-case.ts'
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

/**
 * A store where other writers keep winning: each of the next `losses` saves finds that someone else
 * changed the case first (`meanwhile` says how), and fails as stale.
 */
class ContestedCaseStore extends InMemoryCaseStore {
  saveAttempts = 0

  constructor(
    c: Case,
    private losses: number,
    private readonly meanwhile: (current: Case) => Partial<Case> = () => ({}),
  ) {
    super({ cases: [c] })
  }

  override async saveCaseChange(change: CaseChange): Promise<void> {
    this.saveAttempts++
    if (this.losses > 0) {
      this.losses--
      const current = this.cases.get(change.next.id) as Case
      this.cases.set(current.id, { ...current, ...this.meanwhile(current), version: current.version + 1 })
    }
    return super.saveCaseChange(change)
  }
}

function setUp(c: Case = aCase()) {
  const cases = new InMemoryCaseStore({ cases: [c] })
  return { cases, deps: { cases, clock: fixedClock(), ids: sequentialIds(), ...slaFakes() } }
}

describe('transitionCase', () => {
  it('saves the new status, the next version and one case.transitioned event', async () => {
    // Arrange
    const { cases, deps } = setUp()

    // Act
    const result = await transitionCase('case-1', { action: 'acknowledge' }, aStaffMember(), deps)

    // Assert
    expect(result).toMatchObject({ status: 'open', version: 2, firstResponseAt: now.toISOString() })
    expect(cases.cases.get('case-1')).toEqual(result)
    expect(cases.events).toEqual([
      {
        id: 'id-1',
        caseId: 'case-1',
        accountId: 'acme',
        type: 'case.transitioned',
        action: 'acknowledge',
        actor: { userId: 'sam', role: 'agent' },
        at: now.toISOString(),
        visibility: 'public',
        changes: [
          { field: 'status', before: 'new', after: 'open' },
          { field: 'firstResponseAt', before: undefined, after: now.toISOString() },
        ],
      },
    ])
    expect(cases.comments).toEqual([])
  })

  it('stores the message as a public comment and names it in the event', async () => {
    // Arrange
    const { cases, deps } = setUp(aCase({ status: 'in_progress', firstResponseAt: now.toISOString() }))

    // Act
    await transitionCase(
      'case-1',
      { action: 'request_info', message: 'Which printer driver do you use?' },
      aStaffMember({ userId: 'erin', role: 'expert' }),
      deps,
    )

    // Assert
    expect(cases.comments).toEqual([
      {
        id: 'id-1',
        caseId: 'case-1',
        accountId: 'acme',
        authorId: 'erin',
        authorRole: 'expert',
        visibility: 'public',
        body: 'Which printer driver do you use?',
        createdAt: now.toISOString(),
      },
    ])
    expect(cases.events).toHaveLength(1)
    expect(cases.events[0]?.details).toEqual({
      commentId: 'id-1',
      message: 'Which printer driver do you use?',
    })
  })

  it('records the proposed resolution', async () => {
    const { deps } = setUp(aCase({ status: 'in_progress' }))
    const resolution = { kind: 'bug_raised', summary: 'Bug 4711.', fixEta: 'Patch 7.2.1 on Friday' } as const

    const result = await transitionCase(
      'case-1',
      { action: 'propose_solution', resolution },
      aStaffMember(),
      deps,
    )

    expect(result).toMatchObject({
      status: 'solution_proposed',
      resolution,
      solutionProposedAt: now.toISOString(),
    })
  })

  it('keeps the reason of a cancellation in the event', async () => {
    const { cases, deps } = setUp(aCase({ status: 'open' }))

    await transitionCase('case-1', { action: 'cancel', reason: 'Found it myself.' }, aCustomer(), deps)

    expect(cases.cases.get('case-1')?.status).toBe('cancelled')
    expect(cases.events[0]?.details).toEqual({ reason: 'Found it myself.' })
  })

  it('answers 404 for a case of another account', async () => {
    const { cases, deps } = setUp(aCase({ accountId: 'globex', status: 'open' }))

    await expect(transitionCase('case-1', { action: 'cancel' }, aCustomer(), deps)).rejects.toThrow(
      NotFoundError,
    )
    expect(cases.events).toEqual([])
  })

  it('refuses a role that may never take the action with 403 and saves nothing', async () => {
    const { cases, deps } = setUp()

    await expect(transitionCase('case-1', { action: 'acknowledge' }, aCustomer(), deps)).rejects.toThrow(
      ForbiddenError,
    )
    expect(cases.cases.get('case-1')?.version).toBe(1)
    expect(cases.events).toEqual([])
  })

  it('refuses an action the status forbids with 409, saving neither event nor message', async () => {
    const { cases, deps } = setUp(aCase({ status: 'closed' }))

    await expect(
      transitionCase('case-1', { action: 'reopen', message: 'Still broken.' }, aCustomer(), deps),
    ).rejects.toThrow(ConflictError)
    expect(cases.events).toEqual([])
    expect(cases.comments).toEqual([])
  })
})

describe('transitionCase: concurrent writers', () => {
  it('reads the case again and succeeds when another writer saved first', async () => {
    // Arrange
    const { cases, deps } = setUp()
    cases.failNextSaveAsStale = true

    // Act
    const result = await transitionCase(
      'case-1',
      { action: 'acknowledge', message: 'We are on it.' },
      aStaffMember(),
      deps,
    )

    // Assert
    expect(result).toMatchObject({ status: 'open', version: 2 })
    expect(cases.findCalls).toHaveLength(2)
    expect(cases.events).toHaveLength(1)
    expect(cases.comments).toHaveLength(1)
    expect(cases.events[0]?.details?.commentId).toBe(cases.comments[0]?.id)
  })

  it('decides again on the fresh case, keeping the other writer’s change', async () => {
    // Arrange: someone assigns the case while we start work on it.
    const cases = new ContestedCaseStore(aCase({ status: 'open' }), 1, () => ({ assigneeId: 'erin' }))
    const deps = { cases, clock: fixedClock(), ids: sequentialIds(), ...slaFakes() }

    // Act
    const result = await transitionCase('case-1', { action: 'start' }, aStaffMember(), deps)

    // Assert
    expect(result).toMatchObject({ status: 'in_progress', assigneeId: 'erin', version: 3 })
    expect(cases.saveAttempts).toBe(2)
    expect(cases.events).toHaveLength(1)
  })

  it('refuses the action when the fresh case no longer allows it', async () => {
    // Arrange: the customer cancels while support acknowledges.
    const cases = new ContestedCaseStore(aCase({ status: 'new' }), 1, () => ({ status: 'cancelled' }))
    const deps = { cases, clock: fixedClock(), ids: sequentialIds(), ...slaFakes() }

    // Act
    const attempt = transitionCase('case-1', { action: 'acknowledge' }, aStaffMember(), deps)

    // Assert
    await expect(attempt).rejects.toThrow(ConflictError)
    expect(cases.cases.get('case-1')).toMatchObject({ status: 'cancelled', version: 2 })
    expect(cases.events).toEqual([])
  })

  it('succeeds on the eighth attempt', async () => {
    const cases = new ContestedCaseStore(aCase(), 7)

    const result = await transitionCase('case-1', { action: 'acknowledge' }, aStaffMember(), {
      ...slaFakes(),
      cases,
      clock: fixedClock(),
      ids: sequentialIds(),
    })

    expect(result.version).toBe(9)
    expect(cases.saveAttempts).toBe(8)
  })

  it('gives up with 409 after eight stale attempts, having saved nothing', async () => {
    // Arrange
    const cases = new ContestedCaseStore(aCase(), 10)
    const deps = { cases, clock: fixedClock(), ids: sequentialIds(), ...slaFakes() }

    // Act
    const attempt = transitionCase(
      'case-1',
      { action: 'acknowledge', message: 'Hello' },
      aStaffMember(),
      deps,
    )

    // Assert
    await expect(attempt).rejects.toThrow(
      new ConflictError('The case is being changed by others right now. Please retry.'),
    )
    expect(cases.saveAttempts).toBe(8)
    expect(cases.events).toEqual([])
    expect(cases.comments).toEqual([])
  })

  it('does not retry a failure that is not a version conflict', async () => {
    const { cases, deps } = setUp()
    let attempts = 0
    cases.saveCaseChange = async () => {
      attempts++
      throw new Error('network down')
    }

    await expect(transitionCase('case-1', { action: 'acknowledge' }, aStaffMember(), deps)).rejects.toThrow(
      'network down',
    )
    expect(attempts).toBe(1)
  })
})
