import type { RecordedCall } from '#local/aws-call-recorder.ts'
import type { FunctionPolicy } from './function-policies.ts'
import { evaluate, type ResolvedStatement, wildcardMatches } from './policy-evaluator.ts'

/** A call the function's policy would deny in AWS. */
export interface Denial {
  readonly function: string
  readonly handler: string
  readonly call: string
  readonly action: string
  readonly resource: string
}

/** One action on one resource pattern of one statement of a function's role. */
export interface Grant {
  readonly function: string
  readonly action: string
  readonly resource: string
  readonly condition?: string
}

export interface IamCheck {
  readonly calls: number
  /** Calls of modules no function of the app runs. */
  readonly unknownHandlers: readonly string[]
  readonly denials: readonly Denial[]
  /** Every Allow grant, and the calls that used it. */
  readonly grants: readonly (Grant & { uses: number })[]
  readonly functions: readonly { path: string; handler: string; calls: number }[]
}

const asList = (value: string | readonly string[] | undefined): readonly string[] =>
  value === undefined ? [] : typeof value === 'string' ? [value] : value

/**
 * Checks every recorded call against the policy of the function that made it, and counts which
 * of each function's grants (action × resource of each Allow statement) the calls used.
 */
export function checkCalls(policies: readonly FunctionPolicy[], calls: readonly RecordedCall[]): IamCheck {
  const byHandler = new Map(policies.map((policy) => [policy.handler, policy]))
  const uses = new Map<string, number>()
  const grantKey = (fn: string, statement: ResolvedStatement, action: string, resource: string) =>
    JSON.stringify([fn, statement, action, resource])
  const callCounts = new Map<string, number>()
  const unknownHandlers = new Set<string>()
  const denials: Denial[] = []

  for (const call of calls) {
    const policy = byHandler.get(call.handler)
    if (!policy) {
      unknownHandlers.add(call.handler)
      continue
    }
    callCounts.set(policy.path, (callCounts.get(policy.path) ?? 0) + 1)
    for (const request of call.requests) {
      const decision = evaluate(policy.statements, request)
      if (!decision.allowed) {
        denials.push({ function: policy.path, handler: call.handler, call: call.call, ...request })
      }
      for (const statement of decision.allowedBy) {
        for (const action of asList(statement.Action)) {
          if (!wildcardMatches(action, request.action, { ignoreCase: true })) continue
          for (const resource of asList(statement.Resource)) {
            if (!wildcardMatches(resource, request.resource)) continue
            const key = grantKey(policy.path, statement, action, resource)
            uses.set(key, (uses.get(key) ?? 0) + 1)
          }
        }
      }
    }
  }

  const grants = policies.flatMap((policy) =>
    policy.statements
      .filter((statement) => statement.Effect === 'Allow')
      .flatMap((statement) =>
        asList(statement.Action).flatMap((action) =>
          asList(statement.Resource).map((resource) => ({
            function: policy.path,
            action,
            resource,
            ...(statement.Condition && { condition: JSON.stringify(statement.Condition) }),
            uses: uses.get(grantKey(policy.path, statement, action, resource)) ?? 0,
          })),
        ),
      ),
  )
  return {
    calls: calls.length,
    unknownHandlers: [...unknownHandlers].sort(),
    denials,
    grants,
    functions: policies.map((policy) => ({
      path: policy.path,
      handler: policy.handler,
      calls: callCounts.get(policy.path) ?? 0,
    })),
  }
}

/** A grant no function exercised, with the functions that hold it. */
export interface UnusedGrant {
  readonly action: string
  /** The resource pattern, with the stage's names (`table/caseline-local/index/gsi1`). */
  readonly resource: string
  readonly heldBy: number
}

/** A grant some function exercised that others hold without exercising it. */
export interface PartlyUsedGrant extends UnusedGrant {
  readonly exercisedBy: number
}

/**
 * The grants across functions: which no function exercised (each must be removed or justified
 * beside the grant), and which some functions exercised but others hold unused.
 */
export function grantSummary(check: IamCheck): { unused: UnusedGrant[]; partlyUsed: PartlyUsedGrant[] } {
  const byGrant = new Map<string, { action: string; resource: string; heldBy: number; exercisedBy: number }>()
  for (const grant of check.grants) {
    // Each function's log group is its own: one grant, whichever function holds it.
    const resource = grant.resource.replace(/log-group:[^:]+:\*$/, 'log-group:<its own>:*')
    const key = `${grant.action} ${resource}`
    const entry = byGrant.get(key) ?? { action: grant.action, resource, heldBy: 0, exercisedBy: 0 }
    entry.heldBy += 1
    if (grant.uses > 0) entry.exercisedBy += 1
    byGrant.set(key, entry)
  }
  const all = [...byGrant.values()].sort((a, b) =>
    `${a.action} ${a.resource}`.localeCompare(`${b.action} ${b.resource}`),
  )
  return {
    unused: all
      .filter((grant) => grant.exercisedBy === 0)
      .map(({ action, resource, heldBy }) => ({ action, resource, heldBy })),
    partlyUsed: all.filter((grant) => grant.exercisedBy > 0 && grant.exercisedBy < grant.heldBy),
  }
}

/** The report, in Markdown: the run's figures, any denial, the unused grants (docs/iam.md explains it). */
export function reportMarkdown(check: IamCheck, source: string): string {
  const { unused, partlyUsed } = grantSummary(check)
  const silent = check.functions.filter((fn) => fn.calls === 0)
  const unusedByFunction = check.grants.filter((grant) => grant.uses === 0)
  return [
    '# IAM proof',
    '',
    `Calls recorded in ${source}.`,
    '',
    `- ${check.functions.length} functions, ${check.functions.length - silent.length} of them made AWS calls in the tests`,
    `- ${check.calls} calls, ${check.denials.length} denied by the function's policy`,
    `- ${check.grants.length} grants (action × resource), ${unusedByFunction.length} not exercised by the function holding them`,
    `- ${unused.length} grants exercised by no function at all`,
    '',
    '## Denied calls',
    '',
    ...(check.denials.length === 0
      ? ['None.']
      : check.denials.map(
          (d) => `- ${d.function} (${d.handler}): ${d.call} needs ${d.action} on ${d.resource}`,
        )),
    ...(check.unknownHandlers.length === 0
      ? []
      : [
          '',
          '## Calls of modules no function runs',
          '',
          ...check.unknownHandlers.map((h) => `- functions/${h}.ts`),
        ]),
    '',
    '## Grants no function exercised',
    '',
    'Each is removed, or justified in a comment beside the grant in lib/ (docs/iam.md).',
    '',
    '| action | resource | held by |',
    '| --- | --- | --- |',
    ...unused.map((g) => `| ${g.action} | ${g.resource} | ${g.heldBy} |`),
    '',
    '## Grants some functions exercised, others hold unused',
    '',
    '| action | resource | exercised by | held by |',
    '| --- | --- | --- | --- |',
    ...partlyUsed.map((g) => `| ${g.action} | ${g.resource} | ${g.exercisedBy} | ${g.heldBy} |`),
    '',
    '## Functions that made no AWS call in the tests',
    '',
    ...(silent.length === 0 ? ['None.'] : silent.map((fn) => `- ${fn.path} (functions/${fn.handler}.ts)`)),
    '',
    '## Unexercised grants by function',
    '',
    ...check.functions.flatMap((fn) => {
      const own = unusedByFunction.filter((grant) => grant.function === fn.path)
      return own.length === 0
        ? []
        : [
            `### ${fn.path}`,
            '',
            ...own.map((g) => `- ${g.action} on ${g.resource}${g.condition ? ` if ${g.condition}` : ''}`),
            '',
          ]
    }),
  ].join('\n')
}
