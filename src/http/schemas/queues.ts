import { maxQueues, type Queue, queueIdPattern } from '#src/domain/queues.ts'
import { maxRoutingRules, RoutingConditions } from '#src/domain/routing.ts'
import { CaseType, Severity } from '#src/domain/vocabulary.ts'
import type { CreateQueueInput, UpdateQueueInput } from '#src/use-cases/queues/manage-queues.ts'
import type { RoutingPreviewInput } from '#src/use-cases/queues/routing.ts'
import * as z from '#src/zod.ts'
import { emailAddress } from './accounts.ts'
import { idOf, namesAFieldToChange, pageCursor, pageLimit, shortText } from './common.ts'

// Queues and routing (docs/queues.md): `/v1/queues` and `/v1/routing`.

const queueId = z
  .string()
  .check(z.regex(queueIdPattern, 'must be 1 to 64 letters, digits, _ or -'))
  .register(z.globalRegistry, { description: 'The queue id (cases carry it in `queue`; never changes)' })

const names = z.strictObject({ de: shortText(100), en: shortText(100) }).register(z.globalRegistry, {
  description: 'What consoles show, in German and English',
})

const teamAddress = emailAddress.clone().register(z.globalRegistry, {
  description: "Told of customer comments on the queue's unassigned cases",
})

export const QueueIdParams = z.object({ queueId: idOf('The queue') })

export const CreateQueueBody = z.strictObject({
  id: queueId.clone().register(z.globalRegistry, { example: 'licensing' }),
  names,
  teamAddress: z.optional(teamAddress),
  active: z.optional(z.boolean()).register(z.globalRegistry, {
    description: 'Default true; false: routing and staff cannot send cases to it',
  }),
}) satisfies z.core.$ZodType<CreateQueueInput>

export const UpdateQueueBody = z
  .strictObject({
    names: z.optional(names),
    teamAddress: z.optional(z.nullable(teamAddress)).register(z.globalRegistry, {
      description: 'null removes the address',
    }),
    active: z.optional(z.boolean()).register(z.globalRegistry, {
      description:
        'false deactivates: the queue keeps its cases but takes no new ones (409 while the routing sends cases to it)',
    }),
  })
  .check(namesAFieldToChange()) satisfies z.core.$ZodType<UpdateQueueInput>

export const QueueView = z
  .object({
    id: queueId,
    names: z.object({ de: z.string(), en: z.string() }),
    teamAddress: z.optional(z.string()).register(z.globalRegistry, {
      description: "Told of customer comments on the queue's unassigned cases",
    }),
    active: z.boolean().register(z.globalRegistry, {
      description: 'false: keeps its cases, takes no new ones (neither routed nor moved there)',
    }),
    version: z.int().check(z.positive()),
    createdAt: z.optional(z.string()).register(z.globalRegistry, {
      description: 'Absent on a seed queue the table does not hold yet',
    }),
    updatedAt: z.optional(z.string()),
  })
  .register(z.globalRegistry, {
    description: `A queue of work; there are at most ${maxQueues}`,
  }) satisfies z.core.$ZodType<Queue>

export const QueueList = z.object({ items: z.array(QueueView) })

const rule = z
  .strictObject({
    name: z.optional(shortText(200)).register(z.globalRegistry, {
      description: 'Shown in previews and in the history of the cases it routes',
      example: 'Licence requests of premium accounts',
    }),
    when: RoutingConditions.register(z.globalRegistry, {
      description:
        'Each condition given must hold; a condition holds when the case has one of the values listed. No condition: every case matches',
    }),
    queue: queueId.clone().register(z.globalRegistry, { description: 'An active queue' }),
  })
  .register(z.globalRegistry, { description: 'A routing rule' })

const versionFields = {
  version: z.number().register(z.globalRegistry, {
    description: 'Each PUT saves the next version; version 1 is the seed a fresh table starts with',
  }),
  savedAt: z.nullable(z.string()).register(z.globalRegistry, {
    description: 'null while the seed has not yet been stored',
  }),
}

/** A routing as PUT: `version` and `savedAt` may be sent back from a GET and are ignored. */
export const RoutingBody = z.strictObject({
  rules: z.array(rule).check(z.maxLength(maxRoutingRules)).register(z.globalRegistry, {
    description: 'Tried in order; the first whose conditions hold and whose queue is active routes the case',
  }),
  defaultQueue: queueId.clone().register(z.globalRegistry, {
    description: 'The active queue of a case no rule matches',
  }),
  version: z.optional(z.number()).register(z.globalRegistry, { description: 'Read-only: ignored' }),
  savedAt: z
    .optional(z.nullable(z.string()))
    .register(z.globalRegistry, { description: 'Read-only: ignored' }),
})

export const RoutingView = z.object({
  rules: z.array(rule),
  defaultQueue: z.string(),
  ...versionFields,
})

export const RoutingVersionList = z.object({
  items: z.array(RoutingView),
  nextCursor: z.nullable(z.string()),
})
export const RoutingVersionsQuery = z.strictObject({ limit: pageLimit(), cursor: pageCursor() })
export const RoutingVersionParams = z.object({
  version: z.coerce
    .number()
    .check(z.int(), z.minimum(1), z.maximum(1_000_000))
    .register(z.globalRegistry, { description: 'A routing version, from 1 (the seed)' }),
})

export const RoutingPreviewBody = z.strictObject({
  type: CaseType,
  product: shortText(200),
  accountId: idOf('The account the case would be filed for (its service level counts)'),
  severity: Severity,
}) satisfies z.core.$ZodType<RoutingPreviewInput>

const ruleCheck = z.object({
  rule: z.number().register(z.globalRegistry, { description: 'The position of the rule, from 1' }),
  name: z.optional(z.string()),
  queue: z.string(),
  outcome: z.enum(['matched', 'not_matched', 'queue_inactive']),
  unmet: z.array(z.string()).register(z.globalRegistry, {
    description: 'Each condition that did not hold, as a sentence',
  }),
})

export const RoutingPreview = z.object({
  queue: z.string().register(z.globalRegistry, { description: 'Where the case would go' }),
  rule: z.nullable(z.number()).register(z.globalRegistry, {
    description: 'The rule that would route it (position from 1); null: the default queue',
  }),
  ruleName: z.optional(z.string()),
  routingVersion: z.number(),
  checks: z.array(ruleCheck).register(z.globalRegistry, {
    description: 'Every rule tried, in order, up to the first match',
  }),
  explanation: z.string().register(z.globalRegistry, { description: 'The decision in one sentence' }),
})
