import type {
  APIGatewayProxyResultV2,
  ScheduledEvent,
  SESEvent,
  SQSBatchResponse,
  SQSEvent,
} from 'aws-lambda'
import type { HttpEvent } from '#src/http/http-handler.ts'
import { type EntryDefinition, entries } from '#src/runtime/entries.ts'
import { lambdaContext } from './api-gateway-event.ts'
import { invokeAs } from './aws-call-recorder.ts'
import type { DailyTarget } from './daily-schedule.ts'
import type { NotificationTarget, S3NotificationEvent } from './s3-local.ts'
import type { InvokeTarget } from './scheduler-endpoint.ts'
import type { QueueTarget } from './sqs-endpoint.ts'
import type { StreamTarget } from './table-stream.ts'

/** An HTTP handler: a route's, or the not-found entry's. */
export type HttpHandler = (
  event: HttpEvent,
  context: ReturnType<typeof lambdaContext>,
) => Promise<APIGatewayProxyResultV2>

/** Loads the `handler` export of a module under `functions/`. */
export type HandlerLoader = <H = HttpHandler>(module: string) => Promise<H>

/** Imports a handler module the way Lambda does at cold start: once, on its first request. */
export function handlerLoader(): HandlerLoader {
  const loaded = new Map<string, Promise<unknown>>()
  return <H = HttpHandler>(module: string): Promise<H> => {
    let handler = loaded.get(module)
    if (!handler) {
      const url = new URL(`../functions/${module}.ts`, import.meta.url).href
      handler = import(url).then((m: { handler: H }) => m.handler)
      // A module that failed to load (a syntax error being fixed, say) is tried again next time.
      handler.catch(() => loaded.delete(module))
      loaded.set(module, handler)
    }
    return handler as Promise<H>
  }
}

/** An asynchronously invoked entry: the event, and Lambda's context. */
type EventHandler<E> = (event: E, context: ReturnType<typeof lambdaContext>) => Promise<unknown>

/** The context Lambda gives `entry`: its name and timeout (src/runtime/entries.ts). */
const contextOf = (entry: EntryDefinition) => lambdaContext(entry.name, entry.timeoutSeconds * 1000)

/** What the local stand-ins invoke: the entries of the entries table, as their triggers invoke them in AWS. */
export interface EntryTargets {
  /** The timer function, with the schedule's Input as the event (Scheduler). */
  fireTimer: InvokeTarget
  /** The file-ready function, with the S3 notification of a new upload. */
  fileReady: NotificationTarget
  /** The mail-in function, with SES's receipt event. */
  mailIn: (event: SESEvent) => Promise<unknown>
  /** The event handler, with a batch of stream records (the event source mapping). */
  tableStream: StreamTarget
  /** The webhook deliverer, with a batch of messages of the delivery queue (the SQS event source mapping). */
  deliverWebhook: QueueTarget
  /** The retention job, with the "Scheduled Event" of its daily rule. */
  purgeEndedCases: DailyTarget
}

export function entryTargets(load: HandlerLoader): EntryTargets {
  /** Invokes `entry` as its trigger does in AWS: the event, and a context with its name and timeout. */
  const invoke =
    <E>(entry: EntryDefinition) =>
    (event: E) =>
      invokeAs(entry, async () => {
        const handler = await load<EventHandler<E>>(entry.handler)
        return handler(event, contextOf(entry))
      })
  return {
    fireTimer: invoke(entries.fireTimer),
    fileReady: invoke<S3NotificationEvent>(entries.fileReady),
    mailIn: invoke<SESEvent>(entries.mailIn),
    purgeEndedCases: invoke<ScheduledEvent>(entries.purgeEndedCases),
    deliverWebhook: async (event) =>
      (await invoke<SQSEvent>(entries.deliverWebhook)(event)) as SQSBatchResponse | undefined,
    // The event source mapping hands the stream handler its batch alone.
    tableStream: (event) =>
      invokeAs(entries.tableStream, async () => {
        const handler = await load<StreamTarget>(entries.tableStream.handler)
        return handler(event)
      }),
  }
}
