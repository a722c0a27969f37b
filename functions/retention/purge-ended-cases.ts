import { logger } from '#src/logger.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { metricsStore } from '#src/runtime/metrics-store-dependency.ts'
import { caseObjectStore, retentionStore } from '#src/runtime/retention-dependencies.ts'
import { clock } from '#src/runtime/table-context.ts'
import { type CasePurge, purgeEndedCases } from '#src/use-cases/retention/purge-ended-cases.ts'

/** One line per purged case: ids and counts only, never what the case said (docs/privacy.md). */
const logPurge = (purge: CasePurge) => logger.info('case purged', { ...purge })

const deps = lazyDependencies({
  retention: retentionStore,
  caseObjects: caseObjectStore,
  metrics: () => metricsStore(),
  clock,
  onPurged: () => logPurge,
})

/**
 * The daily retention job (docs/privacy.md, Retention), invoked by an EventBridge schedule rule with
 * its "Scheduled Event" (nothing in it is needed: the run purges what is due by the clock). A
 * failure throws: EventBridge invokes asynchronously, so Lambda retries the run, then dead-letters
 * the event (whose alarm tells the operator); what a failed run left is due again the next day.
 */
export const handler = async (_event: unknown) => {
  const run = await purgeEndedCases(deps)
  const summary = { at: run.at, accounts: run.accounts, casesRead: run.casesRead, purged: run.purged.length }
  logger.info('retention run', summary)
  return summary
}
