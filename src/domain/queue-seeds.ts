import type { Queue, QueueRouting } from './queues.ts'
import type { Routing } from './routing.ts'
import type { CaseType } from './vocabulary.ts'

// What a fresh table's queues and routing start as, from the deployment's settings
// (docs/queues.md, "Seeds"). Apart from the schemas, so that reading queues carries none.

/** Names of the queues every deployment starts with; another seeded queue is named by its id. */
const seedNames: Record<string, Queue['names']> = {
  support: { de: 'Support', en: 'Support' },
  consulting: { de: 'Beratung', en: 'Consulting' },
}

/**
 * The queues of a fresh table: `support` and `consulting`, and every queue the settings route to or
 * give a team address, each active, with its team address from `queueAddresses`.
 */
export function seedQueues(routing: QueueRouting, teamAddresses: Readonly<Record<string, string>>): Queue[] {
  const ids = new Set([
    'support',
    'consulting',
    routing.defaultQueue,
    ...Object.values(routing.byType),
    ...Object.keys(teamAddresses),
  ])
  return [...ids].sort().map((id) => ({
    id,
    names: seedNames[id] ?? { de: id, en: id },
    ...(teamAddresses[id] !== undefined && { teamAddress: teamAddresses[id] }),
    active: true,
    version: 1,
  }))
}

/**
 * The routing of a fresh table, from the settings (docs/queues.md, "Seeds"): per target queue one
 * rule with the case types the settings send there, in the order of the queues' ids.
 */
export function seedRouting(setting: QueueRouting): Routing {
  const typesByQueue = new Map<string, CaseType[]>()
  for (const [type, queue] of Object.entries(setting.byType) as [CaseType, string][]) {
    typesByQueue.set(queue, [...(typesByQueue.get(queue) ?? []), type])
  }
  return {
    rules: [...typesByQueue.keys()].sort().map((queue) => ({
      name: `Case types of ${queue}`,
      when: { caseTypes: (typesByQueue.get(queue) ?? []).sort() },
      queue,
    })),
    defaultQueue: setting.defaultQueue,
  }
}
