import { fileURLToPath } from 'node:url'
import { Template } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import type { AppFunction } from '#lib/constructs/app-function.ts'
import { webhookMaxReceiveCount } from '#lib/constructs/webhook-deliveries.ts'
import {
  readConfig,
  requireEventBusName,
  requireMailSettings,
  requireSchedulerSettings,
  requireWebhookQueue,
} from '#src/config.ts'
import { routeList } from '#src/http/routes.ts'
import { entries } from '#src/runtime/entries.ts'
import { buildCaselineApp } from './caseline-app.ts'
import {
  importOf,
  inspect,
  inspectAcross,
  type Json,
  json,
  resolvedAtDeploy,
  type Statement,
} from './template-lookup.ts'

const actionsOf = (statement: Statement) => [statement.Action].flat()

const { stateless, routeFunctions } = buildCaselineApp({ context: { stage: 'test' } })
// The route functions live in the route stacks: lookups there read their own stack's template.
const routeView = inspectAcross()
const { resources, logicalId, resourceOf, statementsOf, variablesOf } = inspect(stateless)
const template = Template.fromStack(stateless)
const outputs = template.toJSON().Outputs as Record<string, { Value: unknown; Export?: { Name: string } }>

/** The function's settings as the runtime reads them, references standing in as URL-shaped strings. */
const configOf = (fn: AppFunction, variablesIn: (fn: AppFunction) => Json = variablesOf) =>
  readConfig({
    ...Object.fromEntries(
      Object.entries(variablesIn(fn)).map(([name, value]) => [name, resolvedAtDeploy(value)]),
    ),
    AWS_REGION: 'eu-central-1',
  })
const mappingsOf = (fn: AppFunction) =>
  Object.values(resources).filter(
    (r) =>
      r.Type === 'AWS::Lambda::EventSourceMapping' &&
      json(r.Properties.FunctionName) === json({ Ref: logicalId(fn.fn.node.defaultChild) }),
  )

const { eventBus, webhookDeliveries } = stateless
const busRef = { Ref: logicalId(eventBus.eventBus.node.defaultChild) }
const busArn = { 'Fn::GetAtt': [logicalId(eventBus.eventBus.node.defaultChild), 'Arn'] }
const queueArn = { 'Fn::GetAtt': [logicalId(webhookDeliveries.queue.node.defaultChild), 'Arn'] }
const queueUrl = { Ref: logicalId(webhookDeliveries.queue.node.defaultChild) }
const deadLetterArn = {
  'Fn::GetAtt': [logicalId(webhookDeliveries.deadLetterQueue.node.defaultChild), 'Arn'],
}
const streamFunction = stateless.eventHandler.handlerFunction
const deliverFunction = webhookDeliveries.deliverFunction

describe('the event bus', () => {
  it('is one per stage, named after it', () => {
    const buses = Object.values(resources).filter((r) => r.Type === 'AWS::Events::EventBus')

    expect(buses.map((b) => b.Properties.Name)).toEqual(['caseline-test-events'])
  })

  it('is a stack output by name and ARN, exported per stage for the operator’s rules', () => {
    expect(outputs.EventBusName).toMatchObject({
      Value: busRef,
      Export: { Name: 'Caseline-test-Stateless-EventBusName' },
    })
    expect(outputs.EventBusArn).toMatchObject({
      Value: busArn,
      Export: { Name: 'Caseline-test-Stateless-EventBusArn' },
    })
  })
})

describe('the webhook delivery queue', () => {
  const queue = resourceOf(webhookDeliveries.queue.node.defaultChild).Properties

  it('is encrypted, keeps messages 4 days and hides a received one for 6 function timeouts at least', () => {
    expect(queue.SqsManagedSseEnabled).toBe(true)
    expect(queue.MessageRetentionPeriod).toBe(4 * 24 * 60 * 60)
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * entries.deliverWebhook.timeoutSeconds)
  })

  it('refuses requests without TLS', () => {
    const policies = Object.values(resources).filter(
      (r) => r.Type === 'AWS::SQS::QueuePolicy' && json(r.Properties.Queues) === json([queueUrl]),
    )
    const statements = policies.flatMap(
      (p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
    )

    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    )
  })

  it('moves a message to an alarmed, encrypted dead-letter queue after 5 receives', () => {
    const deadLetters = resourceOf(webhookDeliveries.deadLetterQueue.node.defaultChild).Properties

    expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: deadLetterArn, maxReceiveCount: 5 })
    expect(webhookMaxReceiveCount).toBe(5)
    expect(deadLetters.SqsManagedSseEnabled).toBe(true)
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 1,
      Dimensions: [
        {
          Name: 'QueueName',
          Value: {
            'Fn::GetAtt': [logicalId(webhookDeliveries.deadLetterQueue.node.defaultChild), 'QueueName'],
          },
        },
      ],
    })
  })
})

describe('the deliver function', () => {
  it('runs the webhooks/deliver-webhook module with its entry’s timeout', () => {
    expect(deliverFunction.entry).toBe(
      fileURLToPath(new URL(`../../functions/${entries.deliverWebhook.handler}.ts`, import.meta.url)),
    )
    expect(resourceOf(deliverFunction.fn.node.defaultChild).Properties.Timeout).toBe(
      entries.deliverWebhook.timeoutSeconds,
    )
  })

  it('consumes the queue in batches of up to ten, reporting failed messages one by one', () => {
    const mappings = mappingsOf(deliverFunction)

    expect(mappings).toHaveLength(1)
    expect(mappings[0]?.Properties).toMatchObject({
      EventSourceArn: queueArn,
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    })
    expect(mappings[0]?.Properties.MaximumBatchingWindowInSeconds).toBeLessThanOrEqual(5)
  })

  it('gets what it needs to record, retry by queue or schedule, and mail a disabled endpoint’s owner', () => {
    const config = configOf(deliverFunction)

    expect(requireWebhookQueue(config.events)).toBeDefined()
    expect(requireSchedulerSettings(config.scheduler)).toBeDefined()
    expect(requireMailSettings(config.mail)).toBeDefined()
    expect(variablesOf(deliverFunction).WEBHOOK_QUEUE_ARN).toEqual(queueArn)
  })

  it('may send to the queue, create schedules in the stage’s group and pass the Scheduler role', () => {
    const statements = statementsOf(deliverFunction)
    const actions = statements.flatMap(actionsOf)

    expect(statements).toContainEqual(
      expect.objectContaining({ Action: 'sqs:SendMessage', Resource: queueArn }),
    )
    expect(actions).toEqual(
      expect.arrayContaining(['scheduler:CreateSchedule', 'iam:PassRole', 'ses:SendEmail']),
    )
    const schedules = statements.find((s) => actionsOf(s).includes('scheduler:CreateSchedule'))
    expect(json(schedules?.Resource)).toContain(':schedule/caseline-test-timers/*')
    expect(actions).not.toContain('events:PutEvents')
  })
})

describe('the event handler', () => {
  it('may put events on the stage’s bus, and on no other', () => {
    const puts = statementsOf(streamFunction).filter((s) => actionsOf(s).some((a) => a.startsWith('events:')))

    expect(puts).toEqual([
      expect.objectContaining({ Effect: 'Allow', Action: 'events:PutEvents', Resource: busArn }),
    ])
    expect(variablesOf(streamFunction).EVENT_BUS_NAME).toEqual(busRef)
    expect(requireEventBusName(configOf(streamFunction).events)).toBeDefined()
  })

  it('may hand deliveries to the webhook queue', () => {
    const sends = statementsOf(streamFunction).filter((s) => actionsOf(s).includes('sqs:SendMessage'))

    expect(sends.map((s) => s.Resource)).toContainEqual(queueArn)
    expect(variablesOf(streamFunction)).toMatchObject({
      WEBHOOK_QUEUE_URL: queueUrl,
      WEBHOOK_QUEUE_ARN: queueArn,
    })
  })

  /** EventBridge filter matching as far as the patterns use it: every key's value is one of the listed strings. */
  function matches(pattern: unknown, value: unknown): boolean {
    if (Array.isArray(pattern)) return pattern.includes(value)
    if (typeof pattern !== 'object' || pattern === null) return false
    if (typeof value !== 'object' || value === null) return false
    return Object.entries(pattern).every(([key, sub]) => matches(sub, (value as Json)[key]))
  }
  const patterns = (
    (mappingsOf(streamFunction)[0]?.Properties.FilterCriteria ?? { Filters: [] }) as {
      Filters: { Pattern: string }[]
    }
  ).Filters.map((f) => JSON.parse(f.Pattern) as unknown)
  const passes = (eventName: string, entity: string) =>
    patterns.some((p) => matches(p, { eventName, dynamodb: { NewImage: { entity: { S: entity } } } }))

  it('is invoked for contact registrations and changes and for account changes', () => {
    expect(passes('INSERT', 'contact')).toBe(true)
    expect(passes('MODIFY', 'contact')).toBe(true)
    expect(passes('MODIFY', 'account')).toBe(true)
  })

  it('is still invoked for case events and case changes, and not for comments or a new account', () => {
    expect(passes('INSERT', 'caseEvent')).toBe(true)
    expect(passes('MODIFY', 'case')).toBe(true)
    expect(passes('INSERT', 'comment')).toBe(false)
    expect(passes('INSERT', 'account')).toBe(false)
  })
})

describe('the routes that queue deliveries', () => {
  const queueing = routeList.filter((route) => route.webhookQueue)

  it('exist in the route table (retry, test ping)', () => {
    expect(queueing.length).toBeGreaterThan(0)
  })

  it.each(queueing.map((route) => [route.operationId]))('%s may send to the webhook queue', (operationId) => {
    const fn = routeFunctions.get(operationId) as AppFunction
    const sends = routeView.statementsOf(fn).filter((s) => actionsOf(s).includes('sqs:SendMessage'))

    // The route stack imports the queue's ARN from the stateless stack.
    expect(sends.map((s) => s.Resource)).toEqual([importOf(stateless, queueArn)])
    expect(routeView.variablesOf(fn).WEBHOOK_QUEUE_URL).toEqual(importOf(stateless, queueUrl))
    expect(requireWebhookQueue(configOf(fn, routeView.variablesOf).events)).toBeDefined()
  })

  it('every other route has neither the queue’s settings nor the right to send to it', () => {
    const others = routeList.filter((route) => !route.webhookQueue)
    const withQueue = others.filter((route) => {
      const fn = routeFunctions.get(route.operationId) as AppFunction
      return (
        'WEBHOOK_QUEUE_URL' in routeView.variablesOf(fn) ||
        routeView.statementsOf(fn).some((s) => actionsOf(s).includes('sqs:SendMessage'))
      )
    })

    expect(withQueue.map((route) => route.operationId)).toEqual([])
  })
})
