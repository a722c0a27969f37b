import { type App, Tags, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import { envVar } from '#src/environment.ts'
import { scheduleGroupNameFor } from './constructs/case-timers.ts'
import { eventBusNameFor } from './constructs/event-bus.ts'
import { type AppSettings, stackNames } from './settings.ts'
import { StatefulStack } from './stacks/stateful-stack.ts'
import { StatelessStack } from './stacks/stateless-stack.ts'

export interface CaselineStacks {
  readonly stateful: StatefulStack
  readonly stateless: StatelessStack
}

/**
 * Adds Caseline's two stacks to `app`: the stateful one (table, user pool, cursor key) and the
 * stateless one (API and functions) that consumes it. `bin/app.ts` and the infra tests share this,
 * so the tests check the app that gets deployed.
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
    description: 'Caseline HTTP API and its Lambda functions',
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

  Tags.of(app).add('app', 'caseline')
  if (settings.stage) Tags.of(app).add('stage', settings.stage)
  return { stateful, stateless }
}

/**
 * Runs the cdk-nag AWS Solutions checks at synth: an unacknowledged error fails the synth, a warning
 * is printed. Findings are acknowledged, with reasons, in `nag-suppressions.ts`.
 */
export function addComplianceChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
}
