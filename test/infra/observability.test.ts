import type { CfnElement, Stack } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import type { IConstruct } from 'constructs'
import { describe, expect, it } from 'vitest'
import { addCaselineStacks, addComplianceChecks } from '#lib/caseline-app.ts'
import { AppFunction } from '#lib/constructs/app-function.ts'
import { sesAlarmThresholds } from '#lib/constructs/observability.ts'
import { readRateLimitSettings, readSettings, SettingsError } from '#lib/settings.ts'
import { readRateLimits } from '#src/config.ts'
import { routeList } from '#src/http/routes.ts'
import { buildCaselineApp, testApp } from './caseline-app.ts'
import { importOf, inspectAcross } from './template-lookup.ts'

type Json = Record<string, unknown>
type CfnResource = { Type: string; Properties: Json }
interface MetricStat {
  Metric: { Namespace: string; MetricName: string; Dimensions?: { Name: string; Value: unknown }[] }
}
interface AlarmProperties {
  AlarmName?: string
  Namespace?: string
  MetricName?: string
  Dimensions?: { Name: string; Value: unknown }[]
  Threshold: number
  Metrics?: { Id: string; Expression?: string; MetricStat?: MetricStat }[]
  AlarmActions?: unknown[]
  OKActions?: unknown[]
}

const json = (value: unknown) => JSON.stringify(value)

/** One stack's template; alarm names start with the stateless stack's name in every stack. */
function inspect(stack: Stack, serviceName = stack.stackName) {
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, CfnResource>
  const logicalId = (construct: IConstruct | undefined) => {
    const element = construct as CfnElement
    return (element.stack as Stack).getLogicalId(element)
  }
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type)
  const alarms = ofType('AWS::CloudWatch::Alarm').map(
    ([id, r]) => [id, r.Properties as unknown as AlarmProperties] as const,
  )
  const alarmNamed = (suffix: string) =>
    alarms.find(([, a]) => a.AlarmName === `${serviceName}-${suffix}`)?.[1] as AlarmProperties
  const variablesOf = (fn: AppFunction) =>
    (
      (resources[logicalId(fn.fn.node.defaultChild)] as CfnResource).Properties.Environment as {
        Variables: Json
      }
    ).Variables
  return { resources, logicalId, ofType, alarms, alarmNamed, variablesOf }
}

// The app as `bin/app.ts` builds it, with the default settings (no alarm topic).
const deployed = buildCaselineApp()
const { stateless, routeStacks } = deployed
const { ofType, alarms, alarmNamed, logicalId } = inspect(stateless)
// The route functions and their alarms live in the route stacks: lookups read each one's own stack.
const { variablesOf } = inspectAcross()
const routeViews = routeStacks.map((stack) => inspect(stack, stateless.stackName))

describe('the alarms of the stateless stack', () => {
  it.each([stateless, ...routeStacks].map((stack) => [stack.stackName, stack] as const))(
    'watch every function of %s for errors, one alarm each, in that stack',
    (_, stack) => {
      const view = inspect(stack)
      const functions = view.ofType('AWS::Lambda::Function').map(([id]) => id)
      const watched = view.alarms
        .filter(([, a]) => a.Namespace === 'AWS/Lambda' && a.MetricName === 'Errors')
        .map(([, a]) => a.Dimensions?.find((d) => d.Name === 'FunctionName')?.Value)

      expect(functions.length).toBeGreaterThan(0)
      expect(watched.map(json).sort()).toEqual(functions.map((id) => json({ Ref: id })).sort())
    },
  )

  it('watch every route function, under the stateless stack’s name, and show those alarms on its dashboard', () => {
    const routeAlarmNames = routeViews.flatMap((view) =>
      view.alarms
        .filter(([, a]) => a.Namespace === 'AWS/Lambda' && a.MetricName === 'Errors')
        .map(([, a]) => a.AlarmName),
    )
    const functions = [stateless, ...routeStacks].flatMap((stack) =>
      inspect(stack).ofType('AWS::Lambda::Function'),
    )
    const [[, dashboard]] = ofType('AWS::CloudWatch::Dashboard') as [[string, CfnResource]]
    const body = json(dashboard.Properties.DashboardBody)

    expect(functions.length).toBeGreaterThanOrEqual(routeList.length + 5)
    expect(routeAlarmNames.sort()).toEqual(
      routeList
        .map(
          (route) =>
            `${stateless.stackName}-errors-${route.operationId.replace(/^./, (c) => c.toUpperCase())}`,
        )
        .sort(),
    )
    for (const name of routeAlarmNames) expect(body, name).toContain(`:alarm:${name}`)
  })

  it('watch the depth of every dead-letter queue: timers, file checks, webhook deliveries, case events, retention, inbound mail', () => {
    // A work queue (one with its own dead-letter queue) is watched through that queue.
    const queues = ofType('AWS::SQS::Queue')
      .filter(([, queue]) => queue.Properties.RedrivePolicy === undefined)
      .map(([id]) => id)
    const watched = alarms
      .filter(([, a]) => a.Namespace === 'AWS/SQS' && a.MetricName === 'ApproximateNumberOfMessagesVisible')
      .map(([, a]) => a.Dimensions?.find((d) => d.Name === 'QueueName')?.Value)

    expect(queues).toHaveLength(6)
    expect(queues.map((id) => json({ 'Fn::GetAtt': [id, 'QueueName'] })).sort()).toEqual(
      watched.map(json).sort(),
    )
    expect(stateless.observability.deadLetterAlarms).toEqual([
      stateless.timers.deadLetterAlarm,
      stateless.fileChecks.deadLetterAlarm,
      stateless.webhookDeliveries.deadLetterAlarm,
      stateless.eventHandler.deadLetterAlarm,
      stateless.retention.deadLetterAlarm,
      stateless.inboundMail.deadLetterAlarm,
    ])
  })

  it("watch the API's 5xx share of requests on the stage, ignoring quiet periods", () => {
    const alarm = alarmNamed('api-5xx-rate')
    const stats = (alarm.Metrics ?? []).flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric] : []))
    const expression = alarm.Metrics?.find((m) => m.Expression)?.Expression

    expect(alarm.Threshold).toBe(1)
    expect(expression).toBe('IF(requests >= 20, 100 * errors / requests, 0)')
    expect(stats.map((m) => m.MetricName).sort()).toEqual(['5xx', 'Count'])
    for (const metric of stats) {
      expect(metric.Namespace).toBe('AWS/ApiGateway')
      expect(metric.Dimensions).toEqual([
        { Name: 'ApiId', Value: { Ref: logicalId(stateless.api.node.defaultChild) } },
        { Name: 'Stage', Value: '$default' },
      ])
    }
  })

  it("watch the timers Scheduler could not deliver, in the stage's schedule group", () => {
    const alarm = alarmNamed('timer-failures')
    const stats = (alarm.Metrics ?? []).flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric] : []))

    expect(stats.map((m) => m.MetricName).sort()).toEqual([
      'InvocationDroppedCount',
      'InvocationsFailedToBeSentToDeadLetterCount',
      'TargetErrorCount',
    ])
    for (const metric of stats) {
      expect(metric.Namespace).toBe('AWS/Scheduler')
      expect(json(metric.Dimensions)).toContain('ScheduleGroup')
    }
    expect(alarm.Threshold).toBe(1)
  })

  it("watch the account's SES bounce and complaint rates at half SES's review thresholds (5 %, 0.1 %)", () => {
    expect(sesAlarmThresholds).toEqual({ bounceRate: 0.025, complaintRate: 0.0005 })
    expect(alarmNamed('ses-bounce-rate')).toMatchObject({
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.BounceRate',
      Threshold: 0.025,
    })
    expect(alarmNamed('ses-complaint-rate')).toMatchObject({
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.ComplaintRate',
      Threshold: 0.0005,
    })
  })

  it('notify nobody without an alarm address or topic (console and dashboard only)', () => {
    expect(ofType('AWS::SNS::Topic')).toEqual([])
    for (const [, alarm] of [...alarms, ...routeViews.flatMap((view) => view.alarms)])
      expect(alarm.AlarmActions).toBeUndefined()
  })

  it('are all on the dashboard, with the metrics of every part', () => {
    const [[, dashboard]] = ofType('AWS::CloudWatch::Dashboard') as [[string, CfnResource]]
    const body = json(dashboard.Properties.DashboardBody)

    expect(dashboard.Properties.DashboardName).toBe(stateless.stackName)
    for (const part of [
      '5xx',
      'ApproximateNumberOfMessagesVisible',
      'TargetErrorCount',
      'ConsumedWriteCapacityUnits',
      'Reputation.BounceRate',
      'Reputation.ComplaintRate',
      'RateLimited',
      'SEARCH(',
    ])
      expect(body, part).toContain(part)
    expect(stateless.observability.alarms).toHaveLength(alarms.length)
  })
})

describe('the settings the functions get', () => {
  const routeFunctions = [...deployed.routeFunctions.values()]
  const otherFunctions = stateless.node
    .findAll()
    .filter((c): c is AppFunction => c instanceof AppFunction && !routeFunctions.includes(c))

  it('name the stateless stack as the service of every log line and metric, route functions too', () => {
    expect(otherFunctions).toHaveLength(7)
    for (const fn of [...routeFunctions, ...otherFunctions])
      expect(variablesOf(fn).POWERTOOLS_SERVICE_NAME).toBe(stateless.stackName)
  })

  it('give every route function the default rate limits, which its runtime reads', () => {
    for (const fn of routeFunctions) {
      const variables = variablesOf(fn) as Record<string, string>
      expect(readRateLimits(variables)).toEqual({ writesPerMinute: 120, readsPerMinute: 600 })
    }
    for (const fn of otherFunctions)
      expect(variablesOf(fn)).not.toHaveProperty('RATE_LIMIT_WRITES_PER_MINUTE')
  })

  it('follow the context, where 0 turns a limit off', () => {
    const tuned = buildCaselineApp({
      context: { writeRateLimitPerMinute: '0', readRateLimitPerMinute: 30 },
    })
    const variables = inspectAcross().variablesOf(tuned.routeFunctions.get('getCase') as AppFunction)

    expect(variables.RATE_LIMIT_READS_PER_MINUTE).toBe('30')
    expect(variables).not.toHaveProperty('RATE_LIMIT_WRITES_PER_MINUTE')
  })

  it.each([['-1'], ['ten'], [1.5]])('refuse a rate limit of %j', (value) => {
    const node = { tryGetContext: (key: string) => (key === 'readRateLimitPerMinute' ? value : undefined) }

    expect(() => readRateLimitSettings(node)).toThrow(SettingsError)
  })
})

describe('with an alarm address', () => {
  const app = testApp({ alarmEmail: 'ops@vendor.example' }, { validateTemplates: true })
  const { stateless: withEmail, routeStacks: routesWithEmail } = addCaselineStacks(
    app,
    readSettings(app.node),
  )
  addComplianceChecks(app)
  // Synthesis runs cdk-nag: any unacknowledged finding (the topic, its key) throws here.
  const synthesized = (() => {
    try {
      app.synth()
      return undefined
    } catch (error) {
      return error
    }
  })()
  const inspected = inspect(withEmail)

  it('creates one TLS-only topic with the address subscribed, and every alarm notifies it', () => {
    const [[topicId]] = inspected.ofType('AWS::SNS::Topic') as [[string, CfnResource]]
    const [[, subscription]] = inspected.ofType('AWS::SNS::Subscription') as [[string, CfnResource]]
    const [[, policy]] = inspected.ofType('AWS::SNS::TopicPolicy') as [[string, CfnResource]]

    expect(json(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"')
    expect(subscription.Properties).toMatchObject({ Protocol: 'email', Endpoint: 'ops@vendor.example' })
    for (const [id, alarm] of inspected.alarms) {
      expect(alarm.AlarmActions, id).toEqual([{ Ref: topicId }])
      expect(alarm.OKActions, id).toEqual([{ Ref: topicId }])
    }
    // The route functions' alarms, in the route stacks, notify the same topic through its export.
    const routeAlarms = routesWithEmail.flatMap((stack) => inspect(stack).alarms)
    const topic = importOf(withEmail, { Ref: topicId })
    expect(inspected.alarms.length + routeAlarms.length).toBeGreaterThan(routeList.length)
    for (const [id, alarm] of routeAlarms) {
      expect(alarm.AlarmActions, id).toEqual([topic])
      expect(alarm.OKActions, id).toEqual([topic])
    }
  })

  it('stays clean for cdk-nag', () => {
    expect(synthesized).toBeUndefined()
  })
})

describe('with an existing alarm topic', () => {
  it('notifies that topic and creates none', () => {
    const topicArn = 'arn:aws:sns:eu-central-1:123456789012:ops-pager'
    const { stateless: withTopic, routeStacks: routesWithTopic } = buildCaselineApp({
      context: { alarmTopicArn: topicArn },
    })
    const inspected = inspect(withTopic)
    const routeAlarms = routesWithTopic.flatMap((stack) => inspect(stack).alarms)

    expect(inspected.ofType('AWS::SNS::Topic')).toEqual([])
    expect(routeAlarms.length).toBe(routeList.length)
    for (const [, alarm] of [...inspected.alarms, ...routeAlarms])
      expect(alarm.AlarmActions).toEqual([topicArn])
  })

  it.each([
    [{ alarmEmail: 'ops' }, /alarmEmail/],
    [{ alarmTopicArn: 'ops-pager' }, /alarmTopicArn/],
    [
      { alarmEmail: 'ops@vendor.example', alarmTopicArn: 'arn:aws:sns:eu-central-1:123456789012:x' },
      /not both/,
    ],
  ])('refuses %j', (context, message) => {
    expect(() => readSettings({ tryGetContext: (key: string) => (context as Json)[key] })).toThrow(message)
  })
})

describe('a function added after the observability construct', () => {
  it('fails the synth instead of going unwatched', () => {
    // Arrange
    const app = testApp()
    const { stateless: late } = addCaselineStacks(app, readSettings(app.node))
    new AppFunction(late, 'Late', { handler: 'not-found' })

    // Act / Assert
    expect(() => app.synth()).toThrow(
      /Stateless\/Late was added after .*Observability: create Observability last/,
    )
  })
})

describe('a function added to a route stack after its alarms', () => {
  it('fails the synth instead of going unwatched', () => {
    // Arrange
    const app = testApp()
    const {
      routeStacks: [first],
    } = addCaselineStacks(app, readSettings(app.node))
    new AppFunction(first as Stack, 'Late', { handler: 'not-found' })

    // Act / Assert
    expect(() => app.synth()).toThrow(/CaseRoutes\/Late was added after .*Alarms: create FunctionAlarms last/)
  })
})
