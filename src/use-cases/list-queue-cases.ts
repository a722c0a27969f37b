import type { Case } from '#src/domain/case.ts'
import { NotFoundError } from '#src/domain/errors.ts'
import { defaultQueueRouting, knownQueues, type QueueRouting } from '#src/domain/queues.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Paged, PageRequest } from '#src/use-cases/ports/common.ts'

/** A queue's work list for staff: its active cases, oldest first. An unknown queue is 404. */
export async function listQueueCases(
  queue: string,
  page: PageRequest,
  deps: { cases: CaseStore; queueRouting?: QueueRouting },
): Promise<Paged<Case>> {
  if (!knownQueues(deps.queueRouting ?? defaultQueueRouting).includes(queue)) {
    throw new NotFoundError(`There is no queue ${queue}.`)
  }
  return deps.cases.listQueueCases(queue, page)
}
