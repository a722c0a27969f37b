import type { CaseEvent, FieldChange } from '#src/domain/case.ts'
import type { Comment } from '#src/domain/comment.ts'
import { customFieldChangePrefix } from '#src/domain/custom-field-values.ts'
import { transitionTable } from '#src/domain/lifecycle.ts'
import { draftOf } from './drafting.ts'
import { type EventAudience, type EventDraft, type EventType, eventAudienceOf } from './envelope.ts'

/**
 * From the history to the catalogue (docs/integrations.md): the history events (the outbox,
 * docs/architecture.md) that become public events, by their history type. `comment.added`
 * becomes `case.commented` or `case.note_added` by its visibility; history types not named here
 * (`file.rejected`, `file.updated`, `file.deleted`, `folder.created`, ...) publish nothing.
 */
const publicTypeOf: Readonly<Record<string, EventType>> = {
  'case.created': 'case.created',
  'case.updated': 'case.updated',
  'case.transitioned': 'case.transitioned',
  'case.escalated': 'case.escalated',
  'sla.warning': 'case.sla_warning',
  'sla.breached': 'case.sla_breached',
  'file.uploaded': 'case.file_available',
  'case.linked': 'case.linked',
  'case.unlinked': 'case.unlinked',
  'case.watcher_added': 'case.watcher_added',
  'case.watcher_removed': 'case.watcher_removed',
  'case.merged': 'case.merged',
  'survey.answered': 'survey.answered',
}

/** The id of the comment a `comment.added` history event is about (it must be loaded to publish it), else undefined. */
export function commentIdOf(event: CaseEvent): string | undefined {
  if (event.type !== 'comment.added') return undefined
  const commentId = event.details?.commentId
  if (typeof commentId !== 'string') throw new Error(`History event ${event.id} names no comment.`)
  return commentId
}

/**
 * The public events of one history event: its own event (if its type is in the catalogue) and,
 * whenever it changed the assignee, a `case.assigned` besides. `comment` is the comment a
 * `comment.added` event is about (see `commentIdOf`). Everything comes from the history event as
 * written, so a redelivered or late record publishes the same events with the same ids.
 */
export function draftsOfHistoryEvent(recorded: CaseEvent, comment?: Comment): EventDraft[] {
  const drafts: EventDraft[] = []
  const { event, staffOnly } = splitInternalChanges(recorded)
  const main = mainDraft(event, comment)
  if (main) drafts.push(main)
  if (staffOnly.length) {
    // Custom fields customers do not see travel in a staff-only update of their own (docs/custom-fields.md).
    drafts.push(
      draftOf(
        'case.updated',
        { ...placeOf(event), id: `evt_${event.id}.staff_fields` },
        { actor: event.actor, changes: cleanChanges(staffOnly) },
        'staff',
      ),
    )
  }
  const assignment = event.changes.find((change) => change.field === 'assigneeId')
  if (assignment) {
    drafts.push(
      draftOf(
        'case.assigned',
        { ...placeOf(event), id: `evt_${event.id}.assigned` },
        {
          actor: event.actor,
          assigneeId: definedOnly({ before: assignment.before, after: assignment.after }),
        },
        audienceOf(event, 'case.assigned'),
      ),
    )
  }
  return drafts
}

/**
 * A history event whose changes include some customers may not see (`internal`: a custom field
 * that was not customer-visible) publishes those apart, to staff only, unless the event reaches
 * staff only anyway or has no other change (then it goes to staff only, whole).
 */
function splitInternalChanges(event: CaseEvent): { event: CaseEvent; staffOnly: FieldChange[] } {
  const staffOnly = event.changes.filter((change) => change.internal)
  if (staffOnly.length === 0 || event.visibility === 'internal') return { event, staffOnly: [] }
  const shown = event.changes.filter((change) => !change.internal)
  if (shown.length === 0 && event.type === 'case.updated') {
    return { event: { ...event, visibility: 'internal' }, staffOnly: [] }
  }
  return { event: { ...event, changes: shown }, staffOnly }
}

function mainDraft(event: CaseEvent, comment: Comment | undefined): EventDraft | undefined {
  if (event.type === 'comment.added') {
    if (!comment) throw new Error(`The comment of history event ${event.id} was not handed in.`)
    const internal = event.visibility === 'internal' || comment.visibility === 'internal'
    const type = internal ? 'case.note_added' : 'case.commented'
    return draftOf(type, placeOf(event), { actor: event.actor, comment }, audienceOf(event, type))
  }
  const type = publicTypeOf[event.type]
  if (!type) return undefined
  return draftOf(type, placeOf(event), dataOf(type, event), audienceOf(event, type))
}

function placeOf(event: CaseEvent) {
  return { id: `evt_${event.id}`, time: event.at, accountId: event.accountId, caseId: event.caseId }
}

/** The catalogue's audience, except that an internal history event never reaches customers. */
function audienceOf(event: CaseEvent, type: EventType): EventAudience {
  return event.visibility === 'internal' ? 'staff' : eventAudienceOf[type]
}

/** The `data` of a history event of a type the catalogue maps one to one. */
function dataOf(type: EventType, event: CaseEvent): Record<string, unknown> {
  const details = event.details ?? {}
  const actor = event.actor
  switch (type) {
    case 'case.created':
      return {
        actor,
        case: { ...initialFields(event.changes), id: event.caseId, accountId: event.accountId },
      }
    case 'case.updated':
      return definedOnly({
        actor,
        changes: cleanChanges(event.changes),
        reason: text(details.reason) ?? text(details.severityReason),
      })
    case 'case.transitioned': {
      const status = event.changes.find((change) => change.field === 'status')
      return definedOnly({
        actor,
        action: event.action,
        from: status?.before,
        to: status?.after ?? targetStatusOf(event.action),
        changes: cleanChanges(event.changes),
        message: text(details.message),
        reason: text(details.reason),
        commentId: text(details.commentId),
      })
    }
    case 'case.escalated':
      return { actor, level: details.level, levelName: details.levelName, reason: details.reason }
    case 'case.sla_warning':
    case 'case.sla_breached':
      return definedOnly({
        target: details.target,
        dueAt: details.dueAt,
        targetMinutes: details.targetMinutes,
      })
    case 'case.file_available':
      return {
        actor,
        file: definedOnly({
          id: details.fileId,
          name: details.name,
          size: details.size,
          contentType: details.contentType,
          // A file in the root has no folder (stored as null).
          folderId: details.folderId ?? undefined,
        }),
      }
    case 'case.linked':
    case 'case.unlinked':
      return {
        actor,
        link: {
          id: details.linkId,
          kind: details.kind,
          linkedCaseId: details.linkedCaseId,
          linkedCaseNumber: details.linkedCaseNumber,
        },
      }
    case 'case.watcher_added':
    case 'case.watcher_removed':
      // By id only: no watcher's address ever leaves in an event.
      return { actor, watcher: { userId: details.userId, kind: details.kind } }
    case 'case.merged':
      return {
        actor,
        mergedCase: details.mergedCase,
        comments: details.comments ?? [],
        files: details.files ?? [],
        commentCount: details.commentCount ?? 0,
        fileCount: details.fileCount ?? 0,
      }
    case 'survey.answered':
      return definedOnly({ rating: details.rating, comment: text(details.comment) })
    default:
      throw new Error(`History event ${event.id} of type ${event.type} has no data mapping.`)
  }
}

/** A new case's fields: `case.created` records each as a change from nothing (create-case.ts), custom fields one per key. */
function initialFields(changes: readonly FieldChange[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {}
  const custom: Record<string, unknown> = {}
  for (const change of changes) {
    if (change.field.startsWith(customFieldChangePrefix)) {
      custom[change.field.slice(customFieldChangePrefix.length)] = change.after
    } else fields[change.field] = change.after
  }
  if (Object.keys(custom).length) fields.customFields = custom
  return fields
}

/** The status an action leads to, from the lifecycle table (every rule of one action has the same target). */
function targetStatusOf(action: string): string | undefined {
  return transitionTable.find((rule) => rule.action === action)?.to
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)

/** Changes without explicit `undefined` sides: an absent side means "no value". */
function cleanChanges(changes: readonly FieldChange[]): FieldChange[] {
  return changes.map(({ internal: _, ...change }) => definedOnly({ ...change }) as FieldChange)
}

function definedOnly<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
