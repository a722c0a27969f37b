import { Duration, Stack } from 'aws-cdk-lib'
import type { HttpStage } from 'aws-cdk-lib/aws-apigatewayv2'
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type HorizontalAnnotation,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch'
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions'
import type { ITable } from 'aws-cdk-lib/aws-dynamodb'
import type { IScheduleGroup } from 'aws-cdk-lib/aws-scheduler'
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns'
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions'
import { Construct } from 'constructs'
import { metricNames, metricsNamespace } from '#src/operational-metrics.ts'
import { AlarmedDeadLetterQueue } from './alarmed-dead-letter-queue.ts'
import { AppFunction } from './app-function.ts'

/**
 * SES reviews an account whose bounce rate reaches 5 % or whose complaint rate reaches 0.1 %
 * (Amazon SES Developer Guide, "Sending review process FAQs"); the metrics are fractions (0.05).
 */
export const sesReviewThresholds = { bounceRate: 0.05, complaintRate: 0.001 } as const

/** The SES alarms go off at half SES's review thresholds, so there is time to act before SES does. */
export const sesAlarmThresholds = {
  bounceRate: sesReviewThresholds.bounceRate / 2,
  complaintRate: sesReviewThresholds.complaintRate / 2,
} as const

/** The API alarm: 5xx answers of at least this share of requests, in 2 of 3 five-minute periods... */
export const apiServerErrorRatePercent = 1
/** ...that had at least this many requests (one 500 among three requests is not yet a trend). */
export const apiServerErrorMinimumRequests = 20

export interface ObservabilityProps {
  /** The HTTP API's stage: requests, 4xx/5xx and latency. */
  readonly stage: HttpStage
  /** The table: consumed capacity, throttles and errors on the dashboard. */
  readonly table: ITable
  /** The case timers' schedule group: Scheduler's delivery failures. */
  readonly scheduleGroup: IScheduleGroup
  /** Alarm notifications go to this address (a topic is created; the address must confirm once). @default none */
  readonly alarmEmail?: string
  /** Alarm notifications go to this existing SNS topic (e.g. one of AWS Chatbot or a pager). @default none */
  readonly alarmTopicArn?: string
  /**
   * The names of the error alarms of functions in other stacks (the route stacks' `FunctionAlarms`),
   * shown on the dashboard. By name, not by reference: those stacks depend on this one. @default none
   */
  readonly otherFunctionAlarmNames?: readonly string[]
}

const fiveMinutes = Duration.minutes(5)

/**
 * Alarms and a dashboard for one stateless stack, created last in it: it finds every function
 * (`AppFunction`) and every dead-letter queue (`AlarmedDeadLetterQueue`) the stack holds, and a
 * synth-time check fails if one is added after it and so goes unwatched.
 *
 * Alarms: the API's 5xx rate; errors of each function of the stack (the route functions' alarms are
 * in their route stacks, `FunctionAlarms`; the dashboard shows them by name); each dead-letter queue's depth (the queue's
 * own alarm); timers that Scheduler could not deliver; SES bounce and complaint rates of the
 * account. With `alarmEmail` or `alarmTopicArn` every alarm notifies (alarm and OK); without,
 * they are on the dashboard and in the console only.
 */
export class Observability extends Construct {
  readonly alarmTopic: ITopic | undefined
  readonly apiServerErrorAlarm: Alarm
  /** One per function, by its construct path. */
  readonly functionErrorAlarms: ReadonlyMap<string, Alarm>
  readonly deadLetterAlarms: readonly Alarm[]
  readonly timerFailureAlarm: Alarm
  readonly sesBounceRateAlarm: Alarm
  readonly sesComplaintRateAlarm: Alarm
  /** Every alarm above. */
  readonly alarms: readonly Alarm[]
  readonly dashboard: Dashboard

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id)
    const stack = Stack.of(this)
    const name = (suffix: string) => `${stack.stackName}-${suffix}`
    const functions = stack.node.findAll().filter((c): c is AppFunction => c instanceof AppFunction)
    const queues = stack.node
      .findAll()
      .filter((c): c is AlarmedDeadLetterQueue => c instanceof AlarmedDeadLetterQueue)

    this.alarmTopic = alarmTopic(this, props)

    // 1. The API answers 5xx (our 500s, 503s of throttled dependencies, integration failures).
    const requests = props.stage.metricCount({ statistic: 'Sum', period: fiveMinutes })
    const serverErrors = props.stage.metricServerError({ period: fiveMinutes })
    const serverErrorRate = new MathExpression({
      expression: `IF(requests >= ${apiServerErrorMinimumRequests}, 100 * errors / requests, 0)`,
      usingMetrics: { requests, errors: serverErrors },
      label: '5xx rate (%)',
      period: fiveMinutes,
    })
    this.apiServerErrorAlarm = new Alarm(this, 'ApiServerErrorRate', {
      alarmName: name('api-5xx-rate'),
      alarmDescription: `At least ${apiServerErrorRatePercent} % of API requests answered 5xx in 2 of the last 3 five-minute periods (periods with ${apiServerErrorMinimumRequests} requests or more). The functions' logs have the errors: filter on level "error"; correlation_id is the access log's requestId.`,
      metric: serverErrorRate,
      threshold: apiServerErrorRatePercent,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    })

    // 2. Any function error: HTTP handlers map every error to a response, so an error there is a
    // crash, a timeout or a failed cold start; event handlers throw to be retried.
    const functionAlarms = new Map<string, Alarm>()
    for (const fn of functions)
      functionAlarms.set(fn.node.path, functionErrorAlarm(this, fn, stack.stackName))
    this.functionErrorAlarms = functionAlarms

    // 3. Dead-letter queues bring their own alarm (depth ≥ 1).
    this.deadLetterAlarms = queues.map((queue) => queue.alarm)

    // 4. Timers Scheduler could not hand to the timer function, dropped, or not even dead-lettered.
    const group = props.scheduleGroup
    this.timerFailureAlarm = new Alarm(this, 'TimerFailures', {
      alarmName: name('timer-failures'),
      alarmDescription:
        'EventBridge Scheduler could not deliver case timers (SLA warnings and breaches, pending closure, auto-close): target errors, dropped invocations or failed dead-lettering. Timers in the dead-letter queue have their own alarm.',
      metric: new MathExpression({
        expression: 'targetErrors + dropped + notDeadLettered',
        usingMetrics: {
          targetErrors: group.metricTargetErrors({ statistic: 'Sum', period: fiveMinutes }),
          dropped: group.metricDropped({ statistic: 'Sum', period: fiveMinutes }),
          notDeadLettered: group.metricFailedToBeSentToDLQ(undefined, {
            statistic: 'Sum',
            period: fiveMinutes,
          }),
        },
        label: 'undelivered timers',
        period: fiveMinutes,
      }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    })

    // 5. SES reputation of the account (all senders in this region, not only Caseline's mail).
    const bounceRate = sesMetric('Reputation.BounceRate')
    const complaintRate = sesMetric('Reputation.ComplaintRate')
    this.sesBounceRateAlarm = new Alarm(this, 'SesBounceRate', {
      alarmName: name('ses-bounce-rate'),
      alarmDescription: `The account's SES bounce rate reached ${percent(sesAlarmThresholds.bounceRate)}; SES reviews the account at ${percent(sesReviewThresholds.bounceRate)}. Check the contacts' addresses (docs/email.md).`,
      metric: bounceRate,
      threshold: sesAlarmThresholds.bounceRate,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      // SES publishes the rates only once mail has bounced or been reported.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    })
    this.sesComplaintRateAlarm = new Alarm(this, 'SesComplaintRate', {
      alarmName: name('ses-complaint-rate'),
      alarmDescription: `The account's SES complaint rate reached ${percent(sesAlarmThresholds.complaintRate)}; SES reviews the account at ${percent(sesReviewThresholds.complaintRate)}. Recipients mark our mail as spam.`,
      metric: complaintRate,
      threshold: sesAlarmThresholds.complaintRate,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    })

    this.alarms = [
      this.apiServerErrorAlarm,
      ...functionAlarms.values(),
      ...this.deadLetterAlarms,
      this.timerFailureAlarm,
      this.sesBounceRateAlarm,
      this.sesComplaintRateAlarm,
    ]
    if (this.alarmTopic) {
      const action = new SnsAction(this.alarmTopic)
      for (const alarm of this.alarms) {
        alarm.addAlarmAction(action)
        alarm.addOkAction(action)
      }
    }

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: stack.stackName,
      defaultInterval: Duration.hours(6),
    })
    const service = stack.stackName
    const searchLambda = (metric: string, statistic: string) =>
      new MathExpression({
        // Every function of this stack: generated function names start with the stack name.
        expression: `SEARCH('{AWS/Lambda,FunctionName} MetricName="${metric}" "${stack.stackName}"', '${statistic}', 300)`,
        usingMetrics: {},
        label: '',
        period: fiveMinutes,
      })
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# ${stack.stackName}\nAPI, functions, queues, timers, table and e-mail of this stage. Logs: every function writes JSON lines (\`level\`, \`message\`, \`correlation_id\` = the access log's \`requestId\`). Runbook: docs/deploy.md, "Operating".`,
        width: 24,
        height: 2,
      }),
    )
    this.dashboard.addWidgets(
      graph('API requests and errors', [
        requests,
        props.stage.metricClientError({ period: fiveMinutes }),
        serverErrors,
      ]),
      graph('API latency (ms)', [
        props.stage.metricLatency({ statistic: 'p50', period: fiveMinutes }),
        props.stage.metricLatency({ statistic: 'p99', period: fiveMinutes }),
        props.stage.metricIntegrationLatency({ statistic: 'p99', period: fiveMinutes }),
      ]),
      graph('API 5xx rate (%)', [serverErrorRate], [{ value: apiServerErrorRatePercent, label: 'alarm' }]),
    )
    this.dashboard.addWidgets(
      graph('Function errors', [searchLambda('Errors', 'Sum')]),
      graph('Function throttles', [searchLambda('Throttles', 'Sum')]),
      graph('Function duration p99 (ms)', [searchLambda('Duration', 'p99')]),
    )
    this.dashboard.addWidgets(
      graph(
        'Dead-letter queues (messages waiting)',
        queues.map((queue) =>
          queue.queue.metricApproximateNumberOfMessagesVisible({
            statistic: 'Maximum',
            period: Duration.minutes(1),
            label: queue.node.scope?.node.id ?? queue.node.id,
          }),
        ),
        [{ value: 1, label: 'alarm' }],
      ),
      graph('Timers (EventBridge Scheduler)', [
        group.metricAttempts({ statistic: 'Sum', period: fiveMinutes }),
        group.metricTargetErrors({ statistic: 'Sum', period: fiveMinutes }),
        group.metricDropped({ statistic: 'Sum', period: fiveMinutes }),
        group.metricSentToDLQ({ statistic: 'Sum', period: fiveMinutes }),
      ]),
      graph('Rate-limited requests (429)', [
        rateLimited(service, 'writes'),
        rateLimited(service, 'reads'),
        new Metric({
          namespace: metricsNamespace,
          metricName: metricNames.rateLimitUnavailable,
          dimensionsMap: { service },
          statistic: 'Sum',
          period: fiveMinutes,
        }),
      ]),
    )
    this.dashboard.addWidgets(
      graph('Table capacity (units per 5 minutes)', [
        props.table.metricConsumedReadCapacityUnits({ statistic: 'Sum', period: fiveMinutes }),
        props.table.metricConsumedWriteCapacityUnits({ statistic: 'Sum', period: fiveMinutes }),
      ]),
      graph('Table errors', [
        props.table.metricUserErrors({ statistic: 'Sum', period: fiveMinutes }),
        props.table.metric('ThrottledRequests', { statistic: 'Sum', period: fiveMinutes }),
      ]),
      graph(
        'SES reputation (fraction)',
        [bounceRate, complaintRate],
        [
          { value: sesAlarmThresholds.bounceRate, label: 'bounce alarm' },
          { value: sesReviewThresholds.bounceRate, label: 'SES bounce review' },
          { value: sesAlarmThresholds.complaintRate, label: 'complaint alarm' },
        ],
      ),
    )
    this.dashboard.addWidgets(
      new AlarmStatusWidget({ title: 'Alarms', alarms: [...this.alarms], width: 24, height: 6 }),
    )
    const otherAlarmNames = props.otherFunctionAlarmNames ?? []
    if (otherAlarmNames.length > 0) {
      this.dashboard.addWidgets(
        new AlarmStatusWidget({
          title: 'Route function alarms (route stacks)',
          alarms: otherAlarmNames.map((alarmName) =>
            Alarm.fromAlarmName(this, `Watched-${alarmName}`, alarmName),
          ),
          width: 24,
          height: 6,
        }),
      )
    }

    // A function or queue added to the stack after this construct would go unwatched: fail the synth.
    this.node.addValidation({
      validate: () => {
        const watched = new Set(this.alarms)
        const unwatchedFunctions = stack.node
          .findAll()
          .filter((c): c is AppFunction => c instanceof AppFunction && !functionAlarms.has(c.node.path))
        const unwatchedQueues = stack.node
          .findAll()
          .filter(
            (c): c is AlarmedDeadLetterQueue => c instanceof AlarmedDeadLetterQueue && !watched.has(c.alarm),
          )
        return [...unwatchedFunctions, ...unwatchedQueues].map(
          (c) => `${c.node.path} was added after ${this.node.path}: create Observability last in the stack`,
        )
      },
    })
  }
}

/** The topic alarms notify: an existing one, or a new one with the operator's e-mail subscribed. */
function alarmTopic(scope: Construct, props: ObservabilityProps): ITopic | undefined {
  if (props.alarmTopicArn) return Topic.fromTopicArn(scope, 'AlarmTopic', props.alarmTopicArn)
  if (!props.alarmEmail) return undefined
  const topic = new Topic(scope, 'AlarmTopic', {
    displayName: `${Stack.of(scope).stackName} alarms`,
    // Publishers must use TLS. Not encrypted with KMS: the messages carry alarm names and states,
    // no customer data, and CloudWatch could publish only with a customer managed key ($1 a month).
    enforceSSL: true,
  })
  topic.addSubscription(new EmailSubscription(props.alarmEmail))
  return topic
}

/** `Caseline-Stateless-CaseRoutes/GetCase/Handler` → `GetCase`; `…/Timers/Handler` → `Timers`. */
export function functionLabel(fn: AppFunction): string {
  return (fn.node.scope?.node.id ?? fn.node.id).replace(/[^A-Za-z0-9-]/g, '')
}

/**
 * The name of a function's error alarm: `<service>-errors-<label>`, where the service is the
 * stateless stack's name (route functions keep it in their route stacks, see `FunctionAlarms`).
 */
export function functionErrorAlarmName(serviceName: string, label: string): string {
  return `${serviceName}-errors-${label}`
}

/**
 * One function's error alarm: any error in five minutes. HTTP handlers map every error to a response,
 * so an error there is a crash, a timeout or a failed cold start; event handlers throw to be retried.
 */
function functionErrorAlarm(scope: Construct, fn: AppFunction, serviceName: string): Alarm {
  const label = functionLabel(fn)
  return new Alarm(scope, `Errors${label}`, {
    alarmName: functionErrorAlarmName(serviceName, label),
    alarmDescription: `The function ${label} (${fn.fn.node.path}) failed: see its log group for level "error" lines and Lambda's own error reports.`,
    metric: fn.fn.metricErrors({ statistic: 'Sum', period: fiveMinutes }),
    threshold: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  })
}

export interface FunctionAlarmsProps {
  /** The service the functions log and count under: the stateless stack's name (alarm names start with it). */
  readonly serviceName: string
  /** Where the alarms notify (the stateless stack's `Observability.alarmTopic`). @default nobody */
  readonly alarmTopic?: ITopic
}

/**
 * The error alarms of every function of a stack that has no `Observability` of its own (a route
 * stack), created last in it, named as `Observability` names them, notifying its topic. The
 * stateless stack's dashboard shows them by name (`ObservabilityProps.otherFunctionAlarmNames`).
 * A synth-time check fails if a function is added after it and so goes unwatched.
 */
export class FunctionAlarms extends Construct {
  /** One per function, by its construct path. */
  readonly alarms: ReadonlyMap<string, Alarm>

  constructor(scope: Construct, id: string, props: FunctionAlarmsProps) {
    super(scope, id)
    const stack = Stack.of(this)
    const alarms = new Map<string, Alarm>()
    for (const fn of stack.node.findAll().filter((c): c is AppFunction => c instanceof AppFunction)) {
      const alarm = functionErrorAlarm(this, fn, props.serviceName)
      if (props.alarmTopic) {
        const action = new SnsAction(props.alarmTopic)
        alarm.addAlarmAction(action)
        alarm.addOkAction(action)
      }
      alarms.set(fn.node.path, alarm)
    }
    this.alarms = alarms

    this.node.addValidation({
      validate: () =>
        stack.node
          .findAll()
          .filter((c): c is AppFunction => c instanceof AppFunction && !alarms.has(c.node.path))
          .map(
            (c) =>
              `${c.node.path} was added after ${this.node.path}: create FunctionAlarms last in the stack`,
          ),
    })
  }
}

function sesMetric(metricName: string): Metric {
  return new Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.minutes(15) })
}

function rateLimited(service: string, kind: 'reads' | 'writes'): Metric {
  return new Metric({
    namespace: metricsNamespace,
    metricName: metricNames.rateLimited,
    dimensionsMap: { service, kind },
    statistic: 'Sum',
    period: fiveMinutes,
    label: `429 ${kind}`,
  })
}

function graph(title: string, metrics: IMetric[], annotations: HorizontalAnnotation[] = []): GraphWidget {
  return new GraphWidget({ title, left: metrics, leftAnnotations: annotations, width: 8, height: 6 })
}

const percent = (fraction: number) => `${Number((fraction * 100).toFixed(3))} %`
