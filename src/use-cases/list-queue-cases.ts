import type { Case } from '#src/domain/case.ts'
import { tagLabel } from '#src/domain/case-labels.ts'
import { NotFoundError } from '#src/domain/errors.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Paged, PageRequest } from '#src/use-cases/ports/common.ts'
import type { QueueSettings } from '#src/use-cases/ports/queues.ts'

/**
 * A queue's work list for staff: its active cases in the queue's order (soonest deadline first);
 * with `tag`, only those with the tag, in the same order (docs/data-model.md, "Labels"). Every
 * defined queue has one, an inactive one too (it keeps its cases); an unknown queue is 404.
 */
export async function listQueueCases(
  queue: string,
  page: PageRequest & { tag?: string | undefined },
  deps: { cases: CaseStore; queues: Pick<QueueSettings, 'listQueues'> },
): Promise<Paged<Case>> {
  if (!(await deps.queues.listQueues()).some((defined) => defined.id === queue)) {
    throw new NotFoundError(`There is no queue ${queue}.`)
  }
  const { tag, ...request } = page
  return deps.cases.listQueueCases(queue, { ...request, ...(tag !== undefined && { label: tagLabel(tag) }) })
}
