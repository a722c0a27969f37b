import { randomUUID } from 'node:crypto'
import type { ScheduledEvent } from 'aws-lambda'

/** What the daily job invokes: the retention entry, with the event an EventBridge schedule rule sends. */
export type DailyTarget = (event: ScheduledEvent) => Promise<unknown>

/** One run of the daily job: the midnight it stands for, and what the handler answered (or why it failed). */
export interface DailyRun {
  scheduledAt: string
  result?: unknown
  error?: string
}

export interface LocalDailySchedule {
  /**
   * Runs the job once if the clock passed a UTC midnight since the last run (or the start): at the
   * last midnight passed. One run stands for the several a long clock move skips, because each run
   * purges everything due by the clock (docs/privacy.md). Runs never overlap.
   */
  runIfDue(now: Date): Promise<DailyRun | undefined>
}

const dayMs = 24 * 60 * 60 * 1000
const utcMidnightOf = (at: Date) => new Date(Math.floor(at.getTime() / dayMs) * dayMs)

/**
 * The stand-in for the EventBridge rule `cron(0 0 * * ? *)` of lib/constructs/case-retention.ts:
 * `POST /local/clock` (and real time passing) asks it after each move, and it invokes the target with
 * the "Scheduled Event" AWS sends, `time` at the midnight. A failing run is reported, not retried:
 * the next midnight's run takes up what it left, as in AWS.
 */
export function createLocalDailySchedule(
  invoke: DailyTarget,
  startedAt: Date,
  where: { region: string; account: string; ruleArn: string },
): LocalDailySchedule {
  let lastMidnight = utcMidnightOf(startedAt)
  let running: Promise<unknown> = Promise.resolve()

  return {
    runIfDue(now) {
      const midnight = utcMidnightOf(now)
      if (midnight.getTime() <= lastMidnight.getTime()) return running.then(() => undefined)
      lastMidnight = midnight
      const event: ScheduledEvent = {
        version: '0',
        id: randomUUID(),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: where.account,
        time: midnight.toISOString().replace('.000Z', 'Z'),
        region: where.region,
        resources: [where.ruleArn],
        detail: {},
      }
      const run = running.then(async (): Promise<DailyRun> => {
        try {
          return { scheduledAt: event.time, result: await invoke(event) }
        } catch (error) {
          return { scheduledAt: event.time, error: error instanceof Error ? error.message : String(error) }
        }
      })
      running = run
      return run
    },
  }
}
