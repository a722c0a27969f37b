import { createEventBridgeTimerScheduler } from '#src/adapters/aws/eventbridge-scheduler.ts'
import { requireSchedulerSettings } from '#src/config.ts'
import type { TimerScheduler } from '#src/use-cases/ports/timers.ts'
import type { AppDependencies } from './dependencies.ts'
import { extendDependencies } from './extend-dependencies.ts'

let scheduler: TimerScheduler | undefined

/**
 * EventBridge Scheduler, for the one function that sets the case timers (the event handler). Only
 * that function gets the timer settings (`AppFunction.bindScheduler`), so they are checked here, on
 * first use: a missing one fails naming its variable (docs/architecture.md, timers as hints).
 */
export function withScheduler<T extends AppDependencies>(deps: T) {
  return extendDependencies<T, { scheduler: TimerScheduler }>(deps, {
    scheduler: ({ config, clock }) => {
      scheduler ??= createEventBridgeTimerScheduler({
        ...requireSchedulerSettings(config.scheduler),
        region: config.region,
        clock,
      })
      return scheduler
    },
  })
}
