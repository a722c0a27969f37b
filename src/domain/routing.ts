import * as z from '#src/zod.ts'
import type { FieldError } from './errors.ts'
import { type Queue, queueProblem } from './queues.ts'
import { CaseType, ServiceLevel, Severity } from './vocabulary.ts'

/** Rules a routing may hold: routing is read for every new case and kept in one item. */
export const maxRoutingRules = 100

/** Values one condition of a rule may list. */
const maxConditionValues = 100

const listOf = <T extends z.core.$ZodType>(item: T) =>
  z.optional(z.array(item).check(z.minLength(1), z.maxLength(maxConditionValues)))

/**
 * What a rule matches (docs/queues.md): each condition given must hold, and a condition holds when
 * the case's value is one of those listed. A rule with no condition matches every case.
 */
export const RoutingConditions = z.strictObject({
  caseTypes: listOf(CaseType),
  /** Product names, compared without regard to case and surrounding spaces. */
  products: listOf(z.string().check(z.minLength(1), z.maxLength(200))),
  accountIds: listOf(z.string().check(z.minLength(1), z.maxLength(100))),
  /** The service level of the case's account (its SLA terms when filed). */
  serviceLevels: listOf(ServiceLevel),
  severities: listOf(Severity),
})
export type RoutingConditions = z.infer<typeof RoutingConditions>

export const RoutingRule = z.strictObject({
  /** Shown in previews and in the history of the cases the rule routes. */
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  when: RoutingConditions,
  queue: z.string(),
})
export type RoutingRule = z.infer<typeof RoutingRule>

/** The ordered rules (first match wins) and the queue of a case no rule matches. */
export const Routing = z.strictObject({
  rules: z.array(RoutingRule).check(z.maxLength(maxRoutingRules)),
  defaultQueue: z.string(),
})
export type Routing = z.infer<typeof Routing>

/** What routing looks at in a case being filed. */
export interface RoutingDraft {
  type: CaseType
  product: string
  accountId: string
  /** Undefined when the account is gone: a rule on service levels does not match. */
  serviceLevel: ServiceLevel | undefined
  severity: Severity
}

/** How one rule fared for a draft, in the order the rules were tried. */
export interface RuleCheck {
  /** The rule's position, from 1. */
  rule: number
  name?: string | undefined
  queue: string
  outcome: 'matched' | 'not_matched' | 'queue_inactive'
  /** For `not_matched`: each condition that did not hold, as a sentence. */
  unmet: string[]
}

/** Where routing sends a draft, and why. */
export interface RoutingDecision {
  queue: string
  /** The rule that routed it (position from 1), or null for the default queue. */
  rule: number | null
  ruleName?: string | undefined
  checks: RuleCheck[]
}

const normalProduct = (product: string) => product.trim().toLowerCase()

function unmetConditions(when: RoutingConditions, draft: RoutingDraft): string[] {
  const unmet: string[] = []
  const check = (values: readonly string[] | undefined, value: string | undefined, what: string) => {
    if (values && (value === undefined || !values.includes(value))) {
      unmet.push(`${what} ${value ?? 'unknown'} is not one of ${values.join(', ')}`)
    }
  }
  check(when.caseTypes, draft.type, 'case type')
  check(when.products?.map(normalProduct), normalProduct(draft.product), 'product')
  check(when.accountIds, draft.accountId, 'account')
  check(when.serviceLevels, draft.serviceLevel, 'service level')
  check(when.severities, draft.severity, 'severity')
  return unmet
}

/**
 * Routes a case being filed: the first rule whose conditions all hold and whose queue is active
 * sends it there; otherwise the default queue. Rules after the first match are not tried. A rule's
 * queue is inactive only when it was deactivated after the routing was saved (saving and
 * deactivating check against each other), and the case then goes on to the next rule.
 */
export function routeCase(
  routing: Routing,
  draft: RoutingDraft,
  isActive: (queueId: string) => boolean,
): RoutingDecision {
  const checks: RuleCheck[] = []
  for (const [index, rule] of routing.rules.entries()) {
    const unmet = unmetConditions(rule.when, draft)
    const outcome = unmet.length > 0 ? 'not_matched' : isActive(rule.queue) ? 'matched' : 'queue_inactive'
    checks.push({
      rule: index + 1,
      ...(rule.name !== undefined && { name: rule.name }),
      queue: rule.queue,
      outcome,
      unmet,
    })
    if (outcome === 'matched') {
      return { queue: rule.queue, rule: index + 1, ruleName: rule.name, checks }
    }
  }
  return { queue: routing.defaultQueue, rule: null, checks }
}

/** The queues a routing sends cases to: its default queue and every rule's. */
export function routedQueues(routing: Routing): Set<string> {
  return new Set([routing.defaultQueue, ...routing.rules.map((rule) => rule.queue)])
}

/** Every queue a routing names that is not an active queue of `queues`, as field errors. */
export function routingProblems(routing: Routing, queues: readonly Queue[]): FieldError[] {
  return [
    queueProblem(routing.defaultQueue, queues, '/defaultQueue'),
    ...routing.rules.map((rule, index) => queueProblem(rule.queue, queues, `/rules/${index}/queue`)),
  ].filter((problem) => problem !== undefined)
}

/** A decision in one sentence, for previews and people: which rule sent the case where, or why none did. */
export function explainRouting(decision: RoutingDecision, version: number): string {
  const skipped = decision.checks
    .filter((check) => check.outcome === 'queue_inactive')
    .map((check) => `rule ${check.rule} matched but its queue ${check.queue} is inactive`)
  const tail = skipped.length > 0 ? ` (${skipped.join('; ')})` : ''
  if (decision.rule === null) {
    const tried = decision.checks.length
    const none =
      tried === 0
        ? 'The routing has no rules'
        : tried === 1
          ? 'Its one rule did not match'
          : `None of the ${tried} rules matched`
    return `${none}, so routing version ${version} sends the case to its default queue ${decision.queue}${tail}.`
  }
  const named = decision.ruleName ? ` "${decision.ruleName}"` : ''
  return `Rule ${decision.rule}${named} of routing version ${version} matched first and sends the case to ${decision.queue}${tail}.`
}
