import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Case } from '#src/domain/case.ts'
import { ConflictError, ForbiddenError } from '#src/domain/errors.ts'
import {
  type Actor,
  type ActorRole,
  allowedActions,
  applyTransition,
  type CaseAction,
  caseActions,
  diffCases,
  isTerminal,
  requestableActions,
  transitionTable,
} from '#src/domain/lifecycle.ts'
import { CaseStatus, customerRoles, roles, staffRoles } from '#src/domain/vocabulary.ts'
import { aCase, now } from '../fakes/core.ts'

const statuses = CaseStatus.options
const actorRoles: readonly ActorRole[] = [...roles, 'system']
const staff = staffRoles
const customers = customerRoles
const active = [
  'new',
  'open',
  'in_progress',
  'waiting_on_customer',
  'solution_proposed',
  'pending_closure',
] as const

/**
 * The lifecycle written out by hand, independently of `transitionTable`, so that a changed row in
 * the source shows up here as a failing example.
 */
const specification: {
  action: CaseAction
  from: readonly CaseStatus[]
  by: readonly ActorRole[]
  to: CaseStatus
}[] = [
  { action: 'acknowledge', from: ['new'], by: staff, to: 'open' },
  { action: 'start', from: ['new', 'open', 'waiting_on_customer'], by: staff, to: 'in_progress' },
  { action: 'request_info', from: ['new', 'open', 'in_progress'], by: staff, to: 'waiting_on_customer' },
  {
    action: 'propose_solution',
    from: ['new', 'open', 'in_progress', 'waiting_on_customer'],
    by: staff,
    to: 'solution_proposed',
  },
  { action: 'close', from: ['solution_proposed', 'pending_closure'], by: customers, to: 'closed' },
  { action: 'close', from: active, by: staff, to: 'closed' },
  { action: 'cancel', from: active, by: customers, to: 'cancelled' },
  { action: 'reopen', from: ['solution_proposed', 'pending_closure'], by: customers, to: 'in_progress' },
  {
    action: 'customer_reply',
    from: ['waiting_on_customer', 'solution_proposed', 'pending_closure'],
    by: customers,
    to: 'in_progress',
  },
  { action: 'mark_pending_closure', from: ['solution_proposed'], by: ['system'], to: 'pending_closure' },
  { action: 'auto_close', from: ['pending_closure'], by: ['system'], to: 'closed' },
  { action: 'merge', from: active, by: staff, to: 'closed' },
]

const examples = specification.flatMap((row) =>
  row.from.flatMap((from) => row.by.map((role) => ({ action: row.action, from, role, to: row.to }))),
)

function specifiedTarget(action: CaseAction, status: CaseStatus, role: ActorRole): CaseStatus | undefined {
  return specification.find(
    (row) => row.action === action && row.from.includes(status) && row.by.includes(role),
  )?.to
}

const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000)
const earlier = '2026-11-21T08:00:00.000Z'
const resolution = { kind: 'workaround', summary: 'Print to PDF first.' } as const

/** A case in `status`, with the dates and resolution a case reaching that status would carry. */
function caseIn(status: CaseStatus, overrides: Partial<Case> = {}): Case {
  const reached: Partial<Case> = {}
  if (status !== 'new') reached.firstResponseAt = earlier
  if (status === 'solution_proposed' || status === 'pending_closure') {
    reached.resolution = { ...resolution }
    reached.solutionProposedAt = earlier
  }
  if (status === 'pending_closure') reached.pendingClosureAt = '2026-11-28T08:00:00.000Z'
  if (status === 'closed') reached.closedAt = earlier
  if (status === 'cancelled') reached.cancelledAt = earlier
  return aCase({ status, version: 3, ...reached, ...overrides })
}

function actor(role: ActorRole): Actor {
  return { userId: role === 'system' ? 'system' : `${role}-1`, role }
}

function refusal(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('expected the transition to be refused')
}

/** Freezes a case and everything in it, so a test fails if the pure function mutates its input. */
function frozen(c: Case): Case {
  if (c.resolution) Object.freeze(c.resolution)
  return Object.freeze(c)
}

describe('transitionTable', () => {
  it('has exactly the rows of the specification', () => {
    const rows = transitionTable.map((row) => ({
      action: row.action,
      from: [...row.from].sort(),
      by: [...row.actors].sort(),
      to: row.to,
    }))
    const specified = specification.map((row) => ({
      action: row.action,
      from: [...row.from].sort(),
      by: [...row.by].sort(),
      to: row.to,
    }))

    expect(rows).toEqual(specified)
  })

  it('names only actions and statuses of the vocabulary', () => {
    for (const row of transitionTable) {
      expect(caseActions).toContain(row.action)
      expect(statuses).toContain(row.to)
      for (const from of row.from) expect(statuses).toContain(from)
    }
  })

  it('never leads out of a terminal status', () => {
    const fromTerminal = transitionTable.filter((row) => row.from.some((status) => isTerminal(status)))

    expect(fromTerminal).toEqual([])
  })
})

describe('applyTransition: every allowed combination', () => {
  it.each(examples)('a $role may $action a $from case → $to', ({ action, from, role, to }) => {
    const before = frozen(caseIn(from))

    const { next } = applyTransition(before, action, actor(role), now, { resolution })

    expect(next.status).toBe(to)
    expect(next.version).toBe(before.version + 1)
    expect(next.updatedAt).toBe(now.toISOString())
  })

  it('refuses every combination the specification does not name: 403 for a role that may never, 409 otherwise', () => {
    for (const action of caseActions) {
      for (const role of actorRoles) {
        const roleMayEver = specification.some((row) => row.action === action && row.by.includes(role))
        for (const status of statuses) {
          if (specifiedTarget(action, status, role)) continue
          const error = refusal(() => applyTransition(caseIn(status), action, actor(role), now))
          expect(error, `${role} ${action} on ${status}`).toBeInstanceOf(
            roleMayEver ? ConflictError : ForbiddenError,
          )
        }
      }
    }
  })
})

describe('applyTransition: effects', () => {
  it('records the first response on acknowledge', () => {
    const { next } = applyTransition(caseIn('new'), 'acknowledge', actor('agent'), now)

    expect(next.firstResponseAt).toBe(now.toISOString())
  })

  it.each(['request_info', 'propose_solution'] as const)(
    'records the first response on %s of a new case',
    (a) => {
      const { next } = applyTransition(caseIn('new'), a, actor('agent'), now, { resolution })

      expect(next.firstResponseAt).toBe(now.toISOString())
    },
  )

  it.each([
    ['request_info', 'in_progress'],
    ['propose_solution', 'waiting_on_customer'],
  ] as const)('never overwrites an earlier first response on %s', (a, from) => {
    const { next, changes } = applyTransition(caseIn(from), a, actor('expert'), at(60), { resolution })

    expect(next.firstResponseAt).toBe(earlier)
    expect(changes.map((change) => change.field)).not.toContain('firstResponseAt')
  })

  it('does not count start of a new case as a first response: nothing reaches the customer', () => {
    const { next } = applyTransition(caseIn('new'), 'start', actor('agent'), now)

    expect(next).not.toHaveProperty('firstResponseAt')
  })

  it('counts a staff close of a new case as its first response: the customer is told', () => {
    const { next } = applyTransition(caseIn('new'), 'close', actor('agent'), now)

    expect(next.firstResponseAt).toBe(now.toISOString())
  })

  it('records the resolution and when the solution was proposed', () => {
    // Arrange
    const bug = { kind: 'bug_raised', summary: 'Fixed in 7.2.1.', fixEta: '2026-11-26' } as const

    // Act
    const { next, changes } = applyTransition(
      caseIn('in_progress'),
      'propose_solution',
      actor('agent'),
      at(5),
      {
        resolution: bug,
      },
    )

    // Assert
    expect(next).toMatchObject({
      status: 'solution_proposed',
      resolution: bug,
      solutionProposedAt: at(5).toISOString(),
    })
    expect(changes).toContainEqual({ field: 'resolution', before: undefined, after: bug })
    expect(changes).toContainEqual({
      field: 'solutionProposedAt',
      before: undefined,
      after: at(5).toISOString(),
    })
  })

  it('records when the case went to pending closure, keeping the proposal date', () => {
    const { next } = applyTransition(
      caseIn('solution_proposed'),
      'mark_pending_closure',
      actor('system'),
      at(1),
    )

    expect(next).toMatchObject({ pendingClosureAt: at(1).toISOString(), solutionProposedAt: earlier })
  })

  it.each([
    ['customer', 'close', 'solution_proposed'],
    ['customer_admin', 'close', 'pending_closure'],
    ['manager', 'close', 'in_progress'],
    ['system', 'auto_close', 'pending_closure'],
  ] as const)('records closedAt when a %s uses %s on a %s case', (role, a, from) => {
    const { next } = applyTransition(caseIn(from), a, actor(role), at(2))

    expect(next.closedAt).toBe(at(2).toISOString())
    expect(next).not.toHaveProperty('cancelledAt')
  })

  it('records cancelledAt on cancel', () => {
    const { next } = applyTransition(caseIn('open'), 'cancel', actor('customer'), at(3))

    expect(next.cancelledAt).toBe(at(3).toISOString())
    expect(next).not.toHaveProperty('closedAt')
  })

  it.each([
    ['reopen', 'solution_proposed'],
    ['reopen', 'pending_closure'],
    ['customer_reply', 'solution_proposed'],
    ['customer_reply', 'pending_closure'],
  ] as const)('clears the proposal and pending-closure dates on %s from %s', (a, from) => {
    // Arrange
    const before = caseIn(from)

    // Act
    const { next, changes } = applyTransition(before, a, actor('customer'), now)

    // Assert
    expect(next).not.toHaveProperty('solutionProposedAt')
    expect(next).not.toHaveProperty('pendingClosureAt')
    expect(changes).toContainEqual({ field: 'solutionProposedAt', before: earlier, after: undefined })
    if (before.pendingClosureAt) {
      expect(changes).toContainEqual({
        field: 'pendingClosureAt',
        before: before.pendingClosureAt,
        after: undefined,
      })
    }
  })

  it('clears an old pending-closure date when a new solution is proposed', () => {
    const before = caseIn('in_progress', { pendingClosureAt: earlier })

    const { next } = applyTransition(before, 'propose_solution', actor('agent'), now, { resolution })

    expect(next).not.toHaveProperty('pendingClosureAt')
  })

  it('reports the status change and the effects, but not version and updatedAt', () => {
    const { changes } = applyTransition(caseIn('new'), 'acknowledge', actor('agent'), now)

    expect(changes).toEqual([
      { field: 'status', before: 'new', after: 'open' },
      { field: 'firstResponseAt', before: undefined, after: now.toISOString() },
    ])
  })

  it('leaves the fields the action is not about untouched', () => {
    const before = caseIn('open', {
      assigneeId: 'sam',
      escalationLevel: 2,
      severity: 'urgent',
      impact: 'Stopped.',
    })

    const { next } = applyTransition(before, 'start', actor('agent'), now)

    expect(next).toEqual({
      ...before,
      status: 'in_progress',
      version: before.version + 1,
      updatedAt: now.toISOString(),
    })
  })

  it('bumps the version by exactly one per transition', () => {
    const c1 = applyTransition(caseIn('new', { version: 7 }), 'acknowledge', actor('agent'), at(1)).next
    const c2 = applyTransition(c1, 'start', actor('agent'), at(2)).next
    const c3 = applyTransition(c2, 'propose_solution', actor('agent'), at(3), { resolution }).next

    expect([c1.version, c2.version, c3.version]).toEqual([8, 9, 10])
  })

  it('does not change the case it is given', () => {
    const before = frozen(caseIn('pending_closure'))
    const copy = structuredClone(before)

    applyTransition(before, 'reopen', actor('customer'), now)

    expect(before).toEqual(copy)
  })
})

describe('applyTransition: refusals', () => {
  it.each([
    ['agent', 'cancel'],
    ['admin', 'reopen'],
    ['customer', 'acknowledge'],
    ['customer_admin', 'start'],
    ['customer', 'request_info'],
    ['customer', 'propose_solution'],
    ['manager', 'customer_reply'],
    ['agent', 'mark_pending_closure'],
    ['customer', 'auto_close'],
    ['system', 'cancel'],
  ] as const)('refuses a %s who may never %s with 403, whatever the status', (role, a) => {
    for (const status of statuses) {
      const error = refusal(() => applyTransition(caseIn(status), a, actor(role), now))

      expect(error).toBeInstanceOf(ForbiddenError)
      expect((error as ForbiddenError).status).toBe(403)
    }
  })

  it('names the role and the action in the 403', () => {
    const error = refusal(() => applyTransition(caseIn('open'), 'cancel', actor('agent'), now))

    expect((error as Error).message).toBe('The agent role may not cancel a case.')
  })

  it('answers 409 naming the current status and the actions staff may take instead', () => {
    const error = refusal(() => applyTransition(caseIn('in_progress'), 'acknowledge', actor('agent'), now))

    expect(error).toBeInstanceOf(ConflictError)
    expect((error as ConflictError).status).toBe(409)
    expect((error as Error).message).toBe(
      'Case CS-1001 is in_progress: acknowledge is not possible now. Allowed actions: request_info, propose_solution, close.',
    )
  })

  it('lists only actions a client can request, never customer_reply or timer actions', () => {
    const error = refusal(() =>
      applyTransition(caseIn('waiting_on_customer'), 'reopen', actor('customer'), now),
    )

    expect((error as Error).message).toContain('is waiting_on_customer')
    expect((error as Error).message).toMatch(/Allowed actions: cancel\.$/)
  })

  it('refuses to reopen a closed case and says to open a new one', () => {
    const error = refusal(() => applyTransition(caseIn('closed'), 'reopen', actor('customer'), now))

    expect(error).toBeInstanceOf(ConflictError)
    expect((error as Error).message).toContain('can no longer be reopened')
    expect((error as Error).message).toContain('open a new case')
    expect((error as Error).message).toContain('CS-1001')
  })

  it.each(['closed', 'cancelled'] as const)('says no action is possible on a %s case', (status) => {
    const error = refusal(() => applyTransition(caseIn(status), 'close', actor('agent'), now))

    expect(error).toBeInstanceOf(ConflictError)
    expect((error as Error).message).toContain(`is ${status}`)
    expect((error as Error).message).toContain('No action is possible in this status.')
  })
})

describe('allowedActions', () => {
  it('matches the specification for every status and role', () => {
    for (const status of statuses) {
      for (const role of actorRoles) {
        const expected = caseActions.filter((a) => specifiedTarget(a, status, role) !== undefined)

        expect([...allowedActions(status, role)].sort(), `${role} on ${status}`).toEqual([...expected].sort())
      }
    }
  })

  it('lists each action once, even when two rows allow it', () => {
    expect(allowedActions('solution_proposed', 'customer')).toEqual([
      'close',
      'cancel',
      'reopen',
      'customer_reply',
    ])
  })

  it.each(['closed', 'cancelled'] as const)('allows nothing on a %s case', (status) => {
    for (const role of actorRoles) expect(allowedActions(status, role)).toEqual([])
  })
})

describe('isTerminal', () => {
  it('holds for closed and cancelled only', () => {
    expect(statuses.filter(isTerminal)).toEqual(['closed', 'cancelled'])
  })
})

describe('requestableActions', () => {
  it('are the actions of the transitions endpoint, without the automatic ones', () => {
    expect([...requestableActions].sort()).toEqual(
      ['acknowledge', 'cancel', 'close', 'propose_solution', 'reopen', 'request_info', 'start'].sort(),
    )
  })
})

describe('diffCases', () => {
  it('lists exactly the fields that changed, before → after', () => {
    const before = aCase({ title: 'Old', severity: 'low' })
    const after = { ...before, title: 'New', severity: 'urgent' as const }

    expect(diffCases(before, after)).toEqual([
      { field: 'title', before: 'Old', after: 'New' },
      { field: 'severity', before: 'low', after: 'urgent' },
    ])
  })

  it('reports an added field with no before and a removed field with no after', () => {
    const before = aCase({ assigneeId: 'sam' })
    const { assigneeId: _, ...unassigned } = before
    const after = { ...unassigned, component: 'Printing' }

    expect(diffCases(before, after)).toEqual([
      { field: 'assigneeId', before: 'sam', after: undefined },
      { field: 'component', before: undefined, after: 'Printing' },
    ])
  })

  it('ignores version and updatedAt by default', () => {
    const before = aCase()
    const after = { ...before, version: 9, updatedAt: now.toISOString() }

    expect(diffCases(before, after)).toEqual([])
  })

  it('takes another list of fields to ignore', () => {
    const before = aCase()
    const after = { ...before, version: 2, title: 'Other' }

    expect(diffCases(before, after, ['title'])).toEqual([{ field: 'version', before: 1, after: 2 }])
  })

  it('compares nested values by content', () => {
    const before = aCase({ resolution: { kind: 'solved', summary: 'Done.' } })
    const same = { ...before, resolution: { kind: 'solved' as const, summary: 'Done.' } }
    const other = { ...before, resolution: { kind: 'solved' as const, summary: 'Done differently.' } }

    expect(diffCases(before, same)).toEqual([])
    expect(diffCases(before, other).map((change) => change.field)).toEqual(['resolution'])
  })
})

describe('applyTransition: random action sequences (property)', () => {
  const step = fc.record({
    action: fc.constantFrom(...caseActions),
    role: fc.constantFrom(...actorRoles),
  })

  it('only ever takes a row of the table, bumps the version once per success and never leaves a terminal status', () => {
    fc.assert(
      fc.property(fc.constantFrom(...statuses), fc.array(step, { maxLength: 30 }), (start, steps) => {
        let c = caseIn(start)
        let successes = 0
        let firstResponse = c.firstResponseAt
        steps.forEach(({ action, role }, i) => {
          const before = c
          const target = specifiedTarget(action, before.status, role)
          try {
            c = applyTransition(before, action, actor(role), at(i), { resolution }).next
          } catch (error) {
            expect(error instanceof ConflictError || error instanceof ForbiddenError).toBe(true)
            expect(target).toBeUndefined()
            return
          }
          successes++
          expect(isTerminal(before.status)).toBe(false)
          expect(c.status).toBe(target)
          expect(
            transitionTable.some(
              (row) =>
                row.action === action &&
                row.from.includes(before.status) &&
                row.actors.includes(role) &&
                row.to === c.status,
            ),
          ).toBe(true)
          expect(c.version).toBe(before.version + 1)
          if (firstResponse) expect(c.firstResponseAt).toBe(firstResponse)
          firstResponse = c.firstResponseAt
        })
        expect(statuses).toContain(c.status)
        expect(c.version).toBe(3 + successes)
      }),
      { numRuns: 200 },
    )
  })
})
