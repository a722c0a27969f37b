import { describe, expect, it } from 'vitest'
import { ForbiddenError, ValidationError } from '#src/domain/errors.ts'
import type { Queue } from '#src/domain/queues.ts'
import type { Routing } from '#src/domain/routing.ts'
import { type CreateCaseDeps, createCase } from '#src/use-cases/create-case.ts'
import {
  aContact,
  aCreateCaseInput,
  aCustomer,
  aStaffMember,
  fixedClock,
  InMemoryCaseStore,
  InMemoryContactDirectory,
  now,
  rejectionOf,
  sequentialIds,
  slaFakes,
} from '../fakes/core.ts'
import { InMemoryQueueSettings } from '../fakes/queues.ts'

const alice = aContact({ id: 'alice', accountId: 'acme', email: 'alice@acme.example' })
const adam = aContact({ id: 'adam', accountId: 'acme', email: 'adam@acme.example', role: 'customer_admin' })
const gina = aContact({ id: 'gina', accountId: 'globex', email: 'gina@globex.example' })
const formerColleague = aContact({ id: 'otto', accountId: 'acme', email: 'otto@acme.example', active: false })

function setUp(options: { contacts?: ReturnType<typeof aContact>[]; lastSequence?: number } = {}) {
  const cases = new InMemoryCaseStore({ lastSequence: options.lastSequence ?? 1041 })
  const deps: CreateCaseDeps = {
    cases,
    contacts: new InMemoryContactDirectory(options.contacts ?? [alice, adam, gina, formerColleague]),
    clock: fixedClock(),
    ids: sequentialIds(),
    ...slaFakes(),
  }
  return { cases, deps }
}

describe('createCase: the contact', () => {
  it('files the case for the calling contact by default', async () => {
    const { deps } = setUp()

    const created = await createCase(aCreateCaseInput(), aCustomer({ userId: 'alice' }), deps)

    expect(created.contactId).toBe('alice')
    expect(created.accountId).toBe('acme')
  })

  it('files the case for a colleague of the same account', async () => {
    const { deps } = setUp()

    const created = await createCase(
      aCreateCaseInput({ contactId: 'adam' }),
      aCustomer({ userId: 'alice' }),
      deps,
    )

    expect(created.contactId).toBe('adam')
    expect(created.createdBy).toBe('alice')
  })

  it('answers a contact of another account and an unknown contact alike, pointing at /contactId', async () => {
    // Arrange
    const { cases, deps } = setUp()
    const caller = aCustomer({ userId: 'alice' })

    // Act
    const foreign = await rejectionOf(createCase(aCreateCaseInput({ contactId: 'gina' }), caller, deps))
    const unknown = await rejectionOf(createCase(aCreateCaseInput({ contactId: 'nobody' }), caller, deps))

    // Assert
    expect(foreign).toBeInstanceOf(ValidationError)
    expect(unknown).toBeInstanceOf(ValidationError)
    const { message, errors, status } = foreign as ValidationError
    expect({ message, errors, status }).toEqual({
      message: (unknown as ValidationError).message,
      errors: (unknown as ValidationError).errors,
      status: (unknown as ValidationError).status,
    })
    expect(errors).toEqual([expect.objectContaining({ pointer: '/contactId' })])
    expect(cases.inserted).toHaveLength(0)
  })

  it('refuses a deactivated colleague as the contact', async () => {
    const { deps } = setUp()

    const error = await rejectionOf(
      createCase(aCreateCaseInput({ contactId: 'otto' }), aCustomer({ userId: 'alice' }), deps),
    )

    expect((error as ValidationError).errors).toEqual([expect.objectContaining({ pointer: '/contactId' })])
  })

  it('refuses a deactivated caller with 403', async () => {
    const { cases, deps } = setUp()

    const error = await rejectionOf(createCase(aCreateCaseInput(), aCustomer({ userId: 'otto' }), deps))

    expect(error).toBeInstanceOf(ForbiddenError)
    expect((error as ForbiddenError).message).toMatch(/has been deactivated/)
    expect(cases.inserted).toHaveLength(0)
  })

  it('refuses a deactivated caller with 403 also when filing for an active colleague', async () => {
    const { cases, deps } = setUp()

    const error = await rejectionOf(
      createCase(aCreateCaseInput({ contactId: 'alice' }), aCustomer({ userId: 'otto' }), deps),
    )

    expect(error).toBeInstanceOf(ForbiddenError)
    expect(cases.inserted).toHaveLength(0)
  })

  it('refuses a caller whose token names another account than its contact record', async () => {
    const { deps } = setUp()

    const error = await rejectionOf(
      createCase(aCreateCaseInput(), aCustomer({ userId: 'alice', accountId: 'globex' }), deps),
    )

    expect(error).toBeInstanceOf(ForbiddenError)
  })

  it('requires staff to name the contact', async () => {
    const { deps } = setUp()

    const error = await rejectionOf(createCase(aCreateCaseInput(), aStaffMember(), deps))

    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).errors).toEqual([expect.objectContaining({ pointer: '/contactId' })])
  })

  it('files a staff case in the account of the named contact', async () => {
    const { deps } = setUp()

    const created = await createCase(aCreateCaseInput({ contactId: 'gina' }), aStaffMember(), deps)

    expect(created).toMatchObject({ contactId: 'gina', accountId: 'globex', createdBy: 'sam' })
  })

  it('refuses a staff case for an unknown contact, pointing at /contactId', async () => {
    const { deps } = setUp()

    const error = await rejectionOf(
      createCase(aCreateCaseInput({ contactId: 'nobody' }), aStaffMember(), deps),
    )

    expect((error as ValidationError).errors).toEqual([expect.objectContaining({ pointer: '/contactId' })])
  })
})

describe('createCase: priority and queue', () => {
  it('refuses a priority set by a customer, pointing at /priority', async () => {
    const { cases, deps } = setUp()

    const error = await rejectionOf(createCase(aCreateCaseInput({ priority: 'high' }), aCustomer(), deps))

    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).errors).toEqual([expect.objectContaining({ pointer: '/priority' })])
    expect(cases.inserted).toHaveLength(0)
  })

  it('keeps a priority set by staff', async () => {
    const { deps } = setUp()

    const created = await createCase(
      aCreateCaseInput({ contactId: 'alice', severity: 'low', priority: 'high' }),
      aStaffMember(),
      deps,
    )

    expect(created.priority).toBe('high')
  })

  it.each([
    ['critical', 'high'],
    ['urgent', 'high'],
    ['standard', 'normal'],
    ['low', 'low'],
  ] as const)('derives the priority of a %s case: %s', async (severity, priority) => {
    const { deps } = setUp()

    const created = await createCase(
      aCreateCaseInput({ severity, impact: 'Orders stop.' }),
      aCustomer(),
      deps,
    )

    expect(created.priority).toBe(priority)
  })

  it('routes a consulting request to the consulting queue', async () => {
    const { deps } = setUp()

    const created = await createCase(aCreateCaseInput({ type: 'consulting_request' }), aCustomer(), deps)

    expect(created.queue).toBe('consulting')
  })

  it('routes a general inquiry to the support queue', async () => {
    const { deps } = setUp()

    const created = await createCase(aCreateCaseInput({ type: 'general_inquiry' }), aCustomer(), deps)

    expect(created.queue).toBe('support')
  })
})

describe('createCase: the new case', () => {
  it('numbers the case CS-<sequence> from the counter', async () => {
    const { deps } = setUp({ lastSequence: 1041 })

    const created = await createCase(aCreateCaseInput(), aCustomer(), deps)

    expect(created.number).toBe('CS-1042')
  })

  it('starts as new at version 1, created and updated now', async () => {
    const { deps } = setUp()

    const created = await createCase(aCreateCaseInput(), aCustomer(), deps)

    expect(created).toMatchObject({
      status: 'new',
      version: 1,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    })
  })

  it('takes its id from the id generator', async () => {
    const { deps } = setUp()

    const created = await createCase(aCreateCaseInput(), aCustomer(), deps)

    expect(created.id).toBe('id-1')
  })

  it('hands the case and its event to the store together', async () => {
    const { cases, deps } = setUp()

    const created = await createCase(aCreateCaseInput(), aCustomer(), deps)

    expect(cases.inserted).toHaveLength(1)
    expect(cases.inserted[0]?.case).toEqual(created)
    expect(cases.inserted[0]?.event.caseId).toBe(created.id)
  })

  it('records a public case.created event by the caller, now, in the case account', async () => {
    const { cases, deps } = setUp()

    await createCase(
      aCreateCaseInput({ contactId: 'gina' }),
      aStaffMember({ userId: 'sam', role: 'expert' }),
      deps,
    )

    expect(cases.inserted[0]?.event).toMatchObject({
      id: 'id-2',
      type: 'case.created',
      action: 'create',
      actor: { userId: 'sam', role: 'expert' },
      at: now.toISOString(),
      accountId: 'globex',
      visibility: 'public',
    })
  })

  it('records the fields the case starts with as changes from nothing', async () => {
    // Arrange
    const { cases, deps } = setUp()
    const input = aCreateCaseInput({ severity: 'urgent', impact: 'Shipping halted.', component: 'Billing' })

    // Act
    await createCase(input, aCustomer(), deps)

    // Assert
    const changes = cases.inserted[0]?.event.changes ?? []
    expect(changes).toEqual(
      expect.arrayContaining([
        { field: 'title', after: input.title },
        { field: 'description', after: input.description },
        { field: 'product', after: 'ERP' },
        { field: 'component', after: 'Billing' },
        { field: 'impact', after: 'Shipping halted.' },
        { field: 'type', after: 'general_inquiry' },
        { field: 'severity', after: 'urgent' },
        { field: 'priority', after: 'high' },
        { field: 'queue', after: 'support' },
        { field: 'status', after: 'new' },
        { field: 'contactId', after: 'alice' },
      ]),
    )
    expect(changes.every((change) => !('before' in change))).toBe(true)
  })

  it('leaves fields that were not given out of the changes', async () => {
    const { cases, deps } = setUp()

    await createCase(aCreateCaseInput(), aCustomer(), deps)

    const fields = cases.inserted[0]?.event.changes.map((change) => change.field)
    expect(fields).not.toContain('productVersion')
    expect(fields).not.toContain('impact')
  })
})

describe('createCase: routing by the rules', () => {
  /** Queue settings holding routing version 2 (besides the kept seeds) and the cloud-ops queue. */
  async function withRouting(routing: Routing) {
    const queues = new InMemoryQueueSettings()
    await queues.keepSeeds('2026-11-01T00:00:00.000Z')
    queues.queues.set('cloud-ops', {
      id: 'cloud-ops',
      names: { de: 'Cloud', en: 'Cloud' },
      active: true,
      version: 1,
    })
    queues.versions.push({ version: 2, savedAt: '2026-11-02T00:00:00.000Z', definition: routing })
    queues.writes.length = 0
    const { cases, deps } = setUp()
    return { cases, queues, deps: { ...deps, queues } }
  }

  const premiumOutages: Routing = {
    rules: [
      {
        name: 'Premium outages',
        when: { caseTypes: ['cloud_outage'], serviceLevels: ['premium'] },
        queue: 'cloud-ops',
      },
      { when: { products: ['cloud suite'] }, queue: 'cloud-ops' },
    ],
    defaultQueue: 'support',
  }

  it('records the routing version and the rule that chose the queue in the case.created event', async () => {
    const { cases, deps } = await withRouting(premiumOutages)

    const created = await createCase(aCreateCaseInput({ type: 'cloud_outage' }), aCustomer(), deps)

    expect(created.queue).toBe('cloud-ops')
    expect(cases.inserted[0]?.event.details).toEqual({
      routing: { version: 2, rule: 1, ruleName: 'Premium outages' },
    })
  })

  it('routes by the service level of the case’s account', async () => {
    // Arrange: gina's account globex is at the standard level
    const { deps } = await withRouting(premiumOutages)

    // Act
    const premium = await createCase(aCreateCaseInput({ type: 'cloud_outage' }), aCustomer(), deps)
    const standard = await createCase(
      aCreateCaseInput({ type: 'cloud_outage', contactId: 'gina' }),
      aStaffMember(),
      deps,
    )

    // Assert
    expect([premium.queue, standard.queue]).toEqual(['cloud-ops', 'support'])
  })

  it('records an unnamed rule without a name, and the default queue as rule null', async () => {
    // Arrange
    const { cases, deps } = await withRouting(premiumOutages)

    // Act
    await createCase(aCreateCaseInput({ product: ' Cloud Suite' }), aCustomer(), deps)
    await createCase(aCreateCaseInput(), aCustomer(), deps)

    // Assert
    expect(cases.inserted.map((insert) => [insert.case.queue, insert.event.details?.routing])).toEqual([
      ['cloud-ops', { version: 2, rule: 2 }],
      ['support', { version: 2, rule: null }],
    ])
  })

  it('passes over a rule whose queue was deactivated since the routing was saved', async () => {
    // Arrange
    const { cases, queues, deps } = await withRouting(premiumOutages)
    queues.queues.set('cloud-ops', {
      ...(queues.queues.get('cloud-ops') as Queue),
      active: false,
      version: 2,
    })

    // Act
    const created = await createCase(aCreateCaseInput({ type: 'cloud_outage' }), aCustomer(), deps)

    // Assert
    expect(created.queue).toBe('support')
    expect(cases.inserted[0]?.event.details).toEqual({ routing: { version: 2, rule: null } })
    expect(cases.inserted[0]?.event.changes).toContainEqual({ field: 'queue', after: 'support' })
  })

  it('does not keep the seeds again when the routing is stored', async () => {
    const { queues, deps } = await withRouting(premiumOutages)

    await createCase(aCreateCaseInput(), aCustomer(), deps)

    expect(queues.writes).toEqual([])
  })

  it('keeps the seeded routing when it files the first case of a fresh table, once', async () => {
    // Arrange
    const { cases, deps } = setUp()
    const queues = deps.queues as InMemoryQueueSettings

    // Act
    await createCase(aCreateCaseInput({ type: 'consulting_request' }), aCustomer(), deps)
    await createCase(aCreateCaseInput(), aCustomer(), deps)

    // Assert
    expect(queues.writes).toEqual(['seeds'])
    expect(await queues.routing(1)).toMatchObject({ savedAt: now.toISOString() })
    expect(cases.inserted.map((insert) => insert.event.details?.routing)).toEqual([
      { version: 1, rule: 1, ruleName: 'Case types of consulting' },
      { version: 1, rule: null },
    ])
  })
})
