import { describe, expect, it } from 'vitest'
import type { CaseEvent } from '#src/domain/case.ts'
import { ConflictError, NotFoundError, ValidationError } from '#src/domain/errors.ts'
import { draftsOfHistoryEvent } from '#src/domain/events/case-event-drafts.ts'
import { createCaseField, listCaseFields, updateCaseField } from '#src/use-cases/case-fields.ts'
import { createCase } from '#src/use-cases/create-case.ts'
import { listHistory } from '#src/use-cases/list-history.ts'
import { presentCase } from '#src/use-cases/present-case.ts'
import { updateCase } from '#src/use-cases/update-case.ts'
import {
  aCase,
  aCaseField,
  aContact,
  aCreateCaseInput,
  aCustomer,
  aStaffMember,
  fixedClock,
  InMemoryCaseFields,
  InMemoryCaseStore,
  InMemoryContactDirectory,
  InMemoryStaffDirectory,
  now,
  rejectionOf,
  sequentialIds,
  slaFakes,
} from '../fakes/core.ts'

const environment = aCaseField({
  key: 'environment',
  type: 'enum',
  options: [
    { value: 'prod', labels: { de: 'Produktion', en: 'Production' } },
    { value: 'test', labels: { de: 'Test', en: 'Test' } },
  ],
  caseTypes: [{ caseType: 'product_problem', required: true }],
})
const internalRef = aCaseField({ key: 'internal_ref', customerVisible: false, customerEditable: false })

function setUp(fields = [environment, internalRef]) {
  const cases = new InMemoryCaseStore({ cases: [aCase({ version: 3, type: 'product_problem' })] })
  const caseFields = new InMemoryCaseFields(fields)
  const deps = {
    cases,
    caseFields,
    contacts: new InMemoryContactDirectory([aContact({ id: 'alice', accountId: 'acme' })]),
    staff: new InMemoryStaffDirectory([]),
    clock: fixedClock(),
    ids: sequentialIds(),
    ...slaFakes(),
  }
  return { cases, caseFields, deps }
}

const sam = aStaffMember()

describe('filing and editing with custom fields', () => {
  it('refuses a product problem without its required environment, naming /customFields/environment', async () => {
    // Arrange
    const { deps } = setUp()

    // Act
    const error = await rejectionOf(
      createCase(aCreateCaseInput({ type: 'product_problem' }), aCustomer(), deps),
    )

    // Assert
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).errors).toEqual([
      { pointer: '/customFields/environment', detail: 'is required for product_problem cases' },
    ])
  })

  it('stores the values and records each in the case.created event, a staff-only one as internal', async () => {
    // Arrange
    const { cases, deps } = setUp()

    // Act
    const created = await createCase(
      aCreateCaseInput({
        type: 'product_problem',
        contactId: 'alice',
        customFields: { environment: 'prod', internal_ref: 'R-1' },
      }),
      sam,
      deps,
    )

    // Assert
    expect(created.customFields).toEqual({ environment: 'prod', internal_ref: 'R-1' })
    const changes = cases.inserted[0]?.event.changes ?? []
    expect(changes).toContainEqual({ field: 'customFields.environment', after: 'prod' })
    expect(changes).toContainEqual({ field: 'customFields.internal_ref', after: 'R-1', internal: true })
  })

  it('shows a customer only the values of active customer-visible fields', async () => {
    // Arrange
    const { caseFields, deps } = setUp()
    const c = aCase({ customFields: { environment: 'prod', internal_ref: 'R-1' } })

    // Act
    const forCustomer = await presentCase(c, deps, now, 'customer')
    const forStaff = await presentCase(c, deps, now, 'staff')
    caseFields.fields.set('environment', { ...environment, active: false })
    const afterDeactivation = await presentCase(c, deps, now, 'staff')

    // Assert
    expect(forCustomer.customFields).toEqual({ environment: 'prod' })
    expect(forStaff.customFields).toEqual({ environment: 'prod', internal_ref: 'R-1' })
    expect(afterDeactivation.customFields).toEqual({ internal_ref: 'R-1' })
    expect(c.customFields).toEqual({ environment: 'prod', internal_ref: 'R-1' })
  })

  it('reads no catalogue to present a case without values', async () => {
    const { caseFields, deps } = setUp()
    const view = await presentCase(aCase(), deps, now, 'customer')
    expect(view).not.toHaveProperty('customFields')
    expect(caseFields.reads).toBe(0)
  })

  it('edits values by PATCH (null clears), refusing to clear a required one', async () => {
    // Arrange
    const { cases, deps } = setUp()
    const filed = aCase({ version: 3, type: 'product_problem', customFields: { environment: 'prod' } })
    cases.cases.set(filed.id, filed)

    // Act
    const updated = await updateCase(filed.id, 3, { customFields: { internal_ref: 'R-7' } }, sam, deps)
    const cleared = await rejectionOf(
      updateCase(filed.id, 4, { customFields: { environment: null } }, sam, deps),
    )
    const byCustomer = await rejectionOf(
      updateCase(filed.id, 4, { customFields: { internal_ref: 'R-8' } }, aCustomer(), deps),
    )

    // Assert
    expect(updated.customFields).toEqual({ environment: 'prod', internal_ref: 'R-7' })
    expect(cases.events.at(-1)?.changes).toEqual([
      { field: 'customFields.internal_ref', after: 'R-7', internal: true },
    ])
    expect((cleared as ValidationError).errors).toEqual([
      { pointer: '/customFields/environment', detail: 'is required for product_problem cases' },
    ])
    expect((byCustomer as ValidationError).errors).toEqual([
      { pointer: '/customFields/internal_ref', detail: 'is no field you may set' },
    ])
  })

  it('reads no catalogue for an edit that names no custom field', async () => {
    const { caseFields, deps } = setUp()
    await updateCase('case-1', 3, { title: 'Renamed' }, sam, deps)
    expect(caseFields.reads).toBe(0)
  })
})

describe('the history and the events keep staff-only values from customers', () => {
  const event: CaseEvent = {
    id: 'e1',
    caseId: 'case-1',
    accountId: 'acme',
    type: 'case.updated',
    action: 'update',
    actor: { userId: 'sam', role: 'agent' },
    at: now.toISOString(),
    visibility: 'public',
    changes: [
      { field: 'title', before: 'A', after: 'B' },
      { field: 'customFields.internal_ref', after: 'R-1', internal: true },
    ],
  }

  it('leaves hidden changes out of a customer history, and events left without changes', async () => {
    // Arrange
    const { cases, deps } = setUp()
    const onlyHidden: CaseEvent = {
      ...event,
      id: 'e2',
      changes: [event.changes[1] as CaseEvent['changes'][0]],
    }
    cases.events.push(event, onlyHidden)

    // Act
    const forCustomer = await listHistory('case-1', { limit: 25 }, aCustomer(), deps)
    const forStaff = await listHistory('case-1', { limit: 25 }, sam, deps)

    // Assert
    expect(forCustomer.items.map((e) => e.changes)).toEqual([[{ field: 'title', before: 'A', after: 'B' }]])
    expect(forStaff.items).toHaveLength(2)
  })

  it('publishes the hidden changes apart, to staff only', () => {
    // Act
    const drafts = draftsOfHistoryEvent(event)

    // Assert
    expect(drafts.map((d) => [d.id, d.audience, d.data.changes])).toEqual([
      ['evt_e1', 'account', [{ field: 'title', before: 'A', after: 'B' }]],
      ['evt_e1.staff_fields', 'staff', [{ field: 'customFields.internal_ref', after: 'R-1' }]],
    ])
  })

  it('sends a created case to the account without staff-only values, which follow to staff alone', () => {
    const created: CaseEvent = {
      ...event,
      type: 'case.created',
      action: 'create',
      changes: [
        ...Object.entries({
          title: 'A',
          description: 'D',
          product: 'P',
          type: 'product_problem',
          severity: 'standard',
          priority: 'normal',
          queue: 'support',
          status: 'new',
          contactId: 'alice',
        }).map(([field, after]) => ({ field, after })),
        { field: 'customFields.environment', after: 'prod' },
        { field: 'customFields.internal_ref', after: 'R-1', internal: true },
      ],
    }
    const [main, staffOnly] = draftsOfHistoryEvent(created)
    expect(main?.audience).toBe('account')
    expect(main?.data.case).toMatchObject({ title: 'A', customFields: { environment: 'prod' } })
    expect(JSON.stringify(main)).not.toContain('R-1')
    expect(staffOnly?.audience).toBe('staff')
  })

  it('publishes an update of hidden fields alone to staff only', () => {
    const drafts = draftsOfHistoryEvent({ ...event, changes: [event.changes[1] as CaseEvent['changes'][0]] })
    expect(drafts.map((d) => [d.id, d.audience])).toEqual([['evt_e1', 'staff']])
  })
})

describe('the catalogue', () => {
  const input = {
    key: 'contract_number',
    labels: { de: 'Vertragsnummer', en: 'Contract number' },
    type: 'text' as const,
    caseTypes: [],
    customerVisible: true,
    customerEditable: false,
    active: true,
  }

  it('defines a field once, changes it, and refuses an unknown key', async () => {
    // Arrange
    const fieldAdmin = new InMemoryCaseFields()
    const deps = { fieldAdmin, clock: fixedClock() }

    // Act
    const created = await createCaseField(input, deps)
    const again = await rejectionOf(createCaseField(input, deps))
    const changed = await updateCaseField('contract_number', { active: false }, deps)
    const missing = await rejectionOf(updateCaseField('nope', { active: false }, deps))
    const invalid = await rejectionOf(
      updateCaseField('contract_number', { customerVisible: false, customerEditable: true }, deps),
    )

    // Assert
    expect(created).toMatchObject({ key: 'contract_number', version: 1, active: true })
    expect(again).toBeInstanceOf(ConflictError)
    expect(changed).toMatchObject({ active: false, version: 2 })
    expect(missing).toBeInstanceOf(NotFoundError)
    expect(invalid).toBeInstanceOf(ValidationError)
  })

  it('shows customers only the active customer-visible definitions', async () => {
    const caseFields = new InMemoryCaseFields([
      environment,
      internalRef,
      aCaseField({ key: 'old', active: false }),
    ])
    expect((await listCaseFields(aCustomer(), { caseFields })).map((f) => f.key)).toEqual(['environment'])
    expect(await listCaseFields(sam, { caseFields })).toHaveLength(3)
  })
})
