/**
 * What invokes an entry: EventBridge Scheduler with a timer's input; the webhook queue (SQS) with
 * deliveries to attempt; S3 (through an EventBridge rule) with the notification of a new upload;
 * SES's receipt rule with a received message; the table stream with a batch of records; API
 * Gateway's `$default` route with any request no route matches; an EventBridge schedule rule once a
 * day (UTC midnight) with its "Scheduled Event". Locally, the stand-ins in local/ invoke the same modules the same way.
 */
export type EntryTrigger =
  | 'scheduler'
  | 'upload-created'
  | 'mail-received'
  | 'table-stream'
  | 'webhook-queue'
  | 'default-route'
  | 'daily-schedule'

/**
 * One Lambda entry that is not a row of the route table (src/http/routes.ts): the single source for
 * its CDK function (lib/constructs) and for the local runtime's wiring (local/), as the route table
 * is for the HTTP routes (docs/architecture.md, the route and entries tables).
 */
export interface EntryDefinition {
  /** Module under `functions/` (no extension) whose `handler` export is the entry. */
  readonly handler: string
  /** A short name: of the timer function in AWS (`<stack>-fire-timer`) and of the local handler's context. */
  readonly name: string
  /** The function's description in AWS. */
  readonly description: string
  readonly trigger: EntryTrigger
  /** Lambda's timeout; locally, that of the context the entries invoked by events get. */
  readonly timeoutSeconds: number
  /** @default 1024 MB (`AppFunction`) */
  readonly memorySize?: number
}

/** Every entry besides the routes. */
export const entries = {
  fireTimer: {
    handler: 'timers/fire-timer',
    name: 'fire-timer',
    description: 'Fires a case timer (SLA warning or breach, pending closure, auto-close) if it is still due',
    trigger: 'scheduler',
    timeoutSeconds: 10,
  },
  fileReady: {
    handler: 'files/file-ready',
    name: 'file-ready',
    description: 'Checks an uploaded case file (size, type, executables) and marks it available or rejected',
    trigger: 'upload-created',
    timeoutSeconds: 30,
  },
  mailIn: {
    handler: 'mail/mail-in',
    name: 'mail-in',
    description: 'Turns e-mail from registered contacts into cases and comments',
    trigger: 'mail-received',
    timeoutSeconds: 60,
  },
  tableStream: {
    handler: 'events/table-stream',
    name: 'table-stream',
    description:
      'Table stream: case events into e-mail, surveys and metrics; case changes into their timers; events into the feed, the bus and webhooks',
    trigger: 'table-stream',
    timeoutSeconds: 60,
  },
  deliverWebhook: {
    handler: 'webhooks/deliver-webhook',
    name: 'deliver-webhook',
    description:
      'Attempts webhook deliveries from the delivery queue: signs, POSTs, records, schedules the retry',
    trigger: 'webhook-queue',
    // A receiver gets 10 s; the rest is the record and the retry's schedule.
    timeoutSeconds: 30,
    memorySize: 512,
  },
  purgeEndedCases: {
    handler: 'retention/purge-ended-cases',
    name: 'purge-ended-cases',
    description:
      'Daily: purges the ended cases of accounts with retainClosedCasesDays, with their items, files and mail records',
    trigger: 'daily-schedule',
    // A run goes through every account with the setting; a day's purges are usually few.
    timeoutSeconds: 900,
  },
  notFound: {
    handler: 'not-found',
    name: 'not-found',
    description: 'Any route the API does not define: 404 problem document',
    trigger: 'default-route',
    timeoutSeconds: 10,
    // Answers from memory (no table, no secret), so it gets no bindings and little memory.
    memorySize: 256,
  },
} as const satisfies Record<string, EntryDefinition>
