import {
  CfnOutput,
  CrossStackReferences,
  Duration,
  Fn,
  ReferenceStrength,
  RemovalPolicy,
  Stack,
  type StackProps,
} from 'aws-cdk-lib'
import {
  CorsHttpMethod,
  type CorsPreflightOptions,
  HttpApi,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers'
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations'
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito'
import type { ITable } from 'aws-cdk-lib/aws-dynamodb'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import { Bucket } from 'aws-cdk-lib/aws-s3'
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager'
import { Construct } from 'constructs'
import { corsAllowHeaders, corsExposeHeaders, corsMaxAgeSeconds } from '#src/http/cors.ts'
import type { RouteDefinition } from '#src/http/route-table.ts'
import { routeList } from '#src/http/routes.ts'
import { entries } from '#src/runtime/entries.ts'
import { accessLogFormat } from '../constructs/access-log-format.ts'
import { AppFunction, entryFunctionProps, type FileSettings } from '../constructs/app-function.ts'
import { CaseEventHandler } from '../constructs/case-event-handler.ts'
import { type MailTarget, withSurveyPage } from '../constructs/case-mail.ts'
import { CaseRetention } from '../constructs/case-retention.ts'
import { CaseTimers, scheduleGroupNameFor } from '../constructs/case-timers.ts'
import { eventBusNameFor, IntegrationEventBus } from '../constructs/event-bus.ts'
import { FileChecks } from '../constructs/file-checks.ts'
import { InboundMail } from '../constructs/inbound-mail.ts'
import { acknowledgePublicRoute } from '../constructs/nag-suppressions.ts'
import { functionErrorAlarmName, Observability } from '../constructs/observability.ts'
import { WebhookDeliveries } from '../constructs/webhook-deliveries.ts'
import { type AlarmSettings, readAlarmSettings } from '../settings.ts'
import { routeConstructId } from './route-stack.ts'

export interface StatelessStackProps extends StackProps {
  readonly table: ITable
  readonly cursorSecret: ISecret
  readonly userPool: IUserPool
  readonly userPoolClient: IUserPoolClient
  /** The name of the export that carries the case-files bucket's ARN (`StatefulStack.filesBucketArnExport`). */
  readonly filesBucketArnExport: string
  /** Malware-scan gating and blocked upload types. @default no scan gating, the built-in blocked types */
  readonly fileSettings?: FileSettings
  /** Browser origins CORS allows; empty: no CORS configuration (server-side clients only). */
  readonly allowedOrigins: readonly string[]
  /** X-Ray active tracing on every function. @default false */
  readonly tracing?: boolean
  /** Stage-wide throttling. @default 50 requests/second, bursts of 100 */
  readonly throttle?: ThrottleSettings
  /**
   * The routes the route stacks serve (`RouteStack`): their methods make the CORS configuration and
   * their alarms are on the dashboard. @default the route table (`routeList`); tests pass their own.
   */
  readonly routes?: readonly RouteDefinition[]
  /** The stage's EventBridge Scheduler group for case timers. @default `scheduleGroupNameFor(undefined)` */
  readonly scheduleGroupName?: string
  /** The stage's event bus for domain events. @default `eventBusNameFor(undefined)` */
  readonly eventBusName?: string
  /** SES and the mail settings (the stateful stack's `CaseMail`). */
  readonly mail: MailTarget
  /** Where alarms notify. @default the context's (`readAlarmSettings`) */
  readonly alarms?: AlarmSettings
}

/**
 * The HTTP API and the functions that serve no route of the route table, all of it replaceable at
 * any time: the API with its stage, access logs and Cognito JWT authorizer (the default of every
 * route), timers, file checks, the table stream's handler, webhook deliveries, mail in, alarms and
 * the dashboard. The route table's routes and their functions live in the route stacks
 * (`RouteStack`, lib/stacks/route-stack.ts), which attach them to this API. A `$default` route here
 * answers unknown routes with a 404 problem document instead of API Gateway's own `{"message":"Not Found"}`.
 */
export class StatelessStack extends Stack {
  readonly api: HttpApi
  readonly stage: HttpStage
  readonly notFoundFunction: AppFunction
  /** The case timers: schedule group, timer function, invoke role, dead-letter queue and its alarm. */
  readonly timers: CaseTimers
  /** The check of every upload: EventBridge rule, file-ready function, dead-letter queue and alarm. */
  readonly fileChecks: FileChecks
  /** The table stream's consumer: e-mail notifications and surveys, with its dead-letter queue and alarm. */
  readonly eventHandler: CaseEventHandler
  /** The operator's event bus, where every domain event is published (docs/integrations.md). */
  readonly eventBus: IntegrationEventBus
  /** Webhook deliveries: the queue, its dead-letter queue and alarm, the deliver function. */
  readonly webhookDeliveries: WebhookDeliveries
  /** Retention: the daily rule, the purge function, its dead-letter queue and alarm (docs/privacy.md). */
  readonly retention: CaseRetention
  /** E-mail in: SES receipt rule → raw-mail bucket → mail-in function, with its dead-letter queue. */
  readonly inboundMail: InboundMail
  /** The export that carries the inbound-mail bucket's ARN to the route stacks (see `inboundMailBucketExportName`). */
  readonly inboundMailBucketArnExport: string
  /** Alarms (API 5xx rate, function errors, dead-letter queues, timers, SES reputation) and the dashboard. */
  readonly observability: Observability

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props)
    // Imports (Fn::ImportValue) stop CloudFormation from removing the table, secret or pool exports
    // while this stack uses them. Set explicitly: it must be set before any child exists.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG)
    const routes = props.routes ?? routeList

    const authorizer = new HttpJwtAuthorizer(
      'CognitoAuthorizer',
      // The pool and the API are deployed to one region, so this stack's region is the pool's.
      `https://cognito-idp.${this.region}.amazonaws.com/${props.userPool.userPoolId}`,
      // ID tokens carry the client id in `aud` (access tokens don't), so clients send ID tokens.
      { jwtAudience: [props.userPoolClient.userPoolClientId] },
    )

    this.api = new HttpApi(this, 'HttpApi', {
      apiName: this.stackName,
      description: 'Caseline case management API',
      createDefaultStage: false,
      // Secure by default: a route is public only where it says so.
      defaultAuthorizer: authorizer,
      corsPreflight: corsOptions(props.allowedOrigins, routes),
    })

    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.api,
      // `$default` serves at the root, so the paths stay exactly the contract (`/v1/...`).
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(
          new LogGroup(this, 'AccessLogs', {
            retention: RetentionDays.THREE_MONTHS,
            // Who called what and when: kept after the stack is gone, for incident reviews.
            removalPolicy: RemovalPolicy.RETAIN,
          }),
        ),
        format: accessLogFormat,
      },
    })

    // The closing mail's survey link opens this API's hosted page unless a portal's is configured.
    const mail = withSurveyPage(props.mail, this.api.apiEndpoint)

    this.timers = new CaseTimers(this, 'Timers', {
      table: props.table,
      cursorSecret: props.cursorSecret,
      scheduleGroupName: props.scheduleGroupName ?? scheduleGroupNameFor(undefined),
      tracing: props.tracing,
    })

    const fileSettings = props.fileSettings ?? { malwareScan: false, blockedFileTypes: undefined }
    const filesBucket = Bucket.fromBucketArn(this, 'FilesBucket', Fn.importValue(props.filesBucketArnExport))
    this.fileChecks = new FileChecks(this, 'FileChecks', {
      bucket: filesBucket,
      table: props.table,
      cursorSecret: props.cursorSecret,
      fileSettings,
      tracing: props.tracing,
    })

    // Integrations (docs/integrations.md): the bus and the delivery queue the event handler feeds.
    // The bus holds no data, so it lives here, replaceable with the rest (IntegrationEventBus).
    this.eventBus = new IntegrationEventBus(this, 'EventBus', {
      eventBusName: props.eventBusName ?? eventBusNameFor(undefined),
    })
    this.webhookDeliveries = new WebhookDeliveries(this, 'WebhookDeliveries', {
      table: props.table,
      cursorSecret: props.cursorSecret,
      timers: this.timers,
      mail,
      tracing: props.tracing,
    })

    this.eventHandler = new CaseEventHandler(this, 'CaseEvents', {
      table: props.table,
      cursorSecret: props.cursorSecret,
      timers: this.timers,
      mail,
      eventBus: this.eventBus.eventBus,
      webhookQueue: this.webhookDeliveries.queue,
      tracing: props.tracing,
    })

    this.retention = new CaseRetention(this, 'Retention', {
      table: props.table,
      cursorSecret: props.cursorSecret,
      bucket: filesBucket,
      fileSettings,
      tracing: props.tracing,
    })

    // Cases and comments by e-mail, attachments stored as case files; their SLA timers follow from the table stream.
    const mailInFunction = new AppFunction(new Construct(this, 'MailIn'), 'Handler', {
      ...entryFunctionProps(entries.mailIn),
      tracing: props.tracing,
    })
      .bindTable(props.table, 'readWrite')
      .bindSecret(props.cursorSecret)
      .bindMail(mail)
      .bindFiles(filesBucket, 'store', fileSettings)
    this.inboundMail = new InboundMail(this, 'InboundMail', {
      mailInFunction,
      mail: props.mail.settings,
    })
    // Erasing a person deletes their raw mail: the route stacks import the bucket under a fixed name.
    this.inboundMailBucketArnExport = inboundMailBucketExportName(this.stackName)
    new CfnOutput(this, 'InboundMailBucketArn', {
      value: this.inboundMail.bucket.bucketArn,
      exportName: this.inboundMailBucketArnExport,
      description: 'The inbound-mail bucket (imported by the route stacks that erase contacts)',
    })

    const notFoundScope = new Construct(this, 'NotFound')
    // Answers from memory (no table, no secret), so it gets no bindings.
    this.notFoundFunction = new AppFunction(notFoundScope, 'Handler', {
      ...entryFunctionProps(entries.notFound),
      tracing: props.tracing,
    })
    const defaultRoute = new HttpRoute(notFoundScope, 'Route', {
      httpApi: this.api,
      routeKey: HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('Integration', this.notFoundFunction.fn),
      // Unknown routes answer 404 whether or not the caller sent a token, like a missing resource.
      authorizer: new HttpNoneAuthorizer(),
    })
    publicRoute(
      defaultRoute,
      'The $default route only answers a 404 problem document for routes the API does not define; it reads no data.',
    )

    // Last: it watches every function and dead-letter queue created above.
    const alarms = props.alarms ?? readAlarmSettings(this.node)
    this.observability = new Observability(this, 'Observability', {
      stage: this.stage,
      table: props.table,
      scheduleGroup: this.timers.scheduleGroup,
      alarmEmail: alarms.email,
      alarmTopicArn: alarms.topicArn,
      // The route functions' alarms are in the route stacks, under the names this stack gives them.
      otherFunctionAlarmNames: routes.map((route) =>
        functionErrorAlarmName(this.stackName, routeConstructId(route)),
      ),
    })

    new CfnOutput(this, 'ApiUrl', { value: this.stage.url, description: 'Base URL of the API' })
    new CfnOutput(this, 'UserPoolId', {
      value: props.userPool.userPoolId,
      description: 'Cognito user pool (token issuer)',
    })
    new CfnOutput(this, 'UserPoolClientId', {
      value: props.userPoolClient.userPoolClientId,
      description: 'Cognito app client: sign in with SRP, send the ID token as Bearer token',
    })
  }
}

function publicRoute(route: HttpRoute, why: string): void {
  const cfnRoute = route.node.defaultChild
  if (cfnRoute) acknowledgePublicRoute(cfnRoute, why)
}

/**
 * CORS for browser clients (the customer portal, the agent console). Bearer tokens travel in a
 * header, not cookies, so credentials stay off. Methods follow the route table (with HEAD beside GET).
 */
function corsOptions(
  allowedOrigins: readonly string[],
  routes: readonly RouteDefinition[],
): CorsPreflightOptions | undefined {
  if (allowedOrigins.length === 0) return undefined
  const routeMethods = new Set<keyof typeof CorsHttpMethod>(routes.map((route) => route.method))
  // A GET route also answers HEAD (lib/stacks/route-stack.ts).
  if (routeMethods.has('GET')) routeMethods.add('HEAD')
  const methods = [...routeMethods].sort()
  return {
    allowOrigins: [...allowedOrigins],
    allowMethods: methods.map((method) => CorsHttpMethod[method]),
    allowHeaders: [...corsAllowHeaders],
    exposeHeaders: [...corsExposeHeaders],
    allowCredentials: false,
    maxAge: Duration.seconds(corsMaxAgeSeconds),
  }
}

/**
 * The inbound-mail bucket's ARN is exported under this fixed name, as the case-files bucket's is
 * (`filesBucketExportName`): the erasing function's object grant and its cdk-nag acknowledgement
 * then read the same in every synth.
 */
export function inboundMailBucketExportName(statelessStackName: string): string {
  return `${statelessStackName}-InboundMailBucketArn`
}
