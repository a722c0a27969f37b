import { ConflictError, NotFoundError, PreconditionFailedError, ValidationError } from '#src/domain/errors.ts'
import {
  explainRouting,
  type Routing,
  type RoutingDecision,
  type RoutingDraft,
  routeCase,
  routingProblems,
} from '#src/domain/routing.ts'
import type { CaseType, Severity } from '#src/domain/vocabulary.ts'
import type { Clock, Paged, PageRequest } from '#src/use-cases/ports/common.ts'
import type { AccountDirectory } from '#src/use-cases/ports/directory.ts'
import type { QueueSettings, QueueSettingsAdmin } from '#src/use-cases/ports/queues.ts'
import type { SettingVersion } from '#src/use-cases/ports/sla.ts'

/** Routing as the API shows it: a version and its rules. */
export type RoutingView = Routing & { version: number; savedAt: string | null }

const viewOf = (version: SettingVersion<Routing>): RoutingView => ({
  ...version.definition,
  version: version.version,
  // The seed of a fresh table, not yet stored.
  savedAt: version.savedAt ?? null,
})

/** Saves lost to another admin's save are read again and re-checked: this many at most. */
const maxSaveAttempts = 3

/** The routing in force (admins): its latest version. */
export async function getRouting(deps: { queues: Pick<QueueSettings, 'routing'> }): Promise<RoutingView> {
  const latest = await deps.queues.routing()
  if (!latest) throw new Error('routing always has a version: stored, or the seed')
  return viewOf(latest)
}

/** One version of the routing: the one a case's history names. */
export async function getRoutingVersion(
  version: number,
  deps: { queues: Pick<QueueSettings, 'routing'> },
): Promise<RoutingView> {
  const found = await deps.queues.routing(version)
  if (!found) throw new NotFoundError(`There is no routing version ${version}.`)
  return viewOf(found)
}

/** Every stored version of the routing, newest first. */
export async function listRoutingVersions(
  page: PageRequest,
  deps: { queueAdmin: Pick<QueueSettingsAdmin, 'listRoutingVersions'> },
): Promise<Paged<RoutingView>> {
  const versions = await deps.queueAdmin.listRoutingVersions(page)
  return { items: versions.items.map(viewOf), nextCursor: versions.nextCursor }
}

/**
 * Saves the routing's next version (admins); cases filed afterwards are routed by it, cases filed
 * before keep the queue they got.
 * 1. Keep the seeds of a fresh table, so that version 1 stays what it was.
 * 2. Read the queues and the latest routing afresh; `If-Match` naming another version → 412.
 * 3. Every queue it names must be an active queue (400 with a pointer to each that is not).
 * 4. Save it while the routing and every queue it names are as read; another admin's save or a
 *    deactivation in between → read again from 2 (bounded; then 409).
 */
export async function putRouting(
  routing: Routing,
  ifMatch: number | undefined,
  deps: { queues: Pick<QueueSettings, 'keepSeeds'>; queueAdmin: QueueSettingsAdmin; clock: Clock },
): Promise<RoutingView> {
  const at = deps.clock.now().toISOString()
  await deps.queues.keepSeeds(at)
  for (let attempt = 1; attempt <= maxSaveAttempts; attempt++) {
    const [queues, latest] = await Promise.all([
      deps.queueAdmin.listQueuesFresh(),
      deps.queueAdmin.latestRoutingFresh(),
    ])
    if (ifMatch !== undefined && ifMatch !== latest.version) {
      throw new PreconditionFailedError(
        `The routing is at version ${latest.version}, not ${ifMatch}: read it again and re-apply your change.`,
      )
    }
    const problems = routingProblems(routing, queues)
    if (problems.length > 0)
      throw new ValidationError('The routing names queues that cannot take cases.', problems)
    const saved = await deps.queueAdmin.saveRouting(routing, latest, queues, at)
    if (saved) return viewOf(saved)
  }
  throw new ConflictError('The routing or its queues are being changed by others right now. Please retry.')
}

/** A case as a preview describes it: what routing looks at. */
export interface RoutingPreviewInput {
  type: CaseType
  product: string
  accountId: string
  severity: Severity
}

export interface RoutingPreview extends RoutingDecision {
  routingVersion: number
  explanation: string
}

/**
 * Which queue a case would get, and why (admins): every rule tried, in order, with the conditions
 * that did not hold, by the latest routing. Nothing is stored.
 * 1. Read the account (its service level is what rules on service levels look at; 400 if unknown),
 *    the queues and the routing.
 * 2. Route the draft as filing does.
 */
export async function previewRouting(
  input: RoutingPreviewInput,
  deps: {
    queues: Pick<QueueSettings, 'routing' | 'listQueues'>
    accounts: Pick<AccountDirectory, 'findAccount'>
  },
): Promise<RoutingPreview> {
  const [account, queues, routing] = await Promise.all([
    deps.accounts.findAccount(input.accountId),
    deps.queues.listQueues(),
    getRouting(deps),
  ])
  if (!account) {
    throw new ValidationError('There is no such account.', [
      { pointer: '/accountId', detail: 'is not an account' },
    ])
  }
  const decision = decideRouting(routing, { ...input, serviceLevel: account.serviceLevel }, queues)
  return {
    ...decision,
    routingVersion: routing.version,
    explanation: explainRouting(decision, routing.version),
  }
}

/** Routes a draft by `routing` among `queues` (only active queues take cases). */
export function decideRouting(
  routing: Routing,
  draft: RoutingDraft,
  queues: readonly { id: string; active: boolean }[],
): RoutingDecision {
  const active = new Set(queues.filter((queue) => queue.active).map((queue) => queue.id))
  return routeCase(routing, draft, (queueId) => active.has(queueId))
}
