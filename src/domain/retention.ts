/**
 * Retention of ended cases (docs/privacy.md, Retention): an account may set `retainClosedCasesDays`;
 * its cases that ended (closed or cancelled) more than that many days ago are purged by the daily
 * job. Pure: the job reads the cases and hands them in.
 */

/** The setting's bounds: at least a day, at most ten years. Unset: ended cases are kept. */
export const minRetainClosedCasesDays = 1
export const maxRetainClosedCasesDays = 3650

const dayMs = 24 * 60 * 60 * 1000

/** The moment before which a case must have ended to be purged now: `now` less the account's days. */
export function retentionCutoff(now: Date, retainClosedCasesDays: number): Date {
  return new Date(now.getTime() - retainClosedCasesDays * dayMs)
}

/** What the purge needs to know of a case: when it was filed and when (whether) it ended. */
export interface RetentionCandidate {
  status: string
  createdAt: string
  closedAt?: string | undefined
  cancelledAt?: string | undefined
}

/**
 * When the case ended: closed (`closedAt`) or cancelled (`cancelledAt`); undefined while it is
 * active. A closed case never reopens (docs/architecture.md, lifecycle), so the time is final.
 */
export function endedAt(c: RetentionCandidate): string | undefined {
  if (c.status === 'closed') return c.closedAt
  if (c.status === 'cancelled') return c.cancelledAt
  return undefined
}

/**
 * Whether the case is past its account's retention: it ended strictly before the cutoff. A case
 * that ended exactly at the cutoff has been kept exactly the days asked for, and goes the next day.
 */
export function isPastRetention(c: RetentionCandidate, cutoff: Date): boolean {
  const ended = endedAt(c)
  return ended !== undefined && new Date(ended).getTime() < cutoff.getTime()
}
