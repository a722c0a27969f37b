import { type Case, type CaseEvent, defaultPriorityFor, formatCaseNumber } from '#src/domain/case.ts'
import type { CaseFieldDefinition } from '#src/domain/case-fields.ts'
import { labelsOf } from '#src/domain/case-labels.ts'
import { checkCustomFields, customFieldChanges } from '#src/domain/custom-field-values.ts'
import type { Account, Contact } from '#src/domain/directory.ts'
import { ForbiddenError, ValidationError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import type { CaseType } from '#src/domain/vocabulary.ts'
import type { CaseFieldCatalogue } from '#src/use-cases/ports/case-fields.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'
import type { ContactDirectory } from '#src/use-cases/ports/directory.ts'
import type { QueueSettings } from '#src/use-cases/ports/queues.ts'
import { caseDetailFields, caseDetailsOf, type EditableCaseFields } from './case-details.ts'
import { initialSla, loadSlaContext, type SlaDeps, slaTermsOf } from './case-sla.ts'
import { decideRouting } from './queues/routing.ts'

/**
 * A new case as a customer or support files it: its details and severity, and optionally the
 * priority (support only; otherwise the severity's) and the contact it is for (default: the caller).
 */
export interface CreateCaseInput extends Omit<EditableCaseFields, 'priority'> {
  type: CaseType
  priority?: EditableCaseFields['priority'] | undefined
  /** The contact the case is for: the caller by default; support staff must name one. */
  contactId?: string | undefined
  /** Values of the catalogue's custom fields by key (docs/custom-fields.md). */
  customFields?: Record<string, unknown> | undefined
}

export interface CreateCaseDeps extends SlaDeps {
  cases: CaseStore
  contacts: ContactDirectory
  /** The custom field catalogue; absent where filing carries no custom fields (mail in): none is checked or required. */
  caseFields?: CaseFieldCatalogue
  clock: Clock
  ids: IdGenerator
  /** The queues and the routing rules a new case is routed by (docs/queues.md). */
  queues: QueueSettings
}

const contactNotInAccount = () =>
  new ValidationError('The contact must be an active contact of the account the case is for.', [
    { pointer: '/contactId', detail: 'is not an active contact of this account' },
  ])

/** Whom a case is filed for, and the account whose SLA terms it keeps (undefined if the account is gone). */
interface Filing {
  contact: Contact
  account: Account | undefined
}

/** The contact a case is filed for (the caller by default, or a colleague of the same account) and its account. */
async function resolveFiling(input: CreateCaseInput, caller: Caller, deps: CreateCaseDeps): Promise<Filing> {
  if (caller.kind === 'staff') {
    if (!input.contactId) {
      throw new ValidationError('Support staff file cases on behalf of a contact: name it.', [
        { pointer: '/contactId', detail: 'is required when support staff file a case' },
      ])
    }
    const contact = await deps.contacts.findContact(input.contactId)
    if (!contact?.active) {
      throw new ValidationError('No active contact has this id.', [
        { pointer: '/contactId', detail: 'is not an active contact' },
      ])
    }
    // Staff may name a contact of any account: which one is known only once the contact is read.
    return { contact, account: await deps.accounts.findAccount(contact.accountId) }
  }
  // The caller's own contact, the colleague the case may be for and their account: one read
  // (docs/performance.md).
  const colleagueId = input.contactId !== caller.userId ? input.contactId : undefined
  const { contacts, account } = await deps.contacts.findContactsAndAccount(
    colleagueId === undefined ? [caller.userId] : [caller.userId, colleagueId],
    caller.accountId,
  )
  // The caller must be an active contact of its account, whoever the case is for.
  // Tokens outlive a deactivation by up to an hour, so the directory, not the token, decides.
  const self = contacts.get(caller.userId)
  if (!self || self.accountId !== caller.accountId) {
    throw new ForbiddenError('Your contact is not registered with your account. Ask your customer admin.')
  }
  if (!self.active) {
    throw new ForbiddenError(
      'Your contact has been deactivated, so you cannot file cases. Ask your customer admin to reactivate it.',
    )
  }
  if (colleagueId === undefined) return { contact: self, account }
  const contact = contacts.get(colleagueId)
  // Same answer whether the id is unknown or belongs to another account: nothing leaks across tenants.
  if (!contact?.active || contact.accountId !== caller.accountId) throw contactNotInAccount()
  return { contact, account }
}

/**
 * Files a new case.
 * 1. Resolve and check the contact the case is for (the caller, or a colleague of the same account),
 *    reading its account with it.
 * 2. Decide the priority (customers get the one their severity implies); check the custom field
 *    values against the catalogue (read with the contact), required ones included.
 * 3. Route it: the first routing rule that matches its type, product, account, service level and
 *    severity names its queue, else the default queue (docs/queues.md); the case's history keeps
 *    the routing version and rule. A fresh table keeps the seeded routing first.
 * 4. Take the next case number from the atomic counter.
 * 5. Keep the account's SLA terms on the case and start its first-response and resolution clocks
 *    on the latest versions of its calendar and policy (docs/sla.md).
 * 6. Write the case, its number claim and its `case.created` event in one transaction.
 * 7. The event handler sets its SLA timers (warning, breach) from the table stream.
 */
export async function createCase(
  input: CreateCaseInput,
  caller: Caller,
  deps: CreateCaseDeps,
): Promise<Case> {
  const [{ contact, account }, fields, routing, queues] = await Promise.all([
    resolveFiling(input, caller, deps),
    deps.caseFields ? deps.caseFields.listFields() : noCatalogue(input),
    deps.queues.routing(),
    deps.queues.listQueues(),
  ])
  if (!routing) throw new Error('routing always has a version: stored, or the seed')
  if (caller.kind === 'customer' && input.priority !== undefined) {
    throw new ValidationError('Support sets the priority of a case.', [
      { pointer: '/priority', detail: 'may only be set by support staff' },
    ])
  }
  const checked = checkCustomFields(input.customFields, undefined, input.type, fields, caller.kind, true)
  if (checked.errors) throw new ValidationError('Some custom field values are not valid.', checked.errors)

  const now = deps.clock.now()
  const at = now.toISOString()
  const terms = account && slaTermsOf(account)
  const routed = decideRouting(
    routing.definition,
    { ...input, accountId: contact.accountId, serviceLevel: terms?.serviceLevel },
    queues,
  )
  const [sequence, sla] = await Promise.all([
    deps.cases.nextCaseSequence(now),
    terms && loadSlaContext(contact.accountId, terms, [], deps),
    // The seed, not yet stored: kept now, so the version this case names never changes.
    routing.savedAt === undefined && deps.queues.keepSeeds(at),
  ])
  const filed: Case = {
    id: deps.ids.newId(),
    number: formatCaseNumber(sequence),
    accountId: contact.accountId,
    contactId: contact.id,
    ...caseDetailsOf(input),
    ...(checked.values && { customFields: checked.values }),
    // What lists filter the case by (docs/data-model.md, "Labels"); a new case has no tags yet.
    ...labelsFor(checked.values, fields),
    type: input.type,
    severity: input.severity,
    priority: input.priority ?? defaultPriorityFor(input.severity),
    queue: routed.queue,
    status: 'new',
    tier: 2,
    escalationLevel: 0,
    version: 1,
    createdBy: caller.userId,
    createdAt: at,
    updatedAt: at,
    ...(terms && { slaTerms: terms }),
  }
  const newCase: Case = sla ? initialSla(filed, sla) : filed
  const event: CaseEvent = {
    id: deps.ids.newId(),
    caseId: newCase.id,
    accountId: newCase.accountId,
    type: 'case.created',
    action: 'create',
    actor: { userId: caller.userId, role: caller.role },
    at,
    visibility: 'public',
    changes: createdFields(newCase, fields),
    // Staff see which routing rule chose the queue (customers don't: docs/queues.md).
    details: {
      routing: {
        version: routing.version,
        rule: routed.rule,
        ...(routed.ruleName !== undefined && { ruleName: routed.ruleName }),
      },
    },
  }
  await deps.cases.insertCase(newCase, event)
  return newCase
}

/** The labels of a new case's custom field values, if any is filterable. */
function labelsFor(values: Case['customFields'], fields: readonly CaseFieldDefinition[]) {
  const labels = values && labelsOf(undefined, values, new Map(fields.map((f) => [f.key, f])))
  return labels ? { labels } : {}
}

/** A filing without a catalogue names no custom field. */
function noCatalogue(input: CreateCaseInput): CaseFieldDefinition[] {
  if (input.customFields) throw new Error('custom fields given where no catalogue is: pass `caseFields`')
  return []
}

/** The fields a new case starts with, as changes from nothing, for the history. */
function createdFields(c: Case, fields: readonly CaseFieldDefinition[]): CaseEvent['changes'] {
  const recorded = [
    ...caseDetailFields,
    'type',
    'severity',
    'priority',
    'queue',
    'status',
    'contactId',
  ] as const
  return [
    ...recorded.filter((field) => c[field] !== undefined).map((field) => ({ field, after: c[field] })),
    ...customFieldChanges(undefined, c.customFields, new Map(fields.map((field) => [field.key, field]))),
  ]
}
