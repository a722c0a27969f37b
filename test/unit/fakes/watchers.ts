import type { CaseEvent } from '#src/domain/case.ts'
import type { CaseWatcher } from '#src/domain/case-watcher.ts'
import type { CaseWatcherStore, WatcherChange } from '#src/use-cases/ports/watchers.ts'

/** Case watchers in memory, keyed as the DynamoDB repository keys them (case, user id). */
export class InMemoryCaseWatcherStore implements CaseWatcherStore {
  readonly watchers = new Map<string, CaseWatcher>()
  readonly events: CaseEvent[] = []
  /** The cases whose watchers were listed, in order: the event handler reads them once per mailing event. */
  readonly listed: string[] = []

  constructor(watchers: CaseWatcher[] = []) {
    for (const watcher of watchers) this.watchers.set(this.key(watcher.caseId, watcher.userId), watcher)
  }

  private key(caseId: string, userId: string): string {
    return `${caseId}|${userId}`
  }

  async insertWatcher({ watcher, event }: WatcherChange): Promise<boolean> {
    const key = this.key(watcher.caseId, watcher.userId)
    if (this.watchers.has(key)) return false
    this.watchers.set(key, watcher)
    this.events.push(event)
    return true
  }

  async findWatcher(caseId: string, userId: string): Promise<CaseWatcher | undefined> {
    return this.watchers.get(this.key(caseId, userId))
  }

  async deleteWatcher({ watcher, event }: WatcherChange): Promise<boolean> {
    if (!this.watchers.delete(this.key(watcher.caseId, watcher.userId))) return false
    this.events.push(event)
    return true
  }

  async listWatchers(caseId: string): Promise<CaseWatcher[]> {
    this.listed.push(caseId)
    return [...this.watchers.values()]
      .filter((watcher) => watcher.caseId === caseId)
      .sort((a, b) => a.userId.localeCompare(b.userId))
  }
}

/** A watcher with sensible defaults: bob, a colleague of alice's, watching case-1 of acme. */
export function aWatcher(overrides: Partial<CaseWatcher> = {}): CaseWatcher {
  return {
    caseId: 'case-1',
    accountId: 'acme',
    userId: 'bob',
    kind: 'contact',
    addedBy: 'alice',
    addedAt: '2026-11-25T09:00:00.000Z',
    ...overrides,
  }
}
