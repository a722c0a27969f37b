import { describe, expect, it } from 'vitest'
import type { CaseEvent } from '#src/domain/case.ts'
import type { CaseFieldDefinition } from '#src/domain/case-fields.ts'
import { listHistory } from '#src/use-cases/list-history.ts'
import {
  aCase,
  aCaseField,
  aCustomer,
  aStaffMember,
  InMemoryCaseFields,
  InMemoryCaseStore,
  now,
} from '../fakes/core.ts'

const routing = { version: 3, rule: 2, ruleName: 'Premium outages' }

const anEvent = (overrides: Partial<CaseEvent> = {}): CaseEvent => ({
  id: 'e1',
  caseId: 'case-1',
  accountId: 'acme',
  type: 'case.created',
  action: 'create',
  actor: { userId: 'alice', role: 'customer' },
  at: now.toISOString(),
  visibility: 'public',
  changes: [{ field: 'queue', after: 'cloud-ops' }],
  details: { routing },
  ...overrides,
})

function setUp(events: CaseEvent[], fields: CaseFieldDefinition[] = []) {
  const cases = new InMemoryCaseStore({ cases: [aCase()] })
  cases.events.push(...events)
  return { cases, caseFields: new InMemoryCaseFields(fields) }
}

describe('listHistory: the routing of a new case', () => {
  it('shows staff which routing version and rule chose the queue', async () => {
    const deps = setUp([anEvent()])

    const history = await listHistory('case-1', { limit: 25 }, aStaffMember(), deps)

    expect(history.items[0]?.details).toEqual({ routing })
  })

  it('leaves the routing out for customers, and the details with it when nothing else is in them', async () => {
    const deps = setUp([anEvent()])

    const history = await listHistory('case-1', { limit: 25 }, aCustomer(), deps)

    expect(history.items).toHaveLength(1)
    expect(history.items[0]).not.toHaveProperty('details')
    expect(history.items[0]?.changes).toEqual([{ field: 'queue', after: 'cloud-ops' }])
  })

  it('keeps the other details of an event for customers', async () => {
    const deps = setUp([anEvent({ details: { routing, message: 'Filed by mail' } })])

    const history = await listHistory('case-1', { limit: 25 }, aCustomer(), deps)

    expect(history.items[0]?.details).toEqual({ message: 'Filed by mail' })
  })

  it('leaves events without routing as they are', async () => {
    // Arrange
    const escalated = anEvent({ id: 'e2', type: 'case.escalated', action: 'escalate', details: { level: 1 } })
    const deps = setUp([escalated])

    // Act
    const history = await listHistory('case-1', { limit: 25 }, aCustomer(), deps)

    // Assert
    expect(history.items).toEqual([escalated])
  })

  it('leaves out the routing and the hidden custom field changes together', async () => {
    // Arrange
    const deps = setUp(
      [
        anEvent({
          changes: [
            { field: 'queue', after: 'cloud-ops' },
            { field: 'customFields.risk', after: 'high' },
          ],
        }),
      ],
      [aCaseField({ key: 'risk', customerVisible: false, customerEditable: false })],
    )

    // Act
    const history = await listHistory('case-1', { limit: 25 }, aCustomer(), deps)

    // Assert
    expect(history.items).toHaveLength(1)
    expect(history.items[0]).not.toHaveProperty('details')
    expect(history.items[0]?.changes).toEqual([{ field: 'queue', after: 'cloud-ops' }])
  })
})
