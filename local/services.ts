import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { createTableInput } from '#src/adapters/dynamodb/table-definition.ts'
import { localClock } from '#src/adapters/local-clock.ts'
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.ts'
import { localStage } from './environment.ts'
import { type LocalEventBridge, startEventBridgeEndpoint } from './eventbridge-endpoint.ts'
import { type LocalS3, type NotificationTarget, startLocalS3 } from './s3-local.ts'
import {
  type FiredTimer,
  type InvokeTarget,
  type LocalSchedulerEndpoint,
  startSchedulerEndpoint,
} from './scheduler-endpoint.ts'
import { type LocalSes, startLocalSes } from './ses-local.ts'
import { type LocalSqsQueue, type QueueTarget, startSqsEndpoint } from './sqs-endpoint.ts'
import {
  type LocalTableStream,
  type LocalTableStreamOptions,
  type StreamTarget,
  startLocalTableStream,
} from './table-stream.ts'

export interface LocalServicesOptions {
  /** An already running DynamoDB Local; without it, one is started. */
  dynamodbEndpoint?: string | undefined
  /** What a due timer invokes (the timer function, as Scheduler invokes it in AWS). */
  invokeTimer: InvokeTarget
  /** What the notification of a new upload invokes (the file-ready function, as S3 through EventBridge does). */
  notifyUpload: NotificationTarget
  /** What a due message of the webhook queue invokes (the deliver function, as its SQS event source does). */
  deliverWebhook: QueueTarget
}

/** Stream polling and retry pace, and what the stream invokes. */
export type TableStreamOptions = Pick<LocalTableStreamOptions, 'pollMs' | 'retryDelayMs' | 'maxAttempts'> & {
  tableName: string
  invoke: StreamTarget
}

/** The stand-ins for the AWS services the handlers use, running on this machine. */
export interface LocalServices {
  dynamodbEndpoint: string
  scheduler: LocalSchedulerEndpoint
  s3: LocalS3
  ses: LocalSes
  /** The stage's event bus, where the event handler publishes (docs/integrations.md, EventBridge). */
  eventBus: LocalEventBridge
  /** The webhook delivery queue and its consumer. */
  webhookQueue: LocalSqsQueue
  /**
   * Starts reading the table's stream into the event handler, as the Lambda event source mapping
   * does in AWS. Separate, as the table must exist and the handlers' environment be set first.
   */
  startTableStream(options: TableStreamOptions): Promise<LocalTableStream>
  /** Stops what was started, after any timer still firing or upload still being checked has finished. */
  stop(): Promise<void>
}

/**
 * Where a due schedule goes, by its target's ARN, as Scheduler sends it: the webhook queue's ARN
 * gets the Input as a message (Scheduler's SQS target: the late webhook retries, docs/integrations.md),
 * any other target is the timer function.
 */
export function scheduleTargets(
  webhookQueue: Pick<LocalSqsQueue, 'queueArn' | 'send'>,
  invokeTimer: InvokeTarget,
): InvokeTarget {
  return async (input, target) => {
    if (target.arn !== webhookQueue.queueArn) return invokeTimer(input, target)
    return webhookQueue.send(target.input ?? '{}')
  }
}

/**
 * Starts DynamoDB Local (unless one runs already), the Scheduler endpoint, s3rver with the
 * case-files bucket, aws-ses-v2-local, the EventBridge endpoint with the stage's bus and the SQS
 * endpoint with the webhook queue, each on a free port; if one fails, stops the others.
 */
export async function startLocalServices(options: LocalServicesOptions): Promise<LocalServices> {
  let dynamodb: DynamoDbLocal | undefined
  let scheduler: LocalSchedulerEndpoint | undefined
  let s3: LocalS3 | undefined
  let ses: LocalSes | undefined
  let eventBus: LocalEventBridge | undefined
  let webhookQueue: LocalSqsQueue | undefined
  let stream: LocalTableStream | undefined
  // Deliveries, timers and uploads first: their stop waits for a delivery, firing or check in
  // progress, which may be writing to the table (a delivery also sets its retry's schedule, so the
  // queue goes before the Scheduler endpoint). DynamoDB Local last.
  const stop = async () => {
    await webhookQueue?.stop()
    await scheduler?.stop()
    await s3?.stop()
    await stream?.stop()
    await eventBus?.stop()
    await ses?.stop()
    await dynamodb?.stop()
  }
  try {
    if (!options.dynamodbEndpoint) dynamodb = await startDynamoDbLocal()
    const dynamodbEndpoint = options.dynamodbEndpoint ?? (dynamodb as DynamoDbLocal).endpoint
    webhookQueue = await startSqsEndpoint({
      queueName: localStage.webhookQueueName,
      region: localStage.region,
      invoke: options.deliverWebhook,
    })
    scheduler = await startSchedulerEndpoint({
      region: localStage.region,
      // Timers are set by the event handler on the table stream: wait for it between deliveries.
      afterDelivery: () => stream?.settled() ?? Promise.resolve(),
      invoke: scheduleTargets(webhookQueue, options.invokeTimer),
    })
    s3 = await startLocalS3({
      bucket: localStage.filesBucket,
      accessKeyId: localStage.accessKey.id,
      secretAccessKey: localStage.accessKey.secret,
      notify: options.notifyUpload,
      onFailure: (event, error) =>
        console.error('file-ready failed for', event.Records.map((r) => r.s3.object.key).join(', '), error),
    })
    ses = await startLocalSes()
    eventBus = await startEventBridgeEndpoint({ busName: localStage.eventBusName, region: localStage.region })
    return {
      dynamodbEndpoint,
      scheduler,
      s3,
      ses,
      eventBus,
      webhookQueue,
      async startTableStream({ tableName, invoke, ...pace }) {
        stream = await startLocalTableStream({
          endpoint: dynamodbEndpoint,
          region: localStage.region,
          credentials: {
            accessKeyId: localStage.accessKey.id,
            secretAccessKey: localStage.accessKey.secret,
          },
          tableName,
          ...pace,
          invoke,
        })
        return stream
      },
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}

/** Creates the table from the one table definition (docs/data-model.md), unless it exists. */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: localStage.region })
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }))
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFoundException') throw error
    await client.send(new CreateTableCommand(createTableInput(tableName)))
  } finally {
    client.destroy()
  }
}

/**
 * Fires due timers by themselves every `tickMs` as real time passes, as they do in AWS, then starts
 * the delivery of the webhook queue's due messages (without waiting for them: a slow receiver must
 * not hold up the next tick's timers); 0: never (only `POST /local/clock` does). Returns what stops it.
 */
export function startTimerTicker(
  scheduler: Pick<LocalSchedulerEndpoint, 'fireDue'>,
  tickMs: number,
  onFired: (fired: FiredTimer[]) => void,
  webhookQueue?: Pick<LocalSqsQueue, 'deliverDue'>,
): () => void {
  if (tickMs <= 0) return () => {}
  let ticking = false
  const ticker = setInterval(() => {
    if (ticking) return
    ticking = true
    scheduler
      .fireDue(localClock.now())
      .then(onFired)
      .catch((error: unknown) => console.error('firing timers failed', error))
      .then(() => webhookQueue?.deliverDue(localClock.now()))
      .finally(() => {
        ticking = false
      })
  }, tickMs)
  return () => clearInterval(ticker)
}
