import { type App, Tags, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import { envVar } from '#src/environment.ts'
import { routeList } from '#src/http/routes.ts'
import type { AppFunction } from './constructs/app-function.ts'
import { scheduleGroupNameFor } from './constructs/case-timers.ts'
import { eventBusNameFor } from './constructs/event-bus.ts'
import { type AppSettings, stackNames } from './settings.ts'
import { groupRoutes, RouteStack, routeStackName } from './stacks/route-stack.ts'
import { StatefulStack } from './stacks/stateful-stack.ts'
import { StatelessStack } from './stacks/stateless-stack.ts'

export interface CaselineStacks {
  readonly stateful: StatefulStack
  readonly stateless: StatelessStack
  /** The route stacks, in `routeStackGroups` order. */
  readonly routeStacks: readonly RouteStack[]
  /** The function serving each route of the route table, by `operationId`, whichever route stack holds it. */
  readonly routeFunctions: ReadonlyMap<string, AppFunction>
}

/**
 * Adds Caseline's stacks to `app`: the stateful one (table, user pool, cursor key), the stateless one
 * (API and the functions that serve no route) that consumes it, and the route stacks, which attach
 * the route table's routes and their functions to the stateless stack's API, grouped by area of the
 * route table (`routeStackGroups` in lib/stacks/route-stack.ts). `bin/app.ts` and the infra tests
 * share this, so the tests check the app that gets deployed.
 */
export function addCaselineStacks(app: App, settings: AppSettings): CaselineStacks {
  // Undefined outside `cdk` (e.g. in tests): the stacks are then environment-agnostic.
  const env = { account: process.env[envVar.cdkDefaultAccount], region: process.env[envVar.cdkDefaultRegion] }
  const names = stackNames(settings.stage)

  const stateful = new StatefulStack(app, names.stateful, {
    env,
    description: 'Caseline data: case table, user pool, cursor-signing key, case files (retained on delete)',
    threatProtection: settings.threatProtection,
    allowedOrigins: settings.allowedOrigins,
    mail: settings.mail,
  })
  const stateless = new StatelessStack(app, names.stateless, {
    env,
    description: 'Caseline HTTP API and its Lambda functions that serve no route (routes: the route stacks)',
    table: stateful.table,
    cursorSecret: stateful.cursorSecret,
    userPool: stateful.userPool,
    userPoolClient: stateful.userPoolClient,
    filesBucketArnExport: stateful.filesBucketArnExport,
    fileSettings: { malwareScan: settings.malwareScan, blockedFileTypes: settings.blockedFileTypes },
    allowedOrigins: settings.allowedOrigins,
    tracing: settings.tracing,
    scheduleGroupName: scheduleGroupNameFor(settings.stage),
    eventBusName: eventBusNameFor(settings.stage),
    mail: stateful.mail,
  })

  const routeStacks = [...groupRoutes(routeList)].map(
    ([group, routes]) =>
      new RouteStack(app, routeStackName(names.stateless, group), {
        env,
        description: `Caseline HTTP API routes (${group} areas of the route table) and their Lambda functions`,
        stateless,
        routes,
        table: stateful.table,
        cursorSecret: stateful.cursorSecret,
        userPool: stateful.userPool,
        filesBucketArnExport: stateful.filesBucketArnExport,
        fileSettings: { malwareScan: settings.malwareScan, blockedFileTypes: settings.blockedFileTypes },
        tracing: settings.tracing,
      }),
  )
  const routeFunctions = new Map(routeStacks.flatMap((stack) => [...stack.routeFunctions]))

  Tags.of(app).add('app', 'caseline')
  if (settings.stage) Tags.of(app).add('stage', settings.stage)
  return { stateful, stateless, routeStacks, routeFunctions }
}

/**
 * Runs the cdk-nag AWS Solutions checks at synth: an unacknowledged error fails the synth, a warning
 * is printed. Findings are acknowledged, with reasons, in `nag-suppressions.ts`.
 */
export function addComplianceChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
}
