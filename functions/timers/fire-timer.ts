import { timerKinds } from '#src/domain/timers.ts'
import { logger } from '#src/logger.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { directoryReader } from '#src/runtime/directory-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { slaSettings } from '#src/runtime/sla-settings-dependency.ts'
import { clock, ids } from '#src/runtime/table-context.ts'
import { fireTimer } from '#src/use-cases/fire-timer.ts'
import * as z from '#src/zod.ts'

/** The schedule's input, as EventBridge Scheduler hands it to the function. */
const TimerEvent = z.object({
  caseId: z.string().check(z.minLength(1), z.maxLength(64)),
  kind: z.enum(timerKinds),
  dueAt: z.iso.datetime(),
})

const deps = lazyDependencies({ cases: caseStore, accounts: directoryReader, slaSettings, clock, ids })

/**
 * The timer function. A malformed input can never become valid by retrying, so it is logged and
 * dropped; any other failure throws: Scheduler invokes asynchronously, so Lambda retries the event
 * and finally sends it to the timers' dead-letter queue (whose alarm tells the operator).
 */
export const handler = async (event: unknown) => {
  const parsed = TimerEvent.safeParse(event)
  if (!parsed.success) {
    logger.error('malformed timer input dropped', { issues: parsed.error.issues })
    return { outcome: 'ignored', reason: 'malformed timer input' }
  }
  const result = await fireTimer(parsed.data, deps)
  logger.info('timer fired', { ...parsed.data, ...result })
  return result
}
