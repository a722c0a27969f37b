import type { Case, CaseEvent } from '#src/domain/case.ts'
import { type CaseLink, linkIdOf } from '#src/domain/case-link.ts'
import { type CaseWatcher, maxWatchersPerCase } from '#src/domain/case-watcher.ts'
import type { Comment } from '#src/domain/comment.ts'
import { ConflictError, ForbiddenError, ValidationError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import { applyTransition, diffCases, isTerminal } from '#src/domain/lifecycle.ts'
import { actorOf, caseEvent, changeCase, loadCase } from '#src/use-cases/case-events.ts'
import {
  caseSlaContext,
  followSla,
  type SlaContext,
  type SlaDeps,
  withOutcomes,
} from '#src/use-cases/case-sla.ts'
import { linkedCaseOf } from '#src/use-cases/links/link-records.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'
import type { FileCatalog } from '#src/use-cases/ports/files.ts'
import type { CaseLinkStore } from '#src/use-cases/ports/links.ts'
import type { CaseMergeStore } from '#src/use-cases/ports/merges.ts'
import type { CaseWatcherStore } from '#src/use-cases/ports/watchers.ts'
import { watcherEvent } from '#src/use-cases/watchers/watcher-records.ts'
import { listMergedContent } from './merged-content.ts'

export interface MergeCaseInput {
  /** The case this one is merged into: of the same account, still active. */
  targetCaseId: string
  /** A public message to the customer, stored as a public comment on the merged case. */
  message?: string | undefined
}

export interface MergeCaseDeps extends SlaDeps {
  cases: CaseStore
  merges: CaseMergeStore
  links: Pick<CaseLinkStore, 'findLink'>
  files: Pick<FileCatalog, 'listTree'>
  watchers: Pick<CaseWatcherStore, 'listWatchers'>
  clock: Clock
  ids: IdGenerator
}

/**
 * Merges a case into another one of its account (staff; docs/merge.md).
 * 1. Staff only. Read the case (404); the target must exist (400 naming `/targetCaseId`), be
 *    another case of the same account (400) and still be active (409).
 * 2. List the case's public comments and its files, for the target's history: they stay where they
 *    are and are listed on the target, never copied.
 * 3. Decide on the fresh case: the lifecycle's `merge` closes it (409 unless it is active) with
 *    resolution `merged` and a pointer to the target; its SLA clocks stop.
 * 4. Make the case's contact a watcher of the target, so its mail goes on there, unless it is the
 *    target's contact, watches it already, or the target has as many watchers as it may.
 * 5. Save in one transaction: the case and its `case.transitioned` event (and the message as a
 *    public comment), the target's `case.merged` event (and `case.watcher_added`), the contact's
 *    watcher item, and the `duplicate_of` link unless the two cases are linked already. A case that
 *    moved on meanwhile is decided again.
 */
export async function mergeCase(
  caseId: string,
  input: MergeCaseInput,
  caller: Caller,
  deps: MergeCaseDeps,
): Promise<Case> {
  if (caller.kind !== 'staff') throw new ForbiddenError('Only support staff merge cases.')
  const source = await loadCase(deps.cases, caller, caseId)
  const target = await mergeTarget(source, input.targetCaseId, deps.cases)
  const content = await listMergedContent(source.id, deps)
  const linkId = linkIdOf(source.id, target.id)
  const linked = (await deps.links.findLink(source.id, linkId)) !== undefined
  const targetWatchers = await deps.watchers.listWatchers(target.id)

  const actor = actorOf(caller)
  let sla: SlaContext | undefined
  const { change } = await changeCase(
    deps,
    { kind: 'all' },
    source.id,
    async (current, now) => {
      const at = now.toISOString()
      sla ??= await caseSlaContext(current, deps)
      const resolution = { kind: 'merged' as const, summary: `Merged into ${target.number}.` }
      const closed = applyTransition(current, 'merge', actor, now, { resolution }).next
      const merged: Case = { ...closed, mergedInto: { caseId: target.id, number: target.number } }
      const { next, outcomes } = followSla(current, merged, sla, {})
      const comment = input.message ? publicComment(deps.ids, current, caller, input.message, at) : undefined
      const details = withOutcomes(
        {
          mergedInto: { caseId: target.id, number: target.number },
          ...(comment ? { commentId: comment.id, message: comment.body } : {}),
        },
        outcomes,
      )
      const watcher = contactAsWatcher(current, target, targetWatchers, caller.userId, at)
      const events: CaseEvent[] = [
        caseEvent(deps.ids, current, actor, at, {
          type: 'case.transitioned',
          action: 'merge',
          changes: diffCases(current, next),
          ...(details ? { details } : {}),
        }),
        caseEvent(deps.ids, target, actor, at, {
          type: 'case.merged',
          action: 'merge',
          changes: [],
          details: { mergedCase: { caseId: current.id, number: current.number }, ...content },
        }),
        ...(watcher ? [watcherEvent(deps.ids, target, watcher, actor, at, 'case.watcher_added')] : []),
      ]
      return {
        next,
        expectedVersion: current.version,
        events,
        comment,
        targetCaseId: target.id,
        link: linked ? undefined : duplicateLink(current, target, linkId, caller.userId, at),
        watcher,
      }
    },
    source,
    ({ targetCaseId, link, watcher, ...source }, previous) =>
      deps.merges.saveMerge({ source, previous, targetCaseId, link, watcher }),
  )
  return change.next
}

/** The case to merge into, checked against the one merged (step 1). */
async function mergeTarget(source: Case, targetCaseId: string, cases: CaseStore): Promise<Case> {
  const pointer = '/targetCaseId'
  if (targetCaseId === source.id)
    throw new ValidationError('A case cannot be merged into itself.', [
      { pointer, detail: 'is this case itself' },
    ])
  const target = await cases.findCase({ kind: 'all' }, targetCaseId)
  if (!target)
    throw new ValidationError(`There is no case ${targetCaseId} to merge into.`, [
      { pointer, detail: 'is not a case' },
    ])
  if (target.accountId !== source.accountId)
    throw new ValidationError(
      `Case ${target.number} is of another account: only cases of one account merge.`,
      [{ pointer, detail: 'is a case of another account' }],
    )
  if (isTerminal(target.status))
    throw new ConflictError(
      `Case ${target.number} is ${target.status}: a case can only be merged into an active one.`,
    )
  return target
}

function publicComment(ids: IdGenerator, c: Case, caller: Caller, body: string, at: string): Comment {
  return {
    id: ids.newId(),
    caseId: c.id,
    accountId: c.accountId,
    authorId: caller.userId,
    authorRole: caller.role,
    visibility: 'public',
    body,
    createdAt: at,
  }
}

/** The link a merge leaves: the merged case is a duplicate of the target, which has it as a duplicate. */
function duplicateLink(
  source: Case,
  target: Case,
  id: string,
  createdBy: string,
  createdAt: string,
): [CaseLink, CaseLink] {
  const common = { id, createdBy, createdAt }
  return [
    {
      ...common,
      caseId: source.id,
      accountId: source.accountId,
      kind: 'duplicate_of',
      ...linkedCaseOf(target),
    },
    {
      ...common,
      caseId: target.id,
      accountId: target.accountId,
      kind: 'has_duplicate',
      ...linkedCaseOf(source),
    },
  ]
}

/** The merged case's contact as a watcher of the target (step 4), or undefined when there is nothing to add. */
function contactAsWatcher(
  source: Case,
  target: Case,
  watchers: readonly CaseWatcher[],
  addedBy: string,
  addedAt: string,
): CaseWatcher | undefined {
  if (source.contactId === target.contactId) return undefined
  if (watchers.some((w) => w.userId === source.contactId)) return undefined
  // Full: the contact is told of the merge and reads the target as any contact of the account may.
  if (watchers.length >= maxWatchersPerCase) return undefined
  return {
    caseId: target.id,
    accountId: target.accountId,
    userId: source.contactId,
    kind: 'contact',
    addedBy,
    addedAt,
  }
}
