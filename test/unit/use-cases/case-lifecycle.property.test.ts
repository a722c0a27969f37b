import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Case, Resolution } from '#src/domain/case.ts'
import type { CommentVisibility } from '#src/domain/comment.ts'
import { ConflictError, ForbiddenError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import {
  isTerminal,
  type RequestableAction,
  requestableActions,
  transitionTable,
} from '#src/domain/lifecycle.ts'
import { CaseStatus } from '#src/domain/vocabulary.ts'
import { addComment } from '#src/use-cases/comments.ts'
import { transitionCase } from '#src/use-cases/transition-case.ts'
import {
  aCase,
  aCustomer,
  aStaffMember,
  InMemoryCaseStore,
  sequentialIds,
  slaFakes,
  steppingClock,
} from '../fakes/core.ts'

/**
 * Random sequences of lifecycle actions and comments by random callers, run through the use cases
 * against the in-memory store. After every step the case, its history and its comments must agree
 * with the transition table; a refused step must leave everything as it was.
 */

const callers: Caller[] = [
  aCustomer({ userId: 'alice', role: 'customer' }),
  aCustomer({ userId: 'adam', role: 'customer_admin' }),
  aStaffMember({ userId: 'sam', role: 'agent' }),
  aStaffMember({ userId: 'erin', role: 'expert' }),
  aStaffMember({ userId: 'maria', role: 'manager' }),
  aStaffMember({ userId: 'root', role: 'admin' }),
]

type Step =
  | { kind: 'transition'; action: RequestableAction; caller: Caller; message: string | undefined }
  | { kind: 'comment'; visibility: CommentVisibility; caller: Caller }

const resolutionArb: fc.Arbitrary<Resolution> = fc.oneof(
  fc.constant<Resolution>({ kind: 'solved', summary: 'Config fixed.' }),
  fc.constant<Resolution>({ kind: 'bug_raised', summary: 'Bug 77.', fixEta: '2026-12-01' }),
)

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('transition' as const),
    action: fc.constantFrom(...requestableActions),
    caller: fc.constantFrom(...callers),
    message: fc.option(fc.constant('Please see my note.'), { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant('comment' as const),
    visibility: fc.constantFrom<CommentVisibility>('public', 'internal'),
    caller: fc.constantFrom(...callers),
  }),
)

/** A starting case in any status, with the fields a case reaching it would carry. */
function startingCase(status: CaseStatus, answered: boolean): Case {
  const at = '2026-11-21T08:00:00.000Z'
  return aCase({
    status,
    version: 1,
    ...(answered || status !== 'new' ? { firstResponseAt: at } : {}),
    ...(status === 'solution_proposed' || status === 'pending_closure'
      ? { solutionProposedAt: at, resolution: { kind: 'solved', summary: 'Done.' } }
      : {}),
    ...(status === 'pending_closure' ? { pendingClosureAt: at } : {}),
    ...(status === 'closed' ? { closedAt: at } : {}),
    ...(status === 'cancelled' ? { cancelledAt: at } : {}),
  })
}

function isRowOfTable(action: string, from: CaseStatus, role: string, to: CaseStatus): boolean {
  return transitionTable.some(
    (row) =>
      row.action === action &&
      row.from.includes(from) &&
      (row.actors as readonly string[]).includes(role) &&
      row.to === to,
  )
}

/** Whether the rules let the caller take the step on a case in `status`, decided from the table alone. */
function mayTake(step: Step, status: CaseStatus): boolean {
  if (step.kind === 'comment') {
    // Customers write public comments only, and only on a case that is still active.
    return step.caller.kind === 'staff' || (step.visibility === 'public' && !isTerminal(status))
  }
  return transitionTable.some(
    (row) =>
      row.action === step.action &&
      row.from.includes(status) &&
      (row.actors as readonly string[]).includes(step.caller.role),
  )
}

function describeStep(step: Step): string {
  return step.kind === 'transition' ? step.action : `${step.visibility} comment`
}

async function run(
  step: Step,
  store: InMemoryCaseStore,
  deps: Parameters<typeof transitionCase>[3],
  resolution: Resolution,
) {
  if (step.kind === 'transition') {
    return transitionCase(
      'case-1',
      {
        action: step.action,
        message: step.message,
        resolution: step.action === 'propose_solution' ? resolution : undefined,
      },
      step.caller,
      { ...deps, cases: store },
    )
  }
  return addComment('case-1', { body: 'Any news?', visibility: step.visibility }, step.caller, {
    ...deps,
    cases: store,
  })
}

describe('case lifecycle through the use cases (property)', () => {
  it('keeps case, history and comments consistent with the transition table', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CaseStatus.options),
        fc.boolean(),
        fc.array(stepArb, { maxLength: 25 }),
        resolutionArb,
        async (status, answered, steps, resolution) => {
          // Arrange
          const store = new InMemoryCaseStore({ cases: [startingCase(status, answered)] })
          const deps = { cases: store, clock: steppingClock(), ids: sequentialIds(), ...slaFakes() }
          let transitions = 0
          let comments = 0
          let caseChanges = 0

          for (const step of steps) {
            const before = store.cases.get('case-1') as Case
            const eventsBefore = store.events.length
            const commentsBefore = store.comments.length

            // Act
            try {
              await run(step, store, deps, resolution)
            } catch (error) {
              // Assert: a refused step is one the rules refuse, a 403 or 409, and it changes nothing.
              expect(
                mayTake(step, before.status),
                `${step.caller.role} ${describeStep(step)} on ${before.status}`,
              ).toBe(false)
              expect(error instanceof ForbiddenError || error instanceof ConflictError, String(error)).toBe(
                true,
              )
              expect(store.cases.get('case-1')).toBe(before)
              expect(store.events).toHaveLength(eventsBefore)
              expect(store.comments).toHaveLength(commentsBefore)
              continue
            }

            // Assert: a successful step, which the rules allow.
            expect(
              mayTake(step, before.status),
              `${step.caller.role} ${describeStep(step)} on ${before.status}`,
            ).toBe(true)
            const after = store.cases.get('case-1') as Case
            const newEvents = store.events.slice(eventsBefore)
            const newComments = store.comments.slice(commentsBefore)
            expect(CaseStatus.options).toContain(after.status)
            if (after !== before) {
              caseChanges++
              expect(after.version).toBe(before.version + 1)
            } else {
              expect(after.version).toBe(before.version)
            }
            if (before.firstResponseAt) expect(after.firstResponseAt).toBe(before.firstResponseAt)

            if (step.kind === 'transition') {
              transitions++
              expect(isTerminal(before.status)).toBe(false)
              expect(isRowOfTable(step.action, before.status, step.caller.role, after.status)).toBe(true)
              expect(newEvents.map((e) => [e.type, e.action])).toEqual([['case.transitioned', step.action]])
              expect(newEvents[0]?.changes).toContainEqual({
                field: 'status',
                before: before.status,
                after: after.status,
              })
              expect(newComments).toHaveLength(step.message ? 1 : 0)
              if (step.message) expect(newEvents[0]?.details?.commentId).toBe(newComments[0]?.id)
            } else {
              comments++
              expect(newComments).toHaveLength(1)
              expect(newEvents.filter((e) => e.type === 'comment.added')).toHaveLength(1)
              expect(newEvents).toHaveLength(after === before ? 1 : 2)
              if (after.status !== before.status) {
                expect(isRowOfTable('customer_reply', before.status, step.caller.role, after.status)).toBe(
                  true,
                )
              }
            }
          }

          // Assert: the history as a whole.
          const final = store.cases.get('case-1') as Case
          const ofType = (type: string) => store.events.filter((e) => e.type === type)
          expect(ofType('case.transitioned').filter((e) => e.action !== 'customer_reply')).toHaveLength(
            transitions,
          )
          expect(ofType('comment.added')).toHaveLength(comments)
          expect(final.version).toBe(1 + caseChanges)
          const referenced = store.events.map((e) => e.details?.commentId).filter(Boolean)
          expect(store.comments.map((c) => c.id).sort()).toEqual([...new Set(referenced)].sort() as string[])
        },
      ),
      { numRuns: 150 },
    )
  })

  it('accepts no transition at all once a case is closed or cancelled', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<CaseStatus>('closed', 'cancelled'),
        fc.array(
          fc.record({ action: fc.constantFrom(...requestableActions), caller: fc.constantFrom(...callers) }),
          { minLength: 1, maxLength: 10 },
        ),
        async (status, steps) => {
          const store = new InMemoryCaseStore({ cases: [startingCase(status, true)] })
          const deps = { cases: store, clock: steppingClock(), ids: sequentialIds(), ...slaFakes() }

          for (const { action, caller } of steps) {
            await expect(
              transitionCase(
                'case-1',
                { action, resolution: { kind: 'solved', summary: 'x' } },
                caller,
                deps,
              ),
            ).rejects.toSatisfy((error) => error instanceof ConflictError || error instanceof ForbiddenError)
          }
          expect(store.cases.get('case-1')?.status).toBe(status)
          expect(store.events).toEqual([])
        },
      ),
      { numRuns: 50 },
    )
  })
})
