import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { App, type CfnElement, Stack } from 'aws-cdk-lib'
import type { IConstruct } from 'constructs'
import { addCaselineStacks } from '#lib/caseline-app.ts'
import { AppFunction } from '#lib/constructs/app-function.ts'
import { readSettings } from '#lib/settings.ts'
import { localStage } from '#local/environment.ts'
import { skipBundling } from '../infra/caseline-app.ts'
import type { ResolvedStatement } from './policy-evaluator.ts'
import { referenceResolver, type TemplateJson } from './template-references.ts'

/** One deployed function: where it is in the app, the module it runs, and its role's statements. */
export interface FunctionPolicy {
  /** The construct path, as `cdk synth` names the function (`Caseline-local-Stateless-CaseRoutes/CreateCase/Handler`). */
  readonly path: string
  /** The module under `functions/` it runs, as the local runtime records it. */
  readonly handler: string
  readonly statements: readonly ResolvedStatement[]
}

const functionsDir = fileURLToPath(new URL('../../functions/', import.meta.url))
const localAccount = '000000000000'

type PolicyDocument = { Statement: Record<string, unknown>[] }
type RoleProperties = { Policies?: { PolicyDocument: PolicyDocument }[]; ManagedPolicyArns?: unknown[] }

/**
 * The app as `cdk synth -c stage=local` builds it with the local mail settings (so the literal
 * names in its policies, the schedule group's and the bus's, are the local runtime's), and every
 * `AppFunction` in it, whatever stack holds it, with its role's statements resolved to local names.
 */
export function localStagePolicies(): FunctionPolicy[] {
  const app = new App({
    context: {
      ...skipBundling,
      stage: 'local',
      supportAddress: localStage.mail.supportAddress,
      replyDomain: localStage.mail.replyDomain,
    },
    builtinCloudFormationValidation: false,
  })
  const { stateful, stateless } = addCaselineStacks(app, readSettings(app.node))
  const assembly = app.synth()
  const templates = new Map(
    assembly.stacks.map((stack) => [stack.stackName, stack.template as TemplateJson] as const),
  )

  // Resources the stacks name at deploy time, by the names the local runtime gives them.
  const nameOf = (construct: IConstruct) => {
    const stack = Stack.of(construct)
    return `${stack.stackName}/${stack.getLogicalId(construct.node.defaultChild as CfnElement)}`
  }
  const lastPart = (arn: string) => arn.split(/[:/]/).pop() as string
  const names = new Map([
    [nameOf(stateful.table), localStage.tableName],
    [nameOf(stateful.filesBucket), localStage.filesBucket],
    [nameOf(stateful.mail.configurationSet), localStage.mail.configurationSet],
    [nameOf(stateless.inboundMail.bucket), localStage.inboundMail.bucket],
    [nameOf(stateless.webhookDeliveries.queue), localStage.webhookQueueName],
    [nameOf(stateless.timers.deadLetterQueue), lastPart(localStage.timers.deadLetterArn)],
    [nameOf(stateless.timers.invokeRole), lastPart(localStage.timers.roleArn)],
  ])
  const resolve = referenceResolver(templates, { region: localStage.region, account: localAccount, names })

  return app.node
    .findAll()
    .filter((construct): construct is AppFunction => construct instanceof AppFunction)
    .map((fn) => {
      const stack = Stack.of(fn)
      const template = templates.get(stack.stackName) as TemplateJson
      const roleId = stack.getLogicalId(fn.role.node.defaultChild as CfnElement)
      const role = template.Resources[roleId]?.Properties as RoleProperties
      if (role.ManagedPolicyArns?.length)
        throw new Error(`${fn.node.path}: managed policies cannot be checked`)
      const documents = [
        ...(role.Policies ?? []).map((policy) => policy.PolicyDocument),
        ...Object.values(template.Resources)
          .filter((resource) => resource.Type === 'AWS::IAM::Policy')
          .filter((policy) =>
            JSON.stringify(policy.Properties?.Roles).includes(JSON.stringify({ Ref: roleId })),
          )
          .map((policy) => policy.Properties?.PolicyDocument as PolicyDocument),
      ]
      return {
        path: fn.node.path,
        handler: relative(functionsDir, fn.entry).replace(/\.ts$/, ''),
        statements: documents.flatMap((document) =>
          document.Statement.map((statement) => resolve(stack.stackName, statement) as ResolvedStatement),
        ),
      }
    })
}
