import { CfnOutput, Duration, Stack } from 'aws-cdk-lib'
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch'
import type { ITable } from 'aws-cdk-lib/aws-dynamodb'
import { EventField, Rule, RuleTargetInput } from 'aws-cdk-lib/aws-events'
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets'
import type { IBucket } from 'aws-cdk-lib/aws-s3'
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager'
import type { Queue } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import { uploadPrefix } from '#src/adapters/aws/file-object-keys.ts'
import { entries } from '#src/runtime/entries.ts'
import { AlarmedDeadLetterQueue } from './alarmed-dead-letter-queue.ts'
import { AppFunction, entryFunctionProps, type FileSettings } from './app-function.ts'

/** How long EventBridge and Lambda keep trying to deliver a notification before it is dead-lettered. */
export const fileCheckMaxEventAge = Duration.hours(6)

export interface FileChecksProps {
  readonly bucket: IBucket
  readonly table: ITable
  readonly cursorSecret: ISecret
  readonly fileSettings: FileSettings
  /** X-Ray active tracing on the file-ready function. @default false */
  readonly tracing?: boolean
}

/**
 * The server-side check of uploads in AWS: an EventBridge rule on the bucket's "Object Created"
 * events in `uploads/` invokes the file-ready function (`entries.fileReady`), with a dead-letter
 * queue and an alarm for notifications that could not be handled.
 *
 * Why EventBridge: the bucket lives in the stateful stack and the function in the stateless one. A
 * bucket notification naming the function would make the stateful stack depend on the stateless
 * one, which already depends on it (a cycle); CDK's way around it, a custom resource that edits the
 * bucket's notifications, adds a Lambda function with broad rights to the stateful stack. The bucket
 * only announces its events to EventBridge (its own property), and this rule, here in the stateless
 * stack, picks them up: the dependency points one way only, and no custom resource is involved.
 *
 * The rule's input transformer hands the function the S3 event notification shape, the same shape
 * s3rver emits locally, so the one handler serves both.
 */
export class FileChecks extends Construct {
  readonly fileReadyFunction: AppFunction
  readonly rule: Rule
  readonly deadLetterQueue: Queue
  /** In ALARM while a notification waits in the dead-letter queue; subscribe the operator's topic to it. */
  readonly deadLetterAlarm: Alarm

  constructor(scope: Construct, id: string, props: FileChecksProps) {
    super(scope, id)

    const deadLetters = new AlarmedDeadLetterQueue(this, 'DeadLetters', {
      alarmDescription:
        'An uploaded case file could not be checked and waits in the dead-letter queue: its file stays pending until the notification is redriven.',
    })
    this.deadLetterQueue = deadLetters.queue
    this.deadLetterAlarm = deadLetters.alarm

    this.fileReadyFunction = new AppFunction(this, 'Handler', {
      ...entryFunctionProps(entries.fileReady),
      deadLetterQueue: this.deadLetterQueue,
      tracing: props.tracing,
    })
      .bindTable(props.table, 'readWrite')
      // The runtime config requires the cursor key in every function, though the check lists nothing.
      .bindSecret(props.cursorSecret)
      .bindFiles(props.bucket, 'check', props.fileSettings)
    this.fileReadyFunction.fn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: fileCheckMaxEventAge })

    this.rule = new Rule(this, 'UploadCreated', {
      description: 'A case-file upload arrived: check it',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [props.bucket.bucketName] },
          object: { key: [{ prefix: uploadPrefix }] },
        },
      },
      targets: [
        new LambdaFunction(this.fileReadyFunction.fn, {
          event: RuleTargetInput.fromObject({
            Records: [
              {
                eventVersion: '2.1',
                eventSource: 'aws:s3',
                awsRegion: EventField.region,
                eventTime: EventField.time,
                eventName: `ObjectCreated:${EventField.fromPath('$.detail.reason')}`,
                s3: {
                  bucket: { name: EventField.fromPath('$.detail.bucket.name') },
                  object: {
                    key: EventField.fromPath('$.detail.object.key'),
                    sequencer: EventField.fromPath('$.detail.object.sequencer'),
                  },
                },
              },
            ],
          }),
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 10,
          maxEventAge: fileCheckMaxEventAge,
        }),
      ],
    })

    new CfnOutput(Stack.of(this), 'FileCheckDeadLetterQueueUrl', {
      value: this.deadLetterQueue.queueUrl,
      description:
        'Upload notifications that could not be checked (their files stay pending); alarm on depth ≥ 1',
    })
  }
}
