import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib'
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch'
import type { ITable } from 'aws-cdk-lib/aws-dynamodb'
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler'
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager'
import type { Queue } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import { timerRetryPolicy } from '#src/adapters/aws/eventbridge-scheduler.ts'
import { entries } from '#src/runtime/entries.ts'
import { AlarmedDeadLetterQueue } from './alarmed-dead-letter-queue.ts'
import { AppFunction, entryFunctionProps, type TimerTarget } from './app-function.ts'

/** Scheduler's rules for a schedule group name; Lambda's for a function name. */
const scheduleGroupNamePattern = /^[0-9a-zA-Z._-]{1,64}$/
const functionNamePattern = /^[a-zA-Z0-9_-]{1,64}$/

/** The stage's schedule group: stages can share an account and region without sharing timers. */
export function scheduleGroupNameFor(stage: string | undefined): string {
  return stage ? `caseline-${stage}-timers` : 'caseline-timers'
}

export interface CaseTimersProps {
  readonly table: ITable
  readonly cursorSecret: ISecret
  /** See `scheduleGroupNameFor`. */
  readonly scheduleGroupName: string
  /** X-Ray active tracing on the timer function. @default false */
  readonly tracing?: boolean
}

/**
 * The timers in AWS (docs/architecture.md, timers as hints): the stage's EventBridge Scheduler
 * group, into which the timer adapter writes one-time schedules; the timer function they invoke
 * (`entries.fireTimer`); the role Scheduler assumes to invoke it; and one dead-letter queue, with an
 * alarm, for every timer that could not be handled.
 *
 * Scheduler invokes Lambda asynchronously, so failures end up in the queue by two paths: a delivery
 * that fails (Scheduler's retry policy, `timerRetryPolicy`, then the schedule's DeadLetterConfig),
 * and a handler that keeps throwing (Lambda's two retries, then the function's dead-letter queue).
 * Both put the timer's input, a `TimerFired`, in the message body, so a redrive can replay them.
 */
export class CaseTimers extends Construct implements TimerTarget {
  readonly scheduleGroup: ScheduleGroup
  readonly scheduleGroupName: string
  readonly deadLetterQueue: Queue
  /** In ALARM while a timer waits in the dead-letter queue. It has no action: subscribe the operator's topic to it. */
  readonly deadLetterAlarm: Alarm
  readonly invokeRole: Role
  readonly timerFunction: AppFunction
  readonly targetArn: string

  constructor(scope: Construct, id: string, props: CaseTimersProps) {
    super(scope, id)
    const stack = Stack.of(this)
    if (!scheduleGroupNamePattern.test(props.scheduleGroupName))
      throw new Error(
        `Schedule group name "${props.scheduleGroupName}" is not valid for EventBridge Scheduler`,
      )

    this.scheduleGroupName = props.scheduleGroupName
    this.scheduleGroup = new ScheduleGroup(this, 'ScheduleGroup', {
      scheduleGroupName: props.scheduleGroupName,
      // Pending timers are hints that the table can recreate; a retained group would block
      // redeploying a deleted stack under the same stage name.
      removalPolicy: RemovalPolicy.DESTROY,
    })

    const deadLetters = new AlarmedDeadLetterQueue(this, 'DeadLetters', {
      alarmDescription:
        'A Caseline timer (SLA warning or breach, pending closure, auto-close) could not be handled and waits in the dead-letter queue.',
    })
    this.deadLetterQueue = deadLetters.queue
    this.deadLetterAlarm = deadLetters.alarm

    // The schedules name the function's ARN, built from a fixed name (the entry's): the ARN is
    // known before the function exists and reads the same in every synth.
    const functionName = `${stack.stackName}-${entries.fireTimer.name}`
    if (!functionNamePattern.test(functionName))
      throw new Error(`Timer function name "${functionName}" is not a valid Lambda function name`)
    this.targetArn = stack.formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: functionName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    })

    this.invokeRole = new Role(this, 'InvokeRole', {
      description: 'EventBridge Scheduler delivers Caseline timers: invokes the timer function, dead-letters',
      // Only Scheduler, only for this account's schedule group (no confused deputy).
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            'aws:SourceArn': this.scheduleGroup.scheduleGroupArn,
          },
        },
      }),
    })
    this.invokeRole.addToPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.targetArn] }),
    )
    this.invokeRole.addToPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }),
    )

    // Firing a timer changes the case; the event handler sets its next timers from the stream, so
    // this function gets no timer settings nor rights.
    this.timerFunction = new AppFunction(this, 'Handler', {
      ...entryFunctionProps(entries.fireTimer),
      functionName,
      deadLetterQueue: this.deadLetterQueue,
      tracing: props.tracing,
    })
      .bindTable(props.table, 'readWrite')
      // The runtime config requires the cursor key in every function, though timers list nothing.
      .bindSecret(props.cursorSecret)
    this.timerFunction.fn.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.seconds(timerRetryPolicy.MaximumEventAgeInSeconds),
    })

    new CfnOutput(stack, 'TimerDeadLetterQueueUrl', {
      value: this.deadLetterQueue.queueUrl,
      description: 'Timers that could not be handled (message body: the timer input); alarm on depth ≥ 1',
    })
  }
}
