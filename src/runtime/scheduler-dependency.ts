import { createEventBridgeTimerScheduler } from '#src/adapters/aws/eventbridge-scheduler.ts'
import { requireSchedulerSettings } from '#src/config.ts'
import type { TimerScheduler } from '#src/use-cases/ports/timers.ts'
import { tableContext } from './table-context.ts'

let scheduler: TimerScheduler | undefined

/**
 * EventBridge Scheduler, for the one function that sets the case timers (the event handler). Only
 * that function gets the timer settings (`AppFunction.bindScheduler`), so they are checked here, on
 * first use: a missing one fails naming its variable (docs/architecture.md, timers as hints).
 */
export function timerScheduler(): TimerScheduler {
  if (!scheduler) {
    const { config, clock } = tableContext()
    scheduler = createEventBridgeTimerScheduler({
      ...requireSchedulerSettings(config.scheduler),
      region: config.region,
      clock,
    })
  }
  return scheduler
}
