import type { Account } from '#src/domain/directory.ts'
import { type FieldError, ValidationError } from '#src/domain/errors.ts'
import type { StaffDirectory } from '#src/use-cases/ports/directory.ts'
import type { SlaSettings } from '#src/use-cases/ports/sla.ts'

export interface AccountReferenceDeps {
  staff: StaffDirectory
  slaSettings: SlaSettings
}

/** What an account refers to: each must exist (and staff must be active), or the request is refused. */
export interface AccountReferences {
  calendarId?: string | undefined
  slaPolicyId?: string | undefined
  responsibleManagerId?: string | null | undefined
  accountManagerId?: string | null | undefined
  escalationRecipients?: Account['escalationRecipients'] | null | undefined
}

/**
 * Checks every reference an account's settings name, so that an escalation, a critical case or a
 * deadline never goes to nobody: the calendar and the SLA policy exist, and every staff id is an
 * active staff member. One answer names every invalid field.
 */
export async function checkAccountReferences(
  references: AccountReferences,
  deps: AccountReferenceDeps,
): Promise<void> {
  const errors: FieldError[] = []
  const [calendar, policy] = await Promise.all([
    references.calendarId === undefined ? undefined : deps.slaSettings.calendar(references.calendarId),
    references.slaPolicyId === undefined ? undefined : deps.slaSettings.policy(references.slaPolicyId),
  ])
  if (references.calendarId !== undefined && !calendar)
    errors.push({ pointer: '/calendarId', detail: 'is not a known calendar' })
  if (references.slaPolicyId !== undefined && !policy)
    errors.push({ pointer: '/slaPolicyId', detail: 'is not a known SLA policy' })

  const staffFields: { pointer: string; id: string }[] = []
  if (references.responsibleManagerId)
    staffFields.push({ pointer: '/responsibleManagerId', id: references.responsibleManagerId })
  if (references.accountManagerId)
    staffFields.push({ pointer: '/accountManagerId', id: references.accountManagerId })
  for (const [level, ids] of Object.entries(references.escalationRecipients ?? {})) {
    ids?.forEach((id, index) => {
      staffFields.push({ pointer: `/escalationRecipients/${level}/${index}`, id })
    })
  }
  // Each id is looked up once, however often it is named.
  const ids = [...new Set(staffFields.map((field) => field.id))]
  const members = await Promise.all(ids.map((id) => deps.staff.findStaffMember(id)))
  const activeStaff = new Set(ids.filter((_, i) => members[i]?.active))
  for (const field of staffFields) {
    if (!activeStaff.has(field.id))
      errors.push({ pointer: field.pointer, detail: 'is not an active staff member' })
  }

  if (errors.length > 0) {
    throw new ValidationError('The account refers to something that does not exist or is not active.', errors)
  }
}
