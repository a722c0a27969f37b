import type { FieldError } from './errors.ts'
import type { CaseType } from './vocabulary.ts'

/** A queue's id: at most 64 letters, digits, `_` and `-` (the ids the settings have always allowed). */
export const queueIdPattern = /^[A-Za-z0-9_-]{1,64}$/

/** Queues a deployment may define: the whole catalogue is read with one Query page. */
export const maxQueues = 100

/**
 * A queue of work (docs/queues.md): where routing sends new cases and what staff work lists show.
 * Defined by admins at run time; a queue is never deleted while it could hold cases, only
 * deactivated (no new case is routed or moved to it).
 */
export interface Queue {
  id: string
  names: { de: string; en: string }
  /** Told of customer comments on the queue's unassigned cases (docs/email.md). */
  teamAddress?: string | undefined
  active: boolean
  version: number
  /** Absent on a seed the table does not hold yet. */
  createdAt?: string | undefined
  updatedAt?: string | undefined
}

/**
 * The queue settings of the deployment (`QUEUE_ROUTING`, docs/deploy.md): only the seed of a fresh
 * table (docs/queues.md, "Seeds"). Consulting requests go to consulting, everything else to support,
 * unless an operator's setting says otherwise.
 */
export interface QueueRouting {
  defaultQueue: string
  byType: Partial<Record<CaseType, string>>
}

export const defaultQueueRouting: QueueRouting = {
  defaultQueue: 'support',
  byType: { consulting_request: 'consulting' },
}

/** Why a queue id in a request cannot be used, as a field error at `pointer`; undefined when it can. */
export function queueProblem(
  queueId: string,
  queues: readonly Queue[],
  pointer: string,
): FieldError | undefined {
  const queue = queues.find((candidate) => candidate.id === queueId)
  if (!queue) {
    const active = queues.filter((candidate) => candidate.active).map((candidate) => candidate.id)
    return { pointer, detail: `is not a queue; the active queues are ${active.join(', ')}` }
  }
  if (!queue.active) return { pointer, detail: `queue ${queueId} is inactive` }
  return undefined
}
