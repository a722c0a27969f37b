import { type CfnElement, Stack } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import type { IConstruct } from 'constructs'
import type { AppFunction } from '#lib/constructs/app-function.ts'

export type Json = Record<string, unknown>
export type CfnResource = { Type: string; Properties: Json; DeletionPolicy?: string }
export type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: Json }

export const json = (value: unknown) => JSON.stringify(value)

/** A reference (resolved at deploy) as a setting's value, shaped so that the URL settings accept it too. */
export const referenceStandIn = 'https://resolved-at-deploy.example/'

/**
 * A setting's value as the deploy resolves it, for the runtime's config check: a plain value as it
 * is, a reference as `referenceStandIn`, a join (the survey page's URL, made of the API's address
 * and `/surveys/{token}`) with its parts joined, each reference in it as `resolved`.
 */
export function resolvedAtDeploy(value: unknown): string {
  if (typeof value === 'string') return value
  const join = (value as { 'Fn::Join'?: [string, unknown[]] } | null)?.['Fn::Join']
  if (join) return join[1].map((part) => (typeof part === 'string' ? part : 'resolved')).join(join[0])
  return referenceStandIn
}

/** A stack's synthesized resources, with lookups by construct: its resource, a role's statements, a function's variables. */
export function inspect(stack: Stack) {
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, CfnResource>
  const logicalId = (construct: IConstruct | undefined) => {
    const element = construct as CfnElement
    return (element.stack as Stack).getLogicalId(element)
  }
  const resourceOf = (construct: IConstruct | undefined) => resources[logicalId(construct)] as CfnResource
  const statementsOfRole = (roleId: string): Statement[] =>
    Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && json(r.Properties.Roles) === json([{ Ref: roleId }]))
      .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
  const statementsOf = (fn: AppFunction) => statementsOfRole(logicalId(fn.role.node.defaultChild))
  const variablesOf = (fn: AppFunction) =>
    (resourceOf(fn.fn.node.defaultChild).Properties.Environment as { Variables: Json }).Variables
  return { resources, logicalId, resourceOf, statementsOf, statementsOfRole, variablesOf }
}

/**
 * Lookups by construct across the app's stacks (route functions live in the route stacks): each
 * reads the template of the construct's own stack, as `inspect` does for one stack.
 */
export function inspectAcross() {
  const views = new Map<Stack, ReturnType<typeof inspect>>()
  const view = (construct: IConstruct) => {
    const stack = Stack.of(construct)
    const existing = views.get(stack)
    if (existing) return existing
    const created = inspect(stack)
    views.set(stack, created)
    return created
  }
  return {
    resourceOf: (construct: IConstruct) => view(construct).resourceOf(construct),
    statementsOf: (fn: AppFunction) => view(fn).statementsOf(fn),
    variablesOf: (fn: AppFunction) => view(fn).variablesOf(fn),
  }
}

/**
 * How another stack refers to a value of `exporter` (a reference it makes in its own template, like
 * `{ 'Fn::GetAtt': [id, 'Arn'] }`): the import of the export that carries it.
 */
export function importOf(exporter: Stack, value: unknown): Json {
  const outputs = (Template.fromStack(exporter).toJSON().Outputs ?? {}) as Record<
    string,
    { Value: unknown; Export?: { Name: string } }
  >
  const exported = Object.values(outputs).find((output) => json(output.Value) === json(value))
  if (!exported?.Export) throw new Error(`${exporter.stackName} exports no ${json(value)}`)
  return { 'Fn::ImportValue': exported.Export.Name }
}
