import { fileURLToPath } from 'node:url'
import { Template } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import { type AppFunction, schedulerActions, tableActions } from '#lib/constructs/app-function.ts'
import { scheduleGroupNameFor } from '#lib/constructs/case-timers.ts'
import { defaultMailSettings } from '#lib/settings.ts'
import { StatefulStack } from '#lib/stacks/stateful-stack.ts'
import { StatelessStack } from '#lib/stacks/stateless-stack.ts'
import { timerRetryPolicy } from '#src/adapters/aws/eventbridge-scheduler.ts'
import { readConfig, requireSchedulerSettings } from '#src/config.ts'
import { routeList } from '#src/http/routes.ts'
import { buildCaselineApp, testApp } from './caseline-app.ts'
import {
  inspect,
  inspectAcross,
  json,
  referenceStandIn,
  resolvedAtDeploy,
  type Statement,
} from './template-lookup.ts'

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value])

const { stateless, routeFunctions } = buildCaselineApp()
// The route functions live in the route stacks: lookups there read their own stack's template.
const routeView = inspectAcross()
const { resources, logicalId, resourceOf, statementsOf, statementsOfRole, variablesOf } = inspect(stateless)
const timers = stateless.timers

const queueArn = { 'Fn::GetAtt': [logicalId(timers.deadLetterQueue.node.defaultChild), 'Arn'] }
const invokeRoleArn = { 'Fn::GetAtt': [logicalId(timers.invokeRole.node.defaultChild), 'Arn'] }
const arnPrefix = (service: string) => [
  'arn:',
  { Ref: 'AWS::Partition' },
  `:${service}:`,
  { Ref: 'AWS::Region' },
  ':',
  { Ref: 'AWS::AccountId' },
]
const targetArn = { 'Fn::Join': ['', [...arnPrefix('lambda'), ':function:Caseline-Stateless-fire-timer']] }
const schedulesArn = { 'Fn::Join': ['', [...arnPrefix('scheduler'), ':schedule/caseline-timers/*']] }

describe('the schedule group', () => {
  it('is one per stage, named after it', () => {
    const groups = Object.values(resources).filter((r) => r.Type === 'AWS::Scheduler::ScheduleGroup')

    expect(groups.map((g) => g.Properties.Name)).toEqual(['caseline-timers'])
    expect(scheduleGroupNameFor('dev')).toBe('caseline-dev-timers')
  })

  it('goes with the stack: pending timers are hints the table can recreate', () => {
    expect(resourceOf(timers.scheduleGroup.node.defaultChild).DeletionPolicy).toBe('Delete')
  })
})

describe('the dead-letter queue', () => {
  const queue = resourceOf(timers.deadLetterQueue.node.defaultChild)

  it('is encrypted, keeps messages 14 days and refuses requests without TLS', () => {
    const policies = Object.values(resources).filter(
      (r) =>
        r.Type === 'AWS::SQS::QueuePolicy' &&
        json(r.Properties.Queues) === json([{ Ref: logicalId(timers.deadLetterQueue.node.defaultChild) }]),
    )

    expect(queue.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    })
    expect(policies).toHaveLength(1)
    expect(
      (policies[0]?.Properties.PolicyDocument as { Statement: Statement[] } | undefined)?.Statement,
    ).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 'sqs:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    )
  })

  it('raises an alarm as soon as one message waits in it', () => {
    const alarm = resourceOf(timers.deadLetterAlarm.node.defaultChild)

    expect(alarm.Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [logicalId(timers.deadLetterQueue.node.defaultChild), 'QueueName'] },
        },
      ],
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    })
  })

  it('is an output, for operators who redrive it', () => {
    const outputs = Template.fromStack(stateless).toJSON().Outputs as Record<string, { Value: unknown }>

    expect(outputs.TimerDeadLetterQueueUrl?.Value).toEqual({
      Ref: logicalId(timers.deadLetterQueue.node.defaultChild),
    })
  })
})

describe('the invoke role', () => {
  const role = resourceOf(timers.invokeRole.node.defaultChild)

  it('can be assumed only by Scheduler, for this account and this schedule group', () => {
    expect((role.Properties.AssumeRolePolicyDocument as { Statement: Statement[] }).Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: {
          StringEquals: {
            'aws:SourceAccount': { Ref: 'AWS::AccountId' },
            'aws:SourceArn': { 'Fn::GetAtt': [logicalId(timers.scheduleGroup.node.defaultChild), 'Arn'] },
          },
        },
      },
    ])
  })

  it('may invoke the timer function, dead-letter to the queue and put late webhook retries on their queue, nothing else', () => {
    const statements = statementsOfRole(logicalId(timers.invokeRole.node.defaultChild))
    const webhookQueueArn = {
      'Fn::GetAtt': [logicalId(stateless.webhookDeliveries.queue.node.defaultChild), 'Arn'],
    }

    expect(statements).toEqual([
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: targetArn },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: queueArn },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: webhookQueueArn },
    ])
  })
})

describe('the timer function', () => {
  const fn = timers.timerFunction
  const cfn = resourceOf(fn.fn.node.defaultChild)

  it('is built from functions/timers/fire-timer.ts, under the name its target ARN names', () => {
    expect(fn.entry).toBe(fileURLToPath(new URL('../../functions/timers/fire-timer.ts', import.meta.url)))
    expect(cfn.Properties.FunctionName).toBe('Caseline-Stateless-fire-timer')
    expect(variablesOf(stateless.eventHandler.handlerFunction).TIMER_TARGET_ARN).toEqual(targetArn)
  })

  it('retries a failed handler twice, then puts the event into the dead-letter queue', () => {
    const invokeConfigs = Object.values(resources).filter(
      (r) =>
        r.Type === 'AWS::Lambda::EventInvokeConfig' &&
        json(r.Properties.FunctionName) === json({ Ref: logicalId(fn.fn.node.defaultChild) }),
    )

    expect(cfn.Properties.DeadLetterConfig).toEqual({ TargetArn: queueArn })
    expect(invokeConfigs.map((c) => c.Properties)).toEqual([
      {
        FunctionName: { Ref: logicalId(fn.fn.node.defaultChild) },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: timerRetryPolicy.MaximumEventAgeInSeconds,
      },
    ])
    expect(statementsOf(fn)).toContainEqual({
      Effect: 'Allow',
      Action: 'sqs:SendMessage',
      Resource: queueArn,
    })
  })

  it('reads and writes the table, and leaves the next timers to the event handler', () => {
    const actions = statementsOf(fn).flatMap((s) => asArray(s.Action))

    expect(actions).toEqual(expect.arrayContaining([...tableActions.read, ...tableActions.write]))
    expect(actions.filter((a) => String(a).startsWith('scheduler:') || a === 'iam:PassRole')).toEqual([])
  })
})

describe('the event handler on the table stream', () => {
  it('gets the timer settings the timer adapter reads', () => {
    const variables = variablesOf(stateless.eventHandler.handlerFunction)
    // Tokens stand in as strings; plain values stay as they are.
    const env = Object.fromEntries(
      Object.entries(variables).map(([key, value]) => [key, resolvedAtDeploy(value)]),
    )

    expect(variables).toMatchObject({
      SCHEDULE_GROUP: 'caseline-timers',
      TIMER_TARGET_ARN: targetArn,
      SCHEDULER_ROLE_ARN: invokeRoleArn,
      TIMER_DLQ_ARN: queueArn,
    })
    const config = readConfig({ ...env, AWS_REGION: 'eu-central-1' })
    expect(() => requireSchedulerSettings(config.scheduler)).not.toThrow()
  })

  it('alone manages the timers: schedules of the stage group only, and passing the invoke role to Scheduler', () => {
    const statements = statementsOf(stateless.eventHandler.handlerFunction)

    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: [...schedulerActions],
      Resource: schedulesArn,
    })
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: invokeRoleArn,
      Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    })
  })
})

describe('every route function', () => {
  it.each(routeList.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s gets no timer settings (the event handler sets the timers)',
    (_, route) => {
      const variables = routeView.variablesOf(routeFunctions.get(route.operationId) as AppFunction)
      const env = Object.fromEntries(
        Object.entries(variables).map(([key, value]) => [
          key,
          typeof value === 'string' ? json(value) : referenceStandIn,
        ]),
      )

      for (const name of ['SCHEDULE_GROUP', 'TIMER_TARGET_ARN', 'SCHEDULER_ROLE_ARN', 'TIMER_DLQ_ARN'])
        expect(variables[name], name).toBeUndefined()
      expect(variables.SCHEDULER_ENDPOINT).toBeUndefined()
      expect(variables.CLOCK).toBeUndefined()
      expect(readConfig({ ...env, AWS_REGION: 'eu-central-1' }).clock).toBe('system')
    },
  )

  it.each(routeList.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s may not touch timers (the event handler sets them from the case change)',
    (_, route) => {
      const statements = routeView.statementsOf(routeFunctions.get(route.operationId) as AppFunction)
      const timerStatements = statements.filter((s) =>
        asArray(s.Action).some((a) => String(a).startsWith('scheduler:') || a === 'iam:PassRole'),
      )

      expect(timerStatements).toEqual([])
    },
  )
})

describe('the retry policy the adapter writes into every schedule', () => {
  it('is within what Scheduler accepts', () => {
    expect(timerRetryPolicy.MaximumRetryAttempts).toBeGreaterThanOrEqual(0)
    expect(timerRetryPolicy.MaximumRetryAttempts).toBeLessThanOrEqual(185)
    expect(timerRetryPolicy.MaximumEventAgeInSeconds).toBeGreaterThanOrEqual(60)
    expect(timerRetryPolicy.MaximumEventAgeInSeconds).toBeLessThanOrEqual(86_400)
  })
})

describe('a stage', () => {
  const staged = buildCaselineApp({ context: { stage: 'dev' } }).stateless
  const view = inspect(staged)

  it('gets its own group and timer function, and its functions may use only its schedules', () => {
    const schedulerStatement = view
      .statementsOf(staged.eventHandler.handlerFunction)
      .find((s) => asArray(s.Action).includes('scheduler:CreateSchedule'))

    expect(staged.timers.scheduleGroupName).toBe('caseline-dev-timers')
    expect(view.resourceOf(staged.timers.timerFunction.fn.node.defaultChild).Properties.FunctionName).toBe(
      'Caseline-dev-Stateless-fire-timer',
    )
    expect(json(schedulerStatement?.Resource)).toContain(':schedule/caseline-dev-timers/*')
    expect(view.variablesOf(staged.eventHandler.handlerFunction).SCHEDULE_GROUP).toBe('caseline-dev-timers')
  })
})

describe('a schedule group name Scheduler would refuse', () => {
  it('fails the synth with its name', () => {
    const app = testApp()
    const data = new StatefulStack(app, 'Data', { threatProtection: true, mail: defaultMailSettings })

    expect(
      () =>
        new StatelessStack(app, 'Api', {
          table: data.table,
          cursorSecret: data.cursorSecret,
          userPool: data.userPool,
          userPoolClient: data.userPoolClient,
          filesBucketArnExport: data.filesBucketArnExport,
          mail: data.mail,
          allowedOrigins: [],
          scheduleGroupName: 'caseline timers',
        }),
    ).toThrow(/"caseline timers"/)
  })
})
