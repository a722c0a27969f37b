import type { CaseType } from './vocabulary.ts'

/**
 * Case types route work to queues (docs/architecture.md, the domain in brief). The default routing sends consulting requests to
 * consulting and everything else to support; an operator overrides it with `QUEUE_ROUTING`
 * (JSON: `{"cloud_outage": "cloud-ops", ...}`), read by the runtime configuration.
 */
export interface QueueRouting {
  defaultQueue: string
  byType: Partial<Record<CaseType, string>>
}

export const defaultQueueRouting: QueueRouting = {
  defaultQueue: 'support',
  byType: { consulting_request: 'consulting' },
}

export function queueFor(type: CaseType, routing: QueueRouting = defaultQueueRouting): string {
  return routing.byType[type] ?? routing.defaultQueue
}

/** Every queue the routing can send a case to: the valid targets of a manual move. */
export function knownQueues(routing: QueueRouting = defaultQueueRouting): string[] {
  return [...new Set([routing.defaultQueue, ...Object.values(routing.byType)])].sort()
}
