import type { Calendar } from '#src/domain/sla/calendar.ts'
import {
  type CaseSlaFacts,
  type FollowedClocks,
  followClocks,
  initialClocks,
  type SlaContext,
} from '#src/domain/sla/case-sla.ts'
import { defaultSlaPolicy, type SlaPolicy, type TargetTerms } from '#src/domain/sla/policy.ts'
import type { CaseStatus, Severity } from '#src/domain/vocabulary.ts'

/**
 * Test helpers for the SLA engine (case-sla.ts): a context over explicit calendar and policy
 * versions, and a tiny driver that moves a case through changes the way the use cases do.
 */

export interface ContextOptions {
  /** Versions 1, 2, … of the case's calendar; the last is the latest (what a new clock starts on). */
  calendars: readonly Calendar[]
  /** Versions 1, 2, … of the case's policy; the last is the latest. */
  policies?: readonly SlaPolicy[]
  terms?: TargetTerms
}

/**
 * An SLA context over numbered versions. `calendarOf` and `policyOf` return the version the clock
 * keeps and throw for one the context does not hold, so a test notices a clock read on the wrong
 * version.
 */
export function slaContext(options: ContextOptions): SlaContext {
  const { calendars, policies = [defaultSlaPolicy], terms = { serviceLevel: 'premium' } } = options
  const calendar = calendars.at(-1)
  const policy = policies.at(-1)
  if (!calendar || !policy) throw new Error('a context needs a calendar and a policy')
  const versionOf = <T>(list: readonly T[], version: number | undefined, what: string): T => {
    // A clock stored before versions existed reads the latest (SlaContext.calendarOf).
    const found = version === undefined ? list.at(-1) : list[version - 1]
    if (!found) throw new Error(`the context holds no ${what} version ${version}`)
    return found
  }
  return {
    terms,
    latest: {
      calendarId: calendar.id,
      calendarVersion: calendars.length,
      calendar,
      policyId: policy.id,
      policyVersion: policies.length,
      policy,
    },
    calendarOf(clock) {
      if (clock.calendarId !== calendar.id)
        throw new Error(`the context holds no calendar ${clock.calendarId}`)
      return versionOf(calendars, clock.calendarVersion, 'calendar')
    },
    policyOf(clock) {
      return versionOf(policies, clock.policyVersion, 'policy')
    },
  }
}

/** A case as the engine reads it, with its clocks. */
export type SlaCase = CaseSlaFacts

/** A case filed at `at` (status new), with the clocks it starts with. */
export function fileCase(at: string, severity: Severity, context: SlaContext): SlaCase {
  const filed: SlaCase = { status: 'new', severity, createdAt: at, updatedAt: at }
  return { ...filed, slaClocks: initialClocks(filed, context) }
}

/** One change of a case: a new status or severity, and whether it told the customer or came from them. */
export interface CaseChange {
  at: string
  status?: CaseStatus
  severity?: Severity
  /** A public reaction by support (acknowledge, request for information, proposal, close, public comment). */
  staff?: boolean
  /** A public comment by the customer. */
  customer?: boolean
}

const terminal: readonly CaseStatus[] = ['closed', 'cancelled']

/**
 * Applies a change the way the use cases do: a public staff reaction records the first response
 * (`firstResponseAt`, once), then the engine follows and its clocks are stored on the case.
 */
export function change(
  before: SlaCase,
  { at, status, severity, staff = false, customer = false }: CaseChange,
  context: SlaContext,
): { after: SlaCase } & FollowedClocks {
  const firstResponseAt =
    before.firstResponseAt ?? (staff && !terminal.includes(before.status) ? at : undefined)
  const changed: SlaCase = {
    ...before,
    status: status ?? before.status,
    severity: severity ?? before.severity,
    updatedAt: at,
    ...(firstResponseAt ? { firstResponseAt } : {}),
  }
  const followed = followClocks(before, changed, context, {
    publicStaffUpdate: staff,
    customerMessage: customer,
  })
  const { slaClock: _, ...rest } = changed
  return { ...followed, after: { ...rest, slaClocks: followed.clocks } }
}

/** Runs changes one after the other; the case after each, and every outcome with the change that made it. */
export function changes(start: SlaCase, steps: readonly CaseChange[], context: SlaContext) {
  let current = start
  const history: Array<{ after: SlaCase } & FollowedClocks> = []
  for (const step of steps) {
    const result = change(current, step, context)
    history.push(result)
    current = result.after
  }
  return { last: current, history, outcomes: history.flatMap((step) => step.outcomes) }
}

/** `iso('2026-12-14T08:00')` is that UTC minute as the engine stores it. */
export function iso(isoUtcMinute: string): string {
  return new Date(`${isoUtcMinute}:00Z`).toISOString()
}
