import { CfnOutput, Duration, Stack } from 'aws-cdk-lib'
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch'
import type { ITable } from 'aws-cdk-lib/aws-dynamodb'
import { Rule, Schedule } from 'aws-cdk-lib/aws-events'
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets'
import type { IBucket } from 'aws-cdk-lib/aws-s3'
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager'
import type { Queue } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import { entries } from '#src/runtime/entries.ts'
import { AlarmedDeadLetterQueue } from './alarmed-dead-letter-queue.ts'
import { AppFunction, entryFunctionProps, type FileSettings } from './app-function.ts'

/** When the job runs: every day at UTC midnight, as the local runtime runs it (docs/privacy.md). */
export const retentionSchedule = Schedule.cron({ minute: '0', hour: '0' })

/** How long EventBridge and Lambda keep trying to run a day's job: a day's run is due again the next day anyway. */
export const retentionMaxEventAge = Duration.hours(6)

export interface CaseRetentionProps {
  readonly table: ITable
  readonly cursorSecret: ISecret
  readonly bucket: IBucket
  readonly fileSettings: FileSettings
  /** X-Ray active tracing on the function. @default false */
  readonly tracing?: boolean
}

/**
 * Retention of ended cases in AWS (docs/privacy.md, Retention): an EventBridge rule with a daily
 * schedule invokes the purge function (`entries.purgeEndedCases`), which deletes the cases of
 * accounts with `retainClosedCasesDays` that ended longer ago, with their items, file objects and
 * mail records. A run that keeps failing (the rule's retries, then Lambda's) lands in a dead-letter
 * queue with an alarm; what it left is due again at the next run, so a redrive is optional.
 *
 * Why a rule, not a Scheduler schedule: one fixed daily invocation needs no per-entity schedule,
 * and a rule's target has its own retry policy and dead-letter queue, as the upload checks' rule
 * (`FileChecks`) has.
 */
export class CaseRetention extends Construct {
  readonly purgeFunction: AppFunction
  readonly rule: Rule
  readonly deadLetterQueue: Queue
  /** In ALARM while a run waits in the dead-letter queue; subscribe the operator's topic to it. */
  readonly deadLetterAlarm: Alarm

  constructor(scope: Construct, id: string, props: CaseRetentionProps) {
    super(scope, id)

    const deadLetters = new AlarmedDeadLetterQueue(this, 'DeadLetters', {
      alarmDescription:
        'The daily retention job (purging ended cases past their account’s retainClosedCasesDays) failed for good: see the function’s logs; the next run takes up what is left.',
    })
    this.deadLetterQueue = deadLetters.queue
    this.deadLetterAlarm = deadLetters.alarm

    // Reads accounts and timelines, deletes case items, counts purges in the metrics (the table);
    // deletes the case's objects and their versions (the bucket, both areas). Nothing else.
    this.purgeFunction = new AppFunction(this, 'Handler', {
      ...entryFunctionProps(entries.purgeEndedCases),
      deadLetterQueue: this.deadLetterQueue,
      tracing: props.tracing,
    })
      .bindTable(props.table, 'readWrite')
      // The runtime config requires the cursor key in every function, though the job lists nothing.
      .bindSecret(props.cursorSecret)
      .bindFiles(props.bucket, 'purge', props.fileSettings)
    this.purgeFunction.fn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: retentionMaxEventAge })

    this.rule = new Rule(this, 'Daily', {
      description: 'Daily: purge ended cases past their account’s retention',
      schedule: retentionSchedule,
      targets: [
        new LambdaFunction(this.purgeFunction.fn, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 4,
          maxEventAge: retentionMaxEventAge,
        }),
      ],
    })

    new CfnOutput(Stack.of(this), 'RetentionDeadLetterQueueUrl', {
      value: this.deadLetterQueue.queueUrl,
      description:
        'Daily retention runs that failed for good (message: the scheduled event); alarm on depth ≥ 1',
    })
  }
}
