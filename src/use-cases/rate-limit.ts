import type { RateLimits } from '#src/config.ts'
import { AppError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import { errorFields, logger } from '#src/logger.ts'
import type { Clock } from '#src/use-cases/ports/common.ts'

/** Limits count per minute, in fixed windows that start on the minute. */
export const rateWindowMs = 60_000

/** Reads (GET) are counted apart from requests that change something. */
export type RateKind = 'reads' | 'writes'

export interface RateWindow {
  start: Date
  end: Date
}

/** The fixed window `now` falls in: 10:05:00.000 ≤ now < 10:06:00.000. */
export function rateWindowOf(now: Date): RateWindow {
  const start = Math.floor(now.getTime() / rateWindowMs) * rateWindowMs
  return { start: new Date(start), end: new Date(start + rateWindowMs) }
}

/**
 * Whose budget a request spends: every contact of a customer account shares the account's (the
 * tenant is what a runaway integration or script would overload), staff each have their own.
 */
export function rateSubjectOf(caller: Caller): string {
  return caller.kind === 'customer' ? `account#${caller.accountId}` : `user#${caller.userId}`
}

/** Where a caller stands in this minute's budget of one kind, as the rate-limit headers tell it. */
export interface RateQuota {
  kind: RateKind
  limit: number
  /** Requests left in the window; unknown for writes, whose count lives in the shared item. */
  remaining: number | undefined
  /** Whole seconds until the window ends, at least 1. */
  resetSeconds: number
}

/**
 * The rate-limit headers of draft-ietf-httpapi-ratelimit-headers (docs/deploy.md, "Rate limits"):
 * `RateLimit-Policy` names the kind's quota per 60-second window; `RateLimit` what is left of it
 * and when it resets, when this instance knows.
 */
export function rateLimitHeaders(quota: RateQuota): Record<string, string> {
  const headers: Record<string, string> = {
    'ratelimit-policy': `"${quota.kind}";q=${quota.limit};w=${rateWindowMs / 1000}`,
  }
  if (quota.remaining !== undefined) {
    headers.ratelimit = `"${quota.kind}";r=${quota.remaining};t=${quota.resetSeconds}`
  }
  return headers
}

/** 429 with `Retry-After` and the rate-limit headers: the caller's budget for this minute is spent. */
export class TooManyRequestsError extends AppError {
  constructor(detail: string, retryAfterSeconds: number, quota?: RateQuota) {
    super(429, 'too-many-requests', 'Too many requests', detail, {
      headers: { 'retry-after': String(retryAfterSeconds), ...(quota && rateLimitHeaders(quota)) },
    })
    this.name = 'TooManyRequestsError'
  }
}

/** The shared counter behind the write limit: one item per subject and window in the table. */
export interface RateCounter {
  /** Counts one request in `window` unless it already holds `limit`; false: the budget is spent. */
  countIn(subject: string, window: RateWindow, limit: number): Promise<boolean>
}

export interface RateLimiterDeps {
  limits: RateLimits
  counter: RateCounter
  clock: Clock
  /** Told of every refusal (a metric). */
  onLimited?: (kind: RateKind) => void
  /** Told when the shared counter failed and a write was let through (a metric). */
  onCounterUnavailable?: () => void
}

export interface RateLimiter {
  /** Lets the request through, saying what is left of the budget (none: no limit), or throws `TooManyRequestsError`. */
  admit(caller: Caller, kind: RateKind): Promise<RateQuota | undefined>
}

/**
 * The per-caller rate limit (docs/deploy.md, "Rate limits"), one per function instance:
 *
 * 1. No limit configured for the kind: let it through.
 * 2. Reads: count in this instance's memory; over the limit, refuse. No I/O, no cost: a script
 *    looping over one route lands on one warm instance and is stopped there; a wide parallel
 *    burst is what the API stage's throttling is for.
 * 3. Writes: refuse at once if this instance already saw the window full (no write to pay for).
 * 4. Otherwise count in the shared window item (one conditional `UpdateItem`, one write unit),
 *    which holds across every instance of every function; full: remember it, refuse.
 * 5. The counter failing lets the write through (logged, counted): a DynamoDB hiccup must not
 *    turn into refusals, and the request's own writes will meet the same fate anyway.
 *
 * A refusal says when the window ends (`Retry-After`, whole seconds, at least 1).
 */
export function createRateLimiter(deps: RateLimiterDeps): RateLimiter {
  let currentWindow = 0
  const readCounts = new Map<string, number>()
  const fullForWrites = new Set<string>()

  /** A new minute starts every budget afresh; dropping the old entries also bounds the memory used. */
  function enter(window: RateWindow): void {
    if (window.start.getTime() === currentWindow) return
    currentWindow = window.start.getTime()
    readCounts.clear()
    fullForWrites.clear()
  }

  function refusal(caller: Caller, kind: RateKind, limit: number, window: RateWindow, now: Date) {
    deps.onLimited?.(kind)
    const retryAfter = secondsLeft(window, now)
    const whose = caller.kind === 'customer' ? 'Your account has used its' : 'You have used your'
    const one = limit === 1
    const what =
      kind === 'reads'
        ? `read request${one ? '' : 's'}`
        : `request${one ? ' that changes' : 's that change'} data`
    return new TooManyRequestsError(
      `${whose} ${limit} ${what} for this minute. Retry after ${retryAfter} seconds.`,
      retryAfter,
      { kind, limit, remaining: 0, resetSeconds: retryAfter },
    )
  }

  return {
    async admit(caller, kind) {
      const limit = kind === 'reads' ? deps.limits.readsPerMinute : deps.limits.writesPerMinute
      if (!limit) return undefined
      const now = deps.clock.now()
      const window = rateWindowOf(now)
      enter(window)
      const subject = rateSubjectOf(caller)
      if (kind === 'reads') {
        const count = (readCounts.get(subject) ?? 0) + 1
        if (count > limit) {
          if (count === limit + 1) logger.info('rate limit reached', { kind, subject, limit })
          readCounts.set(subject, count)
          throw refusal(caller, kind, limit, window, now)
        }
        readCounts.set(subject, count)
        return { kind, limit, remaining: limit - count, resetSeconds: secondsLeft(window, now) }
      }
      if (fullForWrites.has(subject)) throw refusal(caller, kind, limit, window, now)
      let counted: boolean
      try {
        counted = await deps.counter.countIn(subject, window, limit)
      } catch (error) {
        logger.warn('rate limit counter unavailable; request let through', { kind, ...errorFields(error) })
        deps.onCounterUnavailable?.()
        return undefined
      }
      if (!counted) {
        fullForWrites.add(subject)
        logger.info('rate limit reached', { kind, subject, limit })
        throw refusal(caller, kind, limit, window, now)
      }
      return { kind, limit, remaining: undefined, resetSeconds: secondsLeft(window, now) }
    },
  }
}

/** Whole seconds until the window ends, at least 1. */
function secondsLeft(window: RateWindow, now: Date): number {
  return Math.max(1, Math.ceil((window.end.getTime() - now.getTime()) / 1000))
}
