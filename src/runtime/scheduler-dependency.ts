import { createEventBridgeTimerScheduler } from '#src/adapters/aws/eventbridge-scheduler.ts'
import type { TimerScheduler } from '#src/use-cases/ports/timers.ts'
import type { AppDependencies } from './dependencies.ts'
import { extendDependencies } from './extend-dependencies.ts'

let scheduler: TimerScheduler | undefined

/** EventBridge Scheduler, for the one function that sets the case timers (the event handler). */
export function withScheduler<T extends AppDependencies>(deps: T) {
  return extendDependencies<T, { scheduler: TimerScheduler }>(deps, {
    scheduler: ({ config, clock }) => {
      scheduler ??= createEventBridgeTimerScheduler({
        region: config.region,
        endpoint: config.scheduler.endpoint,
        groupName: config.scheduler.groupName,
        targetArn: config.scheduler.targetArn,
        roleArn: config.scheduler.roleArn,
        deadLetterArn: config.scheduler.deadLetterArn,
        clock,
      })
      return scheduler
    },
  })
}
