import { DateTime, Duration } from 'luxon'
import { advanceLocalClock, localClock, setLocalClock } from '#src/adapters/local-clock.ts'
import { ConflictError, ValidationError } from '#src/domain/errors.ts'
import { parseRequestPart } from '#src/http/request.ts'
import * as z from '#src/zod.ts'
import type { DailyRun, LocalDailySchedule } from './daily-schedule.ts'
import type { FiredTimer, LocalSchedulerEndpoint } from './scheduler-endpoint.ts'
import type { LocalSqsQueue } from './sqs-endpoint.ts'

const ClockRequest = z
  .strictObject({
    advanceBy: z.optional(z.string()),
    set: z.optional(z.iso.datetime({ offset: true })),
  })
  .check(
    z.refine((body) => (body.advanceBy === undefined) !== (body.set === undefined), {
      message:
        'Send exactly one of advanceBy (an ISO 8601 duration like "P7D") or set (an ISO 8601 time with offset).',
    }),
  )

export interface ClockMoved {
  /** The local clock after the move, the time the due timers fired at. */
  now: string
  fired: FiredTimer[]
  /** Messages of the webhook queue delivered (attempted) while the move was handled: those it made due. */
  deliveries: number
  /** The daily jobs run because the move passed a UTC midnight (the retention job: docs/privacy.md). */
  daily: DailyRun[]
}

/** A delivery that keeps enqueuing due messages for itself must not hang `POST /local/clock`. */
const maxDeliveryPasses = 100

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
 *
 * Then the webhook queue's due messages are delivered, and awaited (docs/integrations.md,
 * locally): a retry whose delay passed, or the deliveries of the events the fired timers caused.
 * Delivering may cause more (a delivery's change goes through the stream again), so this repeats
 * until nothing is due, and the answer is complete when it comes.
 *
 * Last, if the move passed a UTC midnight, the daily retention job runs once, at the moved time
 * (`LocalDailySchedule`): one run purges everything due by then, so it stands for every midnight passed.
 */
export async function moveLocalClock(
  body: unknown,
  scheduler: Pick<LocalSchedulerEndpoint, 'fireDue'>,
  /** Waits until the table stream has caught up: timers are set by the event handler, after the change. */
  settle: () => Promise<void> = async () => {},
  webhookQueue?: Pick<LocalSqsQueue, 'deliverDue' | 'idle' | 'deliveryCount'>,
  /** The daily schedule, run once if the move passed a UTC midnight. */
  daily?: Pick<LocalDailySchedule, 'runIfDue'>,
): Promise<ClockMoved> {
  const request = parseRequestPart(ClockRequest, body, 'body')
  // Changes made just before this call must have their timers before the clock moves.
  await settle()
  // Counted by the queue from here: the 1-second ticker may start some of the deliveries the move causes.
  const deliveredBefore = webhookQueue?.deliveryCount() ?? 0
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
  let counted = deliveredBefore
  for (let pass = 0; webhookQueue && pass < maxDeliveryPasses; pass++) {
    // The clock as it reads now: messages sent since the move are stamped a little after `now`.
    webhookQueue.deliverDue(localClock.now())
    // Also those the ticker started meanwhile: the answer comes once they are done.
    await webhookQueue.idle()
    if (webhookQueue.deliveryCount() === counted) break
    counted = webhookQueue.deliveryCount()
    await settle()
    fired.push(...(await scheduler.fireDue(now)))
    await settle()
  }
  const deliveries = (webhookQueue?.deliveryCount() ?? 0) - deliveredBefore
  // After the timers: a case the move closed automatically has ended now, not before the cutoff.
  const run = await daily?.runIfDue(now)
  await settle()
  return { now: now.toISOString(), fired, deliveries, daily: run ? [run] : [] }
}
