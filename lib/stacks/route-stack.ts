import { CrossStackReferences, Duration, Fn, ReferenceStrength, Stack, type StackProps } from 'aws-cdk-lib'
import { HttpMethod, HttpNoneAuthorizer, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations'
import type { IUserPool } from 'aws-cdk-lib/aws-cognito'
import type { ITable } from 'aws-cdk-lib/aws-dynamodb'
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3'
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager'
import { Construct } from 'constructs'
import { accountRoutes } from '#src/http/account-routes.ts'
import { caseFieldRoutes } from '#src/http/case-field-routes.ts'
import { caseRoutes } from '#src/http/case-routes.ts'
import { docsRoutes } from '#src/http/docs-routes.ts'
import { eventRoutes } from '#src/http/event-routes.ts'
import { fileRoutes } from '#src/http/file-routes.ts'
import { kbRoutes } from '#src/http/kb-routes.ts'
import { linkRoutes } from '#src/http/link-routes.ts'
import { metricsRoutes } from '#src/http/metrics-routes.ts'
import { queueRoutes } from '#src/http/queue-routes.ts'
import type { RouteDefinition } from '#src/http/route-table.ts'
import { routingRoutes } from '#src/http/routing-routes.ts'
import { slaRoutes } from '#src/http/sla-routes.ts'
import { surveyRoutes } from '#src/http/survey-routes.ts'
import { watcherRoutes } from '#src/http/watcher-routes.ts'
import { webhookDeliveryRoutes } from '#src/http/webhook-delivery-routes.ts'
import { webhookRoutes } from '#src/http/webhook-routes.ts'
import { AppFunction, type FileSettings } from '../constructs/app-function.ts'
import { acknowledgePublicRoute } from '../constructs/nag-suppressions.ts'
import { FunctionAlarms } from '../constructs/observability.ts'
import { type RateLimitSettings, readRateLimitSettings } from '../settings.ts'
import type { StatelessStack } from './stateless-stack.ts'

/**
 * Which route stack serves which areas of the route table (the files `src/http/routes.ts` spreads).
 * A route goes to the stack of its area, so adding a route never moves another one; an area is never
 * moved to another stack (moving a function between stacks replaces it, and its route answers 404
 * while the stacks deploy: docs/deploy.md, "Stack limits"). A new area is added to a group here
 * (synth fails for a route of no group); a group that nears its limit gets no new area, a new group
 * does (test/infra/stack-limits.test.ts keeps room for 25 more routes in every stack).
 * The `id` is part of the stack's name and must never change.
 */
export const routeStackGroups = [
  { id: 'Case', areas: [caseRoutes, queueRoutes, fileRoutes, linkRoutes, watcherRoutes] },
  { id: 'Service', areas: [slaRoutes, surveyRoutes, kbRoutes, metricsRoutes] },
  { id: 'Account', areas: [accountRoutes, docsRoutes, caseFieldRoutes, routingRoutes] },
  { id: 'Integration', areas: [webhookRoutes, webhookDeliveryRoutes, eventRoutes] },
] as const satisfies readonly { id: string; areas: readonly Record<string, RouteDefinition>[] }[]

export type RouteStackGroup = (typeof routeStackGroups)[number]['id']

/** The group whose areas hold `route` (by operation id); throws for a route of no area. */
export function routeStackGroupOf(route: RouteDefinition): RouteStackGroup {
  const matching = routeStackGroups.filter((group) =>
    group.areas.some((area) => Object.hasOwn(area, route.operationId)),
  )
  const [group, ...others] = matching
  if (!group || others.length > 0) {
    throw new Error(
      `Route ${route.operationId} must belong to exactly one group of routeStackGroups (lib/stacks/route-stack.ts), found ${matching.length}`,
    )
  }
  return group.id
}

/** The routes of each group, in the order given, for the groups that have any (in `routeStackGroups` order). */
export function groupRoutes(routes: readonly RouteDefinition[]): Map<RouteStackGroup, RouteDefinition[]> {
  const grouped = new Map<RouteStackGroup, RouteDefinition[]>(routeStackGroups.map((group) => [group.id, []]))
  for (const route of routes) grouped.get(routeStackGroupOf(route))?.push(route)
  for (const [id, list] of grouped) if (list.length === 0) grouped.delete(id)
  return grouped
}

/** A route stack's name: the stateless stack's, then the group's (`Caseline-prod-Stateless-CaseRoutes`). */
export function routeStackName(statelessStackName: string, group: RouteStackGroup): string {
  return `${statelessStackName}-${group}Routes`
}

/** The construct id of a route's function and route, in its route stack: the operation id in PascalCase. */
export function routeConstructId(route: RouteDefinition): string {
  return route.operationId.charAt(0).toUpperCase() + route.operationId.slice(1)
}

export interface RouteStackProps extends StackProps {
  /** The stack with the HTTP API (and its authorizer), the webhook queue and the alarm topic. */
  readonly stateless: StatelessStack
  /** The routes this stack serves (one group's, see `groupRoutes`). */
  readonly routes: readonly RouteDefinition[]
  readonly table: ITable
  readonly cursorSecret: ISecret
  readonly userPool: IUserPool
  /** The name of the export that carries the case-files bucket's ARN (`StatefulStack.filesBucketArnExport`). */
  readonly filesBucketArnExport: string
  /** Malware-scan gating and blocked upload types. @default no scan gating, the built-in blocked types */
  readonly fileSettings?: FileSettings
  /** X-Ray active tracing on every function. @default false */
  readonly tracing?: boolean
  /** Per-caller rate limits of the route functions. @default the context's (`readRateLimitSettings`) */
  readonly rateLimits?: RateLimitSettings
}

/**
 * Routes of the stateless stack's HTTP API, one function per route: table access by method (GET
 * reads, everything else reads and writes), behind the API's Cognito JWT authorizer unless the route
 * table marks the route public; a GET route also answers HEAD, by a second API route to the same
 * integration. Each route adds eight resources (function, role, policy, log group, alarm,
 * integration, permission, route), a GET route nine (its HEAD route), so they live in several stacks
 * beside the stateless one (CloudFormation allows 500 resources per stack); which route goes where
 * is `routeStackGroups`.
 * The functions log and count under the stateless stack's name, and their alarms carry it.
 */
export class RouteStack extends Stack {
  /** The function serving each route of this stack, by `operationId`. */
  readonly routeFunctions: ReadonlyMap<string, AppFunction>
  /** The error alarm of each function (created last). */
  readonly functionAlarms: FunctionAlarms

  constructor(scope: Construct, id: string, props: RouteStackProps) {
    super(scope, id, props)
    // Imports (Fn::ImportValue) stop CloudFormation from removing the API, table, secret or pool
    // exports while this stack uses them. Set explicitly: it must be set before any child exists.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG)
    const { stateless } = props
    this.addStackDependency(stateless)

    const fileSettings = props.fileSettings ?? { malwareScan: false, blockedFileTypes: undefined }
    const filesBucket = Bucket.fromBucketArn(this, 'FilesBucket', Fn.importValue(props.filesBucketArnExport))
    const rateLimits = props.rateLimits ?? readRateLimitSettings(this.node)
    const functions = new Map<string, AppFunction>()
    // Imported only by a stack with a route that needs it.
    let inboundMailBucket: IBucket | undefined
    for (const route of props.routes) {
      const routeScope = new Construct(this, routeConstructId(route))
      const fn = new AppFunction(routeScope, 'Handler', {
        handler: route.handler,
        description: `${route.method} ${route.path}`,
        ...(route.timeoutSeconds ? { timeout: Duration.seconds(route.timeoutSeconds) } : {}),
        tracing: props.tracing,
        serviceName: stateless.stackName,
      })
        .bindTable(props.table, route.method === 'GET' ? 'read' : 'readWrite')
        .bindSecret(props.cursorSecret)
      if (route.files) fn.bindFiles(filesBucket, route.files, fileSettings)
      if (route.inboundMail) {
        inboundMailBucket ??= Bucket.fromBucketArn(
          this,
          'InboundMailBucket',
          Fn.importValue(stateless.inboundMailBucketArnExport),
        )
        fn.bindInboundMail(inboundMailBucket, route.inboundMail)
      }
      // Every route function counts its callers (src/use-cases/rate-limit.ts).
      fn.bindRateLimits(rateLimits)
      if (route.identity === 'manage') fn.bindUserPool(props.userPool)
      // A retry or a test ping: the route queues the delivery itself.
      if (route.webhookQueue) fn.bindWebhookQueue(stateless.webhookDeliveries.queue)
      const integration = new HttpLambdaIntegration('Integration', fn.fn)
      const authorizer = route.access.kind === 'public' ? new HttpNoneAuthorizer() : undefined
      const routeKeys = [
        { id: 'Route', method: HttpMethod[route.method] },
        // HEAD is GET without the body (docs/architecture.md, API conventions): the same function,
        // the same authorization; API Gateway routes per method, so it needs a route of its own.
        ...(route.method === 'GET' ? [{ id: 'HeadRoute', method: HttpMethod.HEAD }] : []),
      ]
      for (const { id, method } of routeKeys) {
        const httpRoute = new HttpRoute(routeScope, id, {
          httpApi: stateless.api,
          routeKey: HttpRouteKey.with(route.path, method),
          integration,
          ...(authorizer && { authorizer }),
        })
        // The GET route's permission already lets the API invoke the function for every method of
        // the path (`*/*/<path>`); the HEAD route's would repeat it as another resource.
        if (id !== 'Route') httpRoute.node.tryRemoveChild('Integration-Permission')
        const cfnRoute = httpRoute.node.defaultChild
        if (authorizer && cfnRoute) {
          acknowledgePublicRoute(
            cfnRoute,
            `The route table marks ${route.operationId} public: its handler checks the credential it takes.`,
          )
        }
      }
      functions.set(route.operationId, fn)
    }
    this.routeFunctions = functions

    // Last: it watches every function created above.
    this.functionAlarms = new FunctionAlarms(this, 'Alarms', {
      serviceName: stateless.stackName,
      alarmTopic: stateless.observability.alarmTopic,
    })
  }
}
