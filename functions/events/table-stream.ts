import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda'
import { caseChangeOf, caseEventOf } from '#src/adapters/dynamodb/stream-records.ts'
import type { CaseEvent } from '#src/domain/case.ts'
import { logger } from '#src/logger.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { mailDependencies } from '#src/runtime/mail-dependencies.ts'
import { withScheduler } from '#src/runtime/scheduler-dependency.ts'
import { processStreamBatch } from '#src/runtime/stream-batch.ts'
import { followCaseTimers } from '#src/use-cases/case-sla.ts'
import { recordCaseMetrics } from '#src/use-cases/metrics/record-case-metrics.ts'
import { notifyCaseEvent } from '#src/use-cases/notify-case-event.ts'

/** What the event handler does with every case event. */
export interface CaseEventSteps {
  metrics(event: CaseEvent): Promise<unknown>
  mail(event: CaseEvent): Promise<unknown>
}

/**
 * Runs both steps for one event, neither waiting for the other to succeed: a mail failure (SES
 * throttling, a quota) must not hold back the metrics, nor the other way round. If either fails,
 * the event fails (after both ran) and the stream redelivers it; both steps are idempotent per
 * event, so what succeeded the first time is not done twice.
 */
export async function handleCaseEvent(caseEvent: CaseEvent, steps: CaseEventSteps): Promise<void> {
  // `then` makes a step that throws before returning a promise (a missing setting) a rejection too.
  const run = (step: (event: CaseEvent) => Promise<unknown>) => Promise.resolve(caseEvent).then(step)
  const [metrics, mail] = await Promise.allSettled([run(steps.metrics), run(steps.mail)])
  logger.info('case event handled', {
    eventId: caseEvent.id,
    type: caseEvent.type,
    metrics: metrics.status === 'fulfilled' ? metrics.value : 'failed',
    outcome: mail.status === 'fulfilled' ? mail.value : 'failed',
  })
  if (metrics.status === 'rejected') throw metrics.reason
  if (mail.status === 'rejected') throw mail.reason
}

const steps: CaseEventSteps = {
  metrics: (caseEvent) => recordCaseMetrics(caseEvent, dependencies()),
  mail: (caseEvent) => notifyCaseEvent(caseEvent, mailDependencies()),
}

/**
 * The event handler (docs/architecture.md, docs/email.md): the table stream delivers every case event written, in the same
 * transaction as its change; this counts it into the metrics and turns it into e-mail. It also
 * receives every change of a case item and moves the case's timers to match (SLA warning and
 * breach, pending closure, auto-close). A rolled-back write never reaches the stream, so it does
 * nothing; a failure is retried from that record on (and after the retries, the batch goes to the
 * dead-letter queue), so nothing is lost, timers included.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
  processStreamBatch(event.Records, async (record) => {
    const caseChange = caseChangeOf(record)
    if (caseChange) {
      const timers = await followCaseTimers(
        caseChange.before,
        caseChange.after,
        withScheduler(dependencies()),
      )
      if (timers.set.length + timers.cleared.length > 0)
        logger.info('case timers followed', { caseId: caseChange.after.id, ...timers })
      return
    }
    const caseEvent = caseEventOf(record)
    if (caseEvent) await handleCaseEvent(caseEvent, steps)
  })
