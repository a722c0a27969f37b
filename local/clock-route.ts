import { DateTime, Duration } from 'luxon'
import * as z from 'zod'
import { advanceLocalClock, localClock, setLocalClock } from '#src/adapters/local-clock.ts'
import { ConflictError, ValidationError } from '#src/domain/errors.ts'
import { parseRequestPart } from '#src/http/request.ts'
import type { FiredTimer, LocalSchedulerEndpoint } from './scheduler-endpoint.ts'

const ClockRequest = z
  .strictObject({
    advanceBy: z.string().optional(),
    set: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((body) => (body.advanceBy === undefined) !== (body.set === undefined), {
    message:
      'Send exactly one of advanceBy (an ISO 8601 duration like "P7D") or set (an ISO 8601 time with offset).',
  })

export interface ClockMoved {
  /** The local clock after the move, the time the due timers fired at. */
  now: string
  fired: FiredTimer[]
}

/** Schedules have one-second resolution (`at(yyyy-mm-ddThh:mm:ss)`, rounded up from the due time). */
const ceilToSecond = (time: number) => Math.ceil(time / 1000) * 1000

/**
 * `POST /local/clock` (docs/architecture.md, timers as hints): moves the local clock that every
 * handler reads (`CLOCK=local`) by `{"advanceBy": "P7D"}` or to `{"set": "2026-12-18T12:00:00Z"}`,
 * then fires every timer that became due, as Scheduler would have while that time passed.
 *
 * The clock lands on the whole second at or after the requested time: a timer is scheduled at its
 * due time rounded up to the second, so this is what makes every timer due by the requested time
 * fire now (a proposal made at 12:00:00.6 has its 7-day timer at 12:00:01 a week later, which a
 * `P7D` from 12:00:00.7 would otherwise miss by 300 ms). The clock never goes backwards: timers that
 * already fired cannot be taken back, so a `set` into the past is refused rather than ignored.
 */
export async function moveLocalClock(
  body: unknown,
  scheduler: Pick<LocalSchedulerEndpoint, 'fireDue'>,
  /** Waits until the table stream has caught up: timers are set by the event handler, after the change. */
  settle: () => Promise<void> = async () => {},
): Promise<ClockMoved> {
  const request = parseRequestPart(ClockRequest, body, 'body')
  // Changes made just before this call must have their timers before the clock moves.
  await settle()
  const before = localClock.now()
  let now: Date
  if (request.advanceBy !== undefined) {
    const duration = Duration.fromISO(request.advanceBy)
    const target = duration.isValid ? DateTime.fromJSDate(before, { zone: 'utc' }).plus(duration) : undefined
    if (!target?.isValid)
      throw new ValidationError('The request body has invalid fields; see errors.', [
        { pointer: '/advanceBy', detail: 'is not an ISO 8601 duration like "P7D" or "PT2H30M"' },
      ])
    if (target.toMillis() < before.getTime())
      throw new ValidationError('The request body has invalid fields; see errors.', [
        { pointer: '/advanceBy', detail: 'must not be negative: the local clock never goes backwards' },
      ])
    now = advanceLocalClock(ceilToSecond(target.toMillis()) - before.getTime())
  } else {
    const target = new Date(request.set as string)
    if (target.getTime() < before.getTime())
      throw new ConflictError(
        `The local clock reads ${before.toISOString()} and never goes backwards; restart the local server to return to the real time.`,
      )
    now = setLocalClock(new Date(ceilToSecond(target.getTime())))
  }
  // Nothing awaited between moving the clock and this call: the 1-second ticker must not fire (and
  // so take out of this answer) the timers the move made due.
  const fired = await scheduler.fireDue(now)
  await settle()
  return { now: now.toISOString(), fired }
}
