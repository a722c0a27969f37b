import { CfnOutput, Duration, Stack } from 'aws-cdk-lib'
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch'
import type { ITable } from 'aws-cdk-lib/aws-dynamodb'
import { PolicyStatement } from 'aws-cdk-lib/aws-iam'
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources'
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager'
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import { entries } from '#src/runtime/entries.ts'
import { AlarmedDeadLetterQueue } from './alarmed-dead-letter-queue.ts'
import { AppFunction, entryFunctionProps, type TimerTarget } from './app-function.ts'
import type { MailingTarget } from './case-mail.ts'

/** Receives of a delivery message before it goes to the dead-letter queue. */
export const webhookMaxReceiveCount = 5

/** How long the event source gathers messages before it invokes: small, a delivery should go out at once. */
export const webhookBatchingWindow = Duration.seconds(1)

export interface WebhookDeliveriesProps {
  readonly table: ITable
  readonly cursorSecret: ISecret
  /** The stage's Scheduler group, role and dead-letter queue: late retries are one-time schedules. */
  readonly timers: TimerTarget
  /** The deliverer e-mails the owner of an endpoint it disables. */
  readonly mail: MailingTarget
  /** X-Ray active tracing. @default false */
  readonly tracing?: boolean
}

/**
 * Webhook deliveries in AWS (docs/integrations.md, deliveries and retries): the SQS queue of
 * deliveries to attempt, and the deliver function (`entries.deliverWebhook`) it invokes in batches
 * of up to ten, reporting failed messages one by one (`ReportBatchItemFailures`).
 *
 * A receiver's failure is a recorded outcome, not a failed message: the function records the
 * attempt and queues the retry itself, by the message's delay (≤ 15 minutes) or a one-time
 * Scheduler schedule whose target is this queue. A message fails only when the function could not
 * do that (a crash, a throttled table); it comes back after the visibility timeout, and after
 * `webhookMaxReceiveCount` receives waits in an alarmed dead-letter queue.
 */
export class WebhookDeliveries extends Construct {
  readonly queue: Queue
  readonly deadLetterQueue: Queue
  /** In ALARM while a delivery message waits in the dead-letter queue. */
  readonly deadLetterAlarm: Alarm
  readonly deliverFunction: AppFunction

  constructor(scope: Construct, id: string, props: WebhookDeliveriesProps) {
    super(scope, id)
    const deadLetters = new AlarmedDeadLetterQueue(this, 'DeadLetters', {
      alarmDescription:
        'Webhook delivery messages could not be handled (the deliver function failed on them 5 times) and wait in the dead-letter queue: each body names a webhook and a delivery; fix the cause, then redrive them to the delivery queue.',
    })
    this.deadLetterQueue = deadLetters.queue
    this.deadLetterAlarm = deadLetters.alarm

    const timeout = Duration.seconds(entries.deliverWebhook.timeoutSeconds)
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Lambda's advice for an SQS event source: six times the function's timeout, plus the batching
      // window, so a message a throttled or retried invocation still holds does not come back meanwhile.
      visibilityTimeout: Duration.seconds(6 * timeout.toSeconds() + webhookBatchingWindow.toSeconds()),
      // Messages carry no data (a webhook and a delivery id), and the longest retry is 10 hours away.
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: webhookMaxReceiveCount },
    })

    this.deliverFunction = new AppFunction(this, 'Handler', {
      ...entryFunctionProps(entries.deliverWebhook),
      tracing: props.tracing,
    })
      // Claims, records and finishes deliveries; disables a subscription that failed for 3 days.
      .bindTable(props.table, 'readWrite')
      // The runtime config requires the cursor key in every function.
      .bindSecret(props.cursorSecret)
      // Retries up to 15 minutes away: a delayed message on this queue.
      .bindWebhookQueue(this.queue)
      // Later retries: a one-time schedule in the stage's group, whose target is this queue.
      .bindScheduler(props.timers)
      // The owner of a disabled endpoint is told by e-mail.
      .bindMail(props.mail)
    // The mapping receives, deletes and hides messages (and reads the queue's attributes and URL)
    // with the function's role, which CDK grants here: Lambda's own calls, which the IAM proof
    // cannot exercise (docs/iam.md).
    this.deliverFunction.fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        maxBatchingWindow: webhookBatchingWindow,
        reportBatchItemFailures: true,
      }),
    )

    // Scheduler puts a late retry on the queue with the stage's timer role (and dead-letters with it).
    props.timers.invokeRole.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }),
    )

    new CfnOutput(Stack.of(this), 'WebhookDeadLetterQueueUrl', {
      value: this.deadLetterQueue.queueUrl,
      description:
        'Webhook delivery messages the deliver function failed on 5 times (body: webhook and delivery id); alarm on depth ≥ 1',
    })
  }
}
