import { Duration } from 'aws-cdk-lib'
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch'
import type { ITable } from 'aws-cdk-lib/aws-dynamodb'
import type { IEventBus } from 'aws-cdk-lib/aws-events'
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda'
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources'
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager'
import type { IQueue, Queue } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import { caseEntity, caseEventEntity } from '#src/adapters/dynamodb/case-event-item.ts'
import { accountEntity, contactEntity } from '#src/adapters/dynamodb/directory-entities.ts'
import { entries } from '#src/runtime/entries.ts'
import { AlarmedDeadLetterQueue } from './alarmed-dead-letter-queue.ts'
import { AppFunction, entryFunctionProps, type TimerTarget } from './app-function.ts'
import type { MailingTarget } from './case-mail.ts'
import { acknowledgeListStreamsWildcard, acknowledgeOnFailureDestination } from './nag-suppressions.ts'

/**
 * What reaches the event handler (at most five filters per mapping): new case events (the outbox),
 * case item changes (their timers follow them), and the contact and account changes that become
 * `contact.*` and `account.updated` events (docs/integrations.md, the catalogue). An event source
 * filter costs nothing; an invocation for a comment or an idempotency record would.
 */
export const tableStreamFilters = [
  FilterCriteria.filter({
    eventName: FilterRule.isEqual('INSERT'),
    dynamodb: { NewImage: { entity: { S: FilterRule.isEqual(caseEventEntity) } } },
  }),
  FilterCriteria.filter({
    eventName: FilterRule.or('INSERT', 'MODIFY'),
    dynamodb: { NewImage: { entity: { S: FilterRule.isEqual(caseEntity) } } },
  }),
  FilterCriteria.filter({
    eventName: FilterRule.or('INSERT', 'MODIFY'),
    dynamodb: { NewImage: { entity: { S: FilterRule.isEqual(contactEntity) } } },
  }),
  FilterCriteria.filter({
    eventName: FilterRule.isEqual('MODIFY'),
    dynamodb: { NewImage: { entity: { S: FilterRule.isEqual(accountEntity) } } },
  }),
]

/** How often a failing batch is retried (halved by bisection each time) before it goes to the dead-letter queue. */
export const streamRetryAttempts = 10

export interface CaseEventHandlerProps {
  /** The table; its stream must be on (the stateful stack's table is). */
  readonly table: ITable
  readonly cursorSecret: ISecret
  readonly timers: TimerTarget
  readonly mail: MailingTarget
  /** Where every published event goes (docs/integrations.md, EventBridge). */
  readonly eventBus: IEventBus
  /** Where the deliveries of each event to the matching webhooks go. */
  readonly webhookQueue: IQueue
  /** X-Ray active tracing. @default false */
  readonly tracing?: boolean
}

/**
 * The outbox's consumer (docs/architecture.md, the table and its outbox): the table stream invokes
 * the event handler (`entries.tableStream`) with every new case event, every change of a case item
 * (its timers follow it) and every contact and account change; it appends their events to the
 * change feed, puts them on the bus and queues their webhook deliveries (docs/integrations.md).
 * Only those records reach it (`tableStreamFilters`, so comments, files and idempotency records
 * cost no invocation). A failing record is reported as a
 * batch item failure and retried from there on, the batch bisected to isolate it; after the retries
 * its batch goes to a dead-letter queue whose alarm tells the operator, and the stream moves on.
 */
export class CaseEventHandler extends Construct {
  readonly handlerFunction: AppFunction
  readonly deadLetterQueue: Queue
  /** In ALARM while a failed batch waits in the dead-letter queue. */
  readonly deadLetterAlarm: Alarm

  constructor(scope: Construct, id: string, props: CaseEventHandlerProps) {
    super(scope, id)
    const deadLetters = new AlarmedDeadLetterQueue(this, 'DeadLetters', {
      alarmDescription:
        'Table-stream records could not be handled (e-mail not sent, metrics not counted or case timers not set) and their batch waits in the dead-letter queue: the message names the shard and sequence numbers; fix the cause, then replay them from the case history.',
    })
    this.deadLetterQueue = deadLetters.queue
    this.deadLetterAlarm = deadLetters.alarm
    const cfnQueue = this.deadLetterQueue.node.defaultChild
    if (cfnQueue) acknowledgeOnFailureDestination(cfnQueue, 'the table stream mapping')

    this.handlerFunction = new AppFunction(this, 'Handler', {
      ...entryFunctionProps(entries.tableStream),
      tracing: props.tracing,
    })
      // Writes the mail bookkeeping and opens surveys.
      .bindTable(props.table, 'readWrite')
      .bindSecret(props.cursorSecret)
      // The case's timers follow every change of the case item.
      .bindScheduler(props.timers)
      .bindMail(props.mail)
      // Every published event goes on the bus, and its webhook deliveries on the queue.
      .bindEventBus(props.eventBus)
      .bindWebhookQueue(props.webhookQueue)

    // The mapping reads the stream (DescribeStream, GetRecords, GetShardIterator, ListStreams) and
    // dead-letters (SendMessage, GetQueueAttributes, GetQueueUrl) with the function's role, which CDK
    // grants here: Lambda's own calls, which the IAM proof cannot exercise (docs/iam.md).
    this.handlerFunction.fn.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: streamRetryAttempts,
        // One batch per shard at a time keeps a case's events in order.
        parallelizationFactor: 1,
        onFailure: new SqsDlq(this.deadLetterQueue),
        filters: tableStreamFilters,
      }),
    )
    acknowledgeListStreamsWildcard(this.handlerFunction.role)
  }
}
