import type { Case, CaseEvent } from '#src/domain/case.ts'
import type { CaseWatcher } from '#src/domain/case-watcher.ts'
import type { Actor } from '#src/domain/lifecycle.ts'
import { caseEvent } from '#src/use-cases/case-events.ts'
import type { IdGenerator } from '#src/use-cases/ports/common.ts'

/** Helpers shared by the watcher use cases. */

/**
 * The history event of a watcher added or removed. Customers see their colleagues come and go
 * (public); a staff follower is support's own business (internal), so customers never see one,
 * in the history or in the published events. The watcher is named by id only: the history and
 * the events it becomes carry no e-mail address (docs/integrations.md).
 */
export function watcherEvent(
  ids: IdGenerator,
  c: Case,
  watcher: CaseWatcher,
  actor: Actor,
  at: string,
  type: 'case.watcher_added' | 'case.watcher_removed',
): CaseEvent {
  return caseEvent(ids, c, actor, at, {
    type,
    action: type === 'case.watcher_added' ? 'watch' : 'unwatch',
    changes: [],
    visibility: watcher.kind === 'staff' ? 'internal' : 'public',
    details: { userId: watcher.userId, kind: watcher.kind },
  })
}
