import { ConflictError, NotFoundError, PreconditionFailedError } from '#src/domain/errors.ts'
import { maxQueues, type Queue } from '#src/domain/queues.ts'
import type { Routing } from '#src/domain/routing.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Clock } from '#src/use-cases/ports/common.ts'
import type { QueueSettings, QueueSettingsAdmin } from '#src/use-cases/ports/queues.ts'

/** A new queue as an admin defines it. */
export interface CreateQueueInput {
  id: string
  names: Queue['names']
  teamAddress?: string | undefined
  active?: boolean | undefined
}

/** A `PATCH` of a queue: its id never changes (cases keep it); `teamAddress: null` removes the address. */
export interface UpdateQueueInput {
  names?: Queue['names'] | undefined
  teamAddress?: string | null | undefined
  active?: boolean | undefined
}

export interface QueueAdminDeps {
  queues: Pick<QueueSettings, 'keepSeeds'>
  queueAdmin: QueueSettingsAdmin
  clock: Clock
}

/** The queues, ordered by id (staff: what a console offers to move a case to and lists work by). */
export function listQueues(deps: { queues: Pick<QueueSettings, 'listQueues'> }): Promise<Queue[]> {
  return deps.queues.listQueues()
}

/** The queue `queueId` of `queues`, or 404. */
function queueIn(queues: readonly Queue[], queueId: string): Queue {
  const queue = queues.find((candidate) => candidate.id === queueId)
  if (!queue) throw new NotFoundError(`There is no queue ${queueId}.`)
  return queue
}

/** One queue (staff); 404 for no such queue. */
export async function getQueue(
  queueId: string,
  deps: { queues: Pick<QueueSettings, 'listQueues'> },
): Promise<Queue> {
  return queueIn(await deps.queues.listQueues(), queueId)
}

/** Where a routing sends cases to `queueId`, as words: "rules 2 and 5", "the default queue". */
function routesTo(routing: Routing, queueId: string): string | undefined {
  const rules = routing.rules.flatMap((rule, index) => (rule.queue === queueId ? [index + 1] : []))
  const parts = [
    ...(rules.length > 0 ? [`${rules.length > 1 ? 'rules' : 'rule'} ${rules.join(', ')}`] : []),
    ...(routing.defaultQueue === queueId ? ['the default queue'] : []),
  ]
  return parts.length > 0 ? parts.join(' and ') : undefined
}

const changedMeanwhile = (queueId: string) =>
  new ConflictError(
    `Queue ${queueId} or the routing changed meanwhile: read them again and re-apply your change.`,
  )

async function findQueue(queueId: string, deps: QueueAdminDeps): Promise<Queue> {
  return queueIn(await deps.queueAdmin.listQueuesFresh(), queueId)
}

/**
 * Defines a queue (admins); new cases reach it once a routing rule names it, or a staff member
 * moves one there.
 * 1. Keep the seeds of a fresh table first, so they are not lost to the new queue.
 * 2. Refuse a full catalogue (one Query page reads it; a routing save checks every queue it names).
 * 3. Write it if its id is free (409 otherwise).
 */
export async function createQueue(input: CreateQueueInput, deps: QueueAdminDeps): Promise<Queue> {
  const at = deps.clock.now().toISOString()
  await deps.queues.keepSeeds(at)
  const queue: Queue = {
    id: input.id,
    names: input.names,
    ...(input.teamAddress !== undefined && { teamAddress: input.teamAddress }),
    active: input.active ?? true,
    version: 1,
    createdAt: at,
    updatedAt: at,
  }
  const taken = () => new ConflictError(`There is a queue ${queue.id} already: change it with PATCH.`)
  const existing = await deps.queueAdmin.listQueuesFresh()
  if (existing.some((other) => other.id === queue.id)) throw taken()
  if (existing.length >= maxQueues) {
    throw new ConflictError(`There are ${maxQueues} queues, the limit: deactivate, delete or reuse one.`)
  }
  if (!(await deps.queueAdmin.insertQueue(queue))) throw taken()
  return queue
}

/**
 * Changes a queue (admins): names, team address, active. A deactivated queue keeps its cases (staff
 * work them as before) but takes no new ones.
 * 1. Keep the seeds; read the queue and the routing afresh (404 for no such queue; 412 when
 *    `If-Match` names another version).
 * 2. Refuse to deactivate a queue the routing sends cases to (409 naming the rules): change the
 *    routing first, so a new case never lands in an inactive queue.
 * 3. Save it while both the queue and the routing are as read (409 when either changed meanwhile).
 */
export async function updateQueue(
  queueId: string,
  ifMatch: number | undefined,
  input: UpdateQueueInput,
  deps: QueueAdminDeps,
): Promise<Queue> {
  const at = deps.clock.now().toISOString()
  await deps.queues.keepSeeds(at)
  const [current, routing] = await Promise.all([
    findQueue(queueId, deps),
    deps.queueAdmin.latestRoutingFresh(),
  ])
  if (ifMatch !== undefined && ifMatch !== current.version) {
    throw new PreconditionFailedError(
      `Queue ${queueId} is at version ${current.version}, not ${ifMatch}: read it again and re-apply your change.`,
    )
  }
  const routed = routesTo(routing.definition, queueId)
  if (input.active === false && current.active && routed) {
    throw new ConflictError(
      `Routing version ${routing.version} sends cases to queue ${queueId} (${routed}): change the routing before you deactivate it.`,
    )
  }
  const { teamAddress, ...rest } = current
  const next: Queue = {
    ...rest,
    ...(input.names !== undefined && { names: input.names }),
    ...(input.active !== undefined && { active: input.active }),
    ...(teamAddress !== undefined && input.teamAddress === undefined && { teamAddress }),
    ...(typeof input.teamAddress === 'string' && { teamAddress: input.teamAddress }),
    version: current.version + 1,
    updatedAt: at,
  }
  if (!(await deps.queueAdmin.saveQueue(next, current.version, routing.version)))
    throw changedMeanwhile(queueId)
  return next
}

/**
 * Deletes a queue that can hold no case: none of its cases is active, and the routing does not send
 * cases to it. Otherwise 409: deactivate it instead, or change the routing first.
 * 1. Keep the seeds; read the queue and the routing afresh (404 for no such queue).
 * 2. Refuse while the routing names it, or while it has an active case.
 * 3. Delete it while both the queue and the routing are as read.
 */
export async function deleteQueue(
  queueId: string,
  deps: QueueAdminDeps & { cases: Pick<CaseStore, 'listQueueCases'> },
): Promise<void> {
  await deps.queues.keepSeeds(deps.clock.now().toISOString())
  const [queue, routing] = await Promise.all([findQueue(queueId, deps), deps.queueAdmin.latestRoutingFresh()])
  const routed = routesTo(routing.definition, queueId)
  if (routed) {
    throw new ConflictError(
      `Routing version ${routing.version} sends cases to queue ${queueId} (${routed}): change the routing before you delete it.`,
    )
  }
  const active = await deps.cases.listQueueCases(queueId, { limit: 1 })
  if (active.items.length > 0) {
    throw new ConflictError(
      `Queue ${queueId} has active cases, so it cannot be deleted: deactivate it instead (it keeps its cases and takes no new ones).`,
    )
  }
  if (!(await deps.queueAdmin.deleteQueue(queue, routing.version))) throw changedMeanwhile(queueId)
}
