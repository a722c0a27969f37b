import { type CaseWatcher, visibleWatchers } from '#src/domain/case-watcher.ts'
import type { Caller } from '#src/domain/identity.ts'
import { loadCase } from '#src/use-cases/case-events.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { CaseWatcherStore } from '#src/use-cases/ports/watchers.ts'

/**
 * A case's watchers, whole: a case has at most 20 (`maxWatchersPerCase`), so the list has no pages.
 * 1. Read the case within the caller's scope (another account's case is 404).
 * 2. One Query of the case's partition; a customer sees the contacts only, never a staff follower.
 */
export async function listCaseWatchers(
  caseId: string,
  caller: Caller,
  deps: { cases: CaseStore; watchers: CaseWatcherStore },
): Promise<{ items: CaseWatcher[] }> {
  const found = await loadCase(deps.cases, caller, caseId)
  return { items: visibleWatchers(await deps.watchers.listWatchers(found.id), caller.kind) }
}
