import { type Case, severitiesRequiringImpact } from '#src/domain/case.ts'
import type { CaseFieldDefinition } from '#src/domain/case-fields.ts'
import { applyTagChange, labelsOf, maxTagsPerCase, type TagChange } from '#src/domain/case-labels.ts'
import { checkCustomFields, customFieldChanges } from '#src/domain/custom-field-values.ts'
import {
  ConflictError,
  ForbiddenError,
  PreconditionFailedError,
  StaleCaseError,
  ValidationError,
} from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import { diffCases, isTerminal } from '#src/domain/lifecycle.ts'
import { queueProblem } from '#src/domain/queues.ts'
import type { CaseFieldCatalogue } from '#src/use-cases/ports/case-fields.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'
import type { StaffDirectory } from '#src/use-cases/ports/directory.ts'
import type { QueueSettings } from '#src/use-cases/ports/queues.ts'
import { caseDetailFields, type EditableCaseFields } from './case-details.ts'
import { actorOf, caseEvent, loadCase } from './case-events.ts'
import { caseSlaContext, retargetSla, type SlaDeps, withOutcomes } from './case-sla.ts'

/** A `PATCH` of a case: only the fields to change, among them the same editable fields as filing. */
export interface UpdateCaseInput extends Partial<EditableCaseFields> {
  /** Why support changes the severity; kept in the history. */
  severityReason?: string | undefined
  /** A staff member's id, or null to unassign. */
  assigneeId?: string | null | undefined
  queue?: string | undefined
  tier?: Case['tier'] | undefined
  /** Custom field values to set by key, null to clear one (docs/custom-fields.md). */
  customFields?: Record<string, unknown> | undefined
  /** Tags to add and to remove (docs/data-model.md, "Labels"); staff only. */
  tags?: TagChange | undefined
}

/** What customers may edit, and only while the case is new or open: the case's details. */
const customerFields = caseDetailFields
/** What only support changes. */
const staffFields = ['severity', 'priority', 'assigneeId', 'queue', 'tier', 'tags'] as const

export interface UpdateCaseDeps extends SlaDeps {
  cases: CaseStore
  staff: StaffDirectory
  /** The custom field catalogue: read only for a change that names custom fields. */
  caseFields?: CaseFieldCatalogue
  clock: Clock
  ids: IdGenerator
  /** Read only for a change that moves the case to another queue. */
  queues: Pick<QueueSettings, 'listQueues'>
}

function stale(c: Case, currentVersion?: number): PreconditionFailedError {
  const version = currentVersion === undefined ? '' : ` (it is at version ${currentVersion})`
  return new PreconditionFailedError(
    `Case ${c.number} has changed since you read it${version}. Read it again and re-apply your change.`,
  )
}

async function checkStaffChanges(input: UpdateCaseInput, current: Case, deps: UpdateCaseDeps): Promise<void> {
  if (input.assigneeId) {
    const member = await deps.staff.findStaffMember(input.assigneeId)
    if (!member?.active) {
      throw new ValidationError('Cases can only be assigned to active support staff.', [
        { pointer: '/assigneeId', detail: 'is not an active staff member' },
      ])
    }
  }
  // Staff move a case to any active queue; naming the queue it is in changes nothing.
  if (input.queue !== undefined && input.queue !== current.queue) {
    const problem = queueProblem(input.queue, await deps.queues.listQueues(), '/queue')
    if (problem) throw new ValidationError('A case can only be moved to an active queue.', [problem])
  }
  const severity = input.severity ?? current.severity
  if (severitiesRequiringImpact.includes(severity) && !(input.impact ?? current.impact)) {
    throw new ValidationError(`A ${severity} case needs an impact statement.`, [
      { pointer: '/impact', detail: `is required for ${severity} cases` },
    ])
  }
}

/**
 * Edits a case (`PATCH`), guarded by the version the client read (`If-Match`).
 * 1. Read the case; a version other than `ifMatch` (`any`: `If-Match: *`) → 412 before anything else.
 * 2. Customers edit the descriptive fields of a new or open case only; staff fields are staff's.
 * 3. Check assignee, queue and the impact rule for the resulting severity; check named custom field
 *    values against the catalogue (read only then), with the fields required for the case's type.
 * 4. Apply the tag change (idempotent: adding a tag there or removing one not there changes
 *    nothing) and derive the case's labels again when its tags or custom field values changed.
 * 5. Save the new version, its label items and a `case.updated` event (with the severity reason)
 *    atomically, conditional on the version still being `ifMatch`; the tags' change is internal.
 *    A concurrent edit fails the condition (412), so no tag change is ever lost.
 */
export async function updateCase(
  caseId: string,
  ifMatch: number | 'any',
  input: UpdateCaseInput,
  caller: Caller,
  deps: UpdateCaseDeps,
): Promise<Case> {
  const current = await loadCase(deps.cases, caller, caseId)
  if (ifMatch !== 'any' && current.version !== ifMatch) throw stale(current, current.version)
  if (isTerminal(current.status)) {
    throw new ConflictError(`Case ${current.number} is ${current.status} and can no longer be edited.`)
  }
  if (caller.kind === 'customer') {
    const forbidden = staffFields.filter((field) => input[field] !== undefined)
    if (forbidden.length) throw new ForbiddenError(`Only support staff change ${forbidden.join(', ')}.`)
    if (current.status !== 'new' && current.status !== 'open') {
      throw new ConflictError(
        `Case ${current.number} is ${current.status}: its details can be edited while it is new or open. Add a comment instead.`,
      )
    }
  } else {
    await checkStaffChanges(input, current, deps)
  }

  const at = deps.clock.now().toISOString()
  const { severityReason, assigneeId, customFields, tags, ...fields } = input
  const edited: Case = { ...current, ...definedOnly(fields) }
  if (assigneeId === null) delete edited.assigneeId
  else if (assigneeId !== undefined) edited.assigneeId = assigneeId
  const changes = diffCases(current, edited)
  let byKey: Map<string, CaseFieldDefinition> | undefined
  if (customFields) {
    if (!deps.caseFields) throw new Error('custom fields given where no catalogue is: pass `caseFields`')
    const catalogue = await deps.caseFields.listFields()
    byKey = new Map(catalogue.map((f) => [f.key, f]))
    const checked = checkCustomFields(
      customFields,
      current.customFields,
      current.type,
      catalogue,
      caller.kind,
      false,
    )
    if (checked.errors) throw new ValidationError('Some custom field values are not valid.', checked.errors)
    if (checked.values) edited.customFields = checked.values
    else delete edited.customFields
    changes.push(...customFieldChanges(current.customFields, checked.values, byKey))
  }
  if (tags) {
    const changed = applyTagChange(current.tags, tags)
    if (!changed) {
      throw new ValidationError('Too many tags.', [
        { pointer: '/tags/add', detail: `a case has at most ${maxTagsPerCase} tags` },
      ])
    }
    if (changed.length) edited.tags = changed
    else delete edited.tags
    if (changed.join() !== (current.tags ?? []).join()) {
      // Support's own: customers see neither the tags nor their change (docs/data-model.md, "Labels").
      changes.push({
        field: 'tags',
        ...(current.tags && { before: current.tags }),
        ...(edited.tags && { after: edited.tags }),
        internal: true,
      })
    }
  }
  if (changes.length === 0) return current
  if (tags || customFields) {
    const labels = labelsOf(edited.tags, edited.customFields, byKey, current.labels)
    if (labels) edited.labels = labels
    else delete edited.labels
  }
  const bumped: Case = { ...edited, version: current.version + 1, updatedAt: at }
  // A new severity retargets every running clock from its start (docs/sla.md).
  const { next, outcomes } =
    edited.severity === current.severity
      ? { next: bumped, outcomes: [] }
      : retargetSla(current, bumped, await caseSlaContext(current, deps))
  const details = withOutcomes(severityReason ? { severityReason } : undefined, outcomes)
  const event = caseEvent(deps.ids, current, actorOf(caller), at, {
    type: 'case.updated',
    action: 'update',
    changes,
    ...(details ? { details } : {}),
  })
  try {
    // `If-Match: *` takes the version read: a change that lands in between still fails the write.
    const expectedVersion = ifMatch === 'any' ? current.version : ifMatch
    await deps.cases.saveCaseChange({ next, expectedVersion, events: [event] }, current)
  } catch (error) {
    if (error instanceof StaleCaseError) throw stale(current)
    throw error
  }
  return next
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}

export { customerFields, staffFields }
