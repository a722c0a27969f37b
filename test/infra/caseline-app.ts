import { App } from 'aws-cdk-lib'
import { addCaselineStacks, addComplianceChecks, type CaselineStacks } from '#lib/caseline-app.ts'
import { readSettings } from '#lib/settings.ts'

/** Skips esbuild: the templates are what these tests check, and bundling would take seconds per function. */
export const skipBundling = { 'aws:cdk:bundling-stacks': [] }

export interface CaselineTestApp extends CaselineStacks {
  readonly app: App
}

/**
 * An app for template assertions: no bundling, and without CDK's built-in CloudFormation template
 * validation, which costs seconds per synth (the compliance test runs it).
 */
export function testApp(
  context: Record<string, unknown> = {},
  options: { validateTemplates?: boolean } = {},
): App {
  return new App({
    context: { ...skipBundling, ...context },
    builtinCloudFormationValidation: options.validateTemplates ?? false,
  })
}

/**
 * The app exactly as `bin/app.ts` builds it, with optional extra context. Build it once per test
 * file (at module level) and share it: `Template.fromStack` synthesizes the app once and caches it.
 * With `complianceChecks`, synthesis runs cdk-nag and CDK's template validation, as `cdk synth` does.
 */
export function buildCaselineApp(
  options: { context?: Record<string, unknown>; complianceChecks?: boolean } = {},
) {
  const app = testApp(options.context, { validateTemplates: options.complianceChecks })
  const stacks = addCaselineStacks(app, readSettings(app.node))
  if (options.complianceChecks) addComplianceChecks(app)
  return { app, ...stacks } satisfies CaselineTestApp
}
