import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda'
import {
  accountChangeOf,
  caseChangeOf,
  caseEventOf,
  contactChangeOf,
} from '#src/adapters/dynamodb/stream-records.ts'
import type { CaseEvent } from '#src/domain/case.ts'
import type { EventDraft, PublishedEvent } from '#src/domain/events/envelope.ts'
import { logger } from '#src/logger.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { directoryReader } from '#src/runtime/directory-dependency.ts'
import { eventBus, eventFeed } from '#src/runtime/event-dependencies.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { mailer, mailLedger, mailSettings, replyAddresses } from '#src/runtime/mail-dependencies.ts'
import { metricsStore } from '#src/runtime/metrics-store-dependency.ts'
import { queueCatalogue } from '#src/runtime/queue-catalogue-dependency.ts'
import { timerScheduler } from '#src/runtime/scheduler-dependency.ts'
import { slaSettings } from '#src/runtime/sla-settings-dependency.ts'
import { processStreamBatch } from '#src/runtime/stream-batch.ts'
import { surveyStore, surveyTokens } from '#src/runtime/survey-dependencies.ts'
import { clock, runtimeConfig } from '#src/runtime/table-context.ts'
import { caseWatcherStore } from '#src/runtime/watcher-store-dependency.ts'
import { deliveryQueue, deliveryStore } from '#src/runtime/webhook-delivery-dependencies.ts'
import { webhookStore } from '#src/runtime/webhook-store-dependency.ts'
import { followCaseTimers } from '#src/use-cases/case-sla.ts'
import {
  draftsOfAccountChange,
  draftsOfCaseEvent,
  draftsOfContactChange,
} from '#src/use-cases/events/draft-events.ts'
import { type PublishEventsDeps, publishEvents } from '#src/use-cases/events/publish-events.ts'
import { recordCaseMetrics } from '#src/use-cases/metrics/record-case-metrics.ts'
import { notifyCaseEvent } from '#src/use-cases/notify-case-event.ts'
import { fanOutToWebhooks } from '#src/use-cases/webhooks/fan-out.ts'

/** What the event handler does with every case event. */
export interface CaseEventSteps {
  metrics(event: CaseEvent): Promise<unknown>
  mail(event: CaseEvent): Promise<unknown>
  /** Its public events: into the change feed, onto the bus, to the webhooks (docs/integrations.md). */
  publish(event: CaseEvent): Promise<unknown>
}

/**
 * Runs every step for one event, none waiting for another to succeed: a mail failure (SES
 * throttling, a quota) must not hold back the metrics or the integrations, nor the other way round.
 * If any fails, the event fails (after all ran) and the stream redelivers it; every step is
 * idempotent per event, so what succeeded the first time is not done twice.
 */
export async function handleCaseEvent(caseEvent: CaseEvent, steps: CaseEventSteps): Promise<void> {
  // `then` makes a step that throws before returning a promise (a missing setting) a rejection too.
  const run = (step: (event: CaseEvent) => Promise<unknown>) => Promise.resolve(caseEvent).then(step)
  const [metrics, mail, publish] = await Promise.allSettled([
    run(steps.metrics),
    run(steps.mail),
    run(steps.publish),
  ])
  logger.info('case event handled', {
    eventId: caseEvent.id,
    type: caseEvent.type,
    metrics: metrics.status === 'fulfilled' ? metrics.value : 'failed',
    outcome: mail.status === 'fulfilled' ? mail.value : 'failed',
    published: publish.status === 'fulfilled' ? publish.value : 'failed',
  })
  for (const step of [metrics, mail, publish]) if (step.status === 'rejected') throw step.reason
}

/** The published events as the log shows them: type and account sequence. */
function summaryOf(published: PublishedEvent[]): string[] {
  return published.map((event) => `${event.type}#${event.sequence}`)
}

/**
 * Everything the handler's steps read, each member built on first read (docs/performance.md), so
 * a missing setting fails only the step that needs it, naming its variable: the bus after the
 * feed append, the queue in the webhook fan-out, the mail settings in the mail step.
 */
const deps = lazyDependencies({
  cases: caseStore,
  watchers: caseWatcherStore,
  accounts: directoryReader,
  contacts: directoryReader,
  staff: directoryReader,
  slaSettings,
  queues: queueCatalogue,
  metrics: metricsStore,
  surveys: surveyStore,
  surveyTokens: () => surveyTokens,
  replyAddresses: () => replyAddresses,
  mailer,
  mailLedger,
  mailSettings,
  config: runtimeConfig,
  scheduler: timerScheduler,
  feed: eventFeed,
  bus: eventBus,
  webhooks: webhookStore,
  deliveries: deliveryStore,
  deliveryQueue,
  clock,
})

/** What the event handler's steps read: the mailing step's slice of it is `NotifyCaseEventDeps`. */
export type EventHandlerDependencies = typeof deps

const publishing: PublishEventsDeps = lazyDependencies({
  feed: () => deps.feed,
  bus: () => deps.bus,
  fanOut: () => (events: PublishedEvent[]) => fanOutToWebhooks(events, deps),
})

async function publish(drafts: EventDraft[]): Promise<string[]> {
  return summaryOf(await publishEvents(drafts, publishing))
}

const steps: CaseEventSteps = {
  metrics: (caseEvent) => recordCaseMetrics(caseEvent, deps),
  mail: (caseEvent) => notifyCaseEvent(caseEvent, deps),
  publish: async (caseEvent) => publish(await draftsOfCaseEvent(caseEvent, deps)),
}

/** The public events of a contact or account item change a record carries (none: not such a record). */
export function directoryDraftsOf(record: DynamoDBRecord): EventDraft[] | undefined {
  const contactChange = contactChangeOf(record)
  if (contactChange) return draftsOfContactChange(contactChange)
  const accountChange = accountChangeOf(record)
  if (accountChange) return draftsOfAccountChange(accountChange)
  return undefined
}

/**
 * The event handler (docs/architecture.md, docs/email.md, docs/integrations.md): the table stream
 * delivers every case event written, in the same transaction as its change; this counts it into
 * the metrics, turns it into e-mail and publishes its public events (change feed, EventBridge,
 * webhooks). It also receives every change of a case item and moves the case's timers to match
 * (SLA warning and breach, pending closure, auto-close), and every change of a contact or account
 * item, which it publishes. A rolled-back write never reaches the stream, so it does nothing; a
 * failure is retried from that record on (and after the retries, the batch goes to the dead-letter
 * queue), so nothing is lost, timers and events included.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
  processStreamBatch(event.Records, async (record) => {
    const caseChange = caseChangeOf(record)
    if (caseChange) {
      const timers = await followCaseTimers(caseChange.before, caseChange.after, deps)
      if (timers.set.length + timers.cleared.length > 0)
        logger.info('case timers followed', { caseId: caseChange.after.id, ...timers })
      return
    }
    const caseEvent = caseEventOf(record)
    if (caseEvent) {
      await handleCaseEvent(caseEvent, steps)
      return
    }
    const drafts = directoryDraftsOf(record)
    if (drafts && drafts.length > 0)
      logger.info('directory change published', {
        recordId: record.eventID,
        published: await publish(drafts),
      })
  })
