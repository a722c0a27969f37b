import { describe, expect, it } from 'vitest'
import type { Case } from '#src/domain/case.ts'
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from '#src/domain/errors.ts'
import type { Queue } from '#src/domain/queues.ts'
import { type UpdateCaseDeps, type UpdateCaseInput, updateCase } from '#src/use-cases/update-case.ts'
import {
  aCase,
  aCustomer,
  aStaffMember,
  aStaffRecord,
  fixedClock,
  InMemoryCaseStore,
  InMemoryStaffDirectory,
  now,
  rejectionOf,
  sequentialIds,
  slaFakes,
} from '../fakes/core.ts'
import { InMemoryQueueSettings } from '../fakes/queues.ts'

function setUp(c: Case = aCase({ version: 3 }), options: Partial<UpdateCaseDeps> = {}) {
  const cases = new InMemoryCaseStore({ cases: [c] })
  const deps: UpdateCaseDeps = {
    cases,
    staff: new InMemoryStaffDirectory([
      aStaffRecord({ id: 'sam' }),
      aStaffRecord({ id: 'erin', role: 'expert' }),
      aStaffRecord({ id: 'leaver', active: false }),
    ]),
    clock: fixedClock(),
    ids: sequentialIds(),
    ...slaFakes(),
    ...options,
  }
  return { cases, deps }
}

describe('updateCase: the version guard', () => {
  it('saves the edit as the next version with one case.updated event', async () => {
    // Arrange
    const { cases, deps } = setUp()

    // Act
    const updated = await updateCase('case-1', 3, { title: 'Invoices print blank' }, aCustomer(), deps)

    // Assert
    expect(updated).toMatchObject({ title: 'Invoices print blank', version: 4, updatedAt: now.toISOString() })
    expect(cases.cases.get('case-1')).toEqual(updated)
    expect(cases.events).toEqual([
      {
        id: 'id-1',
        caseId: 'case-1',
        accountId: 'acme',
        type: 'case.updated',
        action: 'update',
        actor: { userId: 'alice', role: 'customer' },
        at: now.toISOString(),
        visibility: 'public',
        changes: [{ field: 'title', before: 'Invoices fail to print', after: 'Invoices print blank' }],
      },
    ])
  })

  it('answers 412 for an If-Match that is not the current version, before anything else', async () => {
    // Arrange: the customer would otherwise be refused for the staff field (403).
    const { cases, deps } = setUp()

    // Act
    const error = await rejectionOf(updateCase('case-1', 2, { priority: 'high' }, aCustomer(), deps))

    // Assert
    expect(error).toBeInstanceOf(PreconditionFailedError)
    expect((error as PreconditionFailedError).status).toBe(412)
    expect((error as Error).message).toContain('version 3')
    expect(cases.events).toEqual([])
  })

  it('applies If-Match: * to the version it reads, whatever that is', async () => {
    const { cases, deps } = setUp()

    const updated = await updateCase('case-1', 'any', { title: 'Invoices print blank' }, aCustomer(), deps)

    expect(updated.version).toBe(4)
    expect(cases.cases.get('case-1')?.title).toBe('Invoices print blank')
  })

  it('answers If-Match: * with 412 too when another writer saves between the read and the write', async () => {
    const { cases, deps } = setUp()
    cases.failNextSaveAsStale = true

    const error = await rejectionOf(updateCase('case-1', 'any', { priority: 'high' }, aStaffMember(), deps))

    expect(error).toBeInstanceOf(PreconditionFailedError)
  })

  it('answers If-Match: * with 404 when there is no such case', async () => {
    const { deps } = setUp()

    const error = await rejectionOf(updateCase('case-9', 'any', { title: 'New' }, aCustomer(), deps))

    expect(error).toBeInstanceOf(NotFoundError)
  })

  it('answers 412 when another writer saves between the read and the write', async () => {
    const { cases, deps } = setUp()
    cases.failNextSaveAsStale = true

    const error = await rejectionOf(updateCase('case-1', 3, { priority: 'high' }, aStaffMember(), deps))

    expect(error).toBeInstanceOf(PreconditionFailedError)
    expect(cases.cases.get('case-1')?.priority).toBe('normal')
    expect(cases.events).toEqual([])
  })

  it('does not tell a client who lost the race that the case is still at the version it sent', async () => {
    // Arrange: the client read version 3; another writer saves version 4 between our read and write.
    const { cases, deps } = setUp()
    cases.failNextSaveAsStale = true

    // Act
    const error = await rejectionOf(updateCase('case-1', 3, { priority: 'high' }, aStaffMember(), deps))

    // Assert: "it is at version 3" next to `If-Match: "3"` contradicts the 412 itself.
    expect(error).toBeInstanceOf(PreconditionFailedError)
    expect((error as Error).message).not.toContain('at version 3')
  })

  it('passes on a failure of the store that is not a version conflict', async () => {
    const { cases, deps } = setUp()
    cases.saveCaseChange = async () => {
      throw new Error('DynamoDB is down')
    }

    await expect(updateCase('case-1', 3, { priority: 'high' }, aStaffMember(), deps)).rejects.toThrow(
      'DynamoDB is down',
    )
  })

  it('answers 404 for a case of another account', async () => {
    const { deps } = setUp(aCase({ version: 3, accountId: 'globex' }))

    await expect(updateCase('case-1', 3, { title: 'Mine now' }, aCustomer(), deps)).rejects.toThrow(
      NotFoundError,
    )
  })

  it('returns the case unchanged, without a new version or event, when nothing changes', async () => {
    const { cases, deps } = setUp(aCase({ version: 3, priority: 'high', title: 'Same' }))

    const result = await updateCase('case-1', 3, { priority: 'high', title: 'Same' }, aStaffMember(), deps)

    expect(result.version).toBe(3)
    expect(result).toEqual(cases.cases.get('case-1'))
    expect(cases.events).toEqual([])
  })

  it.each(['closed', 'cancelled'] as const)('refuses to edit a %s case with 409', async (status) => {
    const { cases, deps } = setUp(aCase({ version: 3, status }))

    await expect(updateCase('case-1', 3, { priority: 'high' }, aStaffMember(), deps)).rejects.toThrow(
      ConflictError,
    )
    expect(cases.events).toEqual([])
  })
})

describe('updateCase: what customers may edit', () => {
  it.each(['new', 'open'] as const)('lets a customer edit the details of a %s case', async (status) => {
    const { deps } = setUp(aCase({ version: 3, status }))

    const updated = await updateCase(
      'case-1',
      3,
      { description: 'Also on page 2.', productVersion: '7.1', component: 'Printing' },
      aCustomer(),
      deps,
    )

    expect(updated).toMatchObject({
      description: 'Also on page 2.',
      productVersion: '7.1',
      component: 'Printing',
    })
  })

  it.each(['in_progress', 'waiting_on_customer', 'solution_proposed', 'pending_closure'] as const)(
    'refuses a customer edit of a %s case with 409 pointing to comments',
    async (status) => {
      const { cases, deps } = setUp(aCase({ version: 3, status }))

      const error = await rejectionOf(updateCase('case-1', 3, { title: 'Still broken' }, aCustomer(), deps))

      expect(error).toBeInstanceOf(ConflictError)
      expect((error as Error).message).toContain(status)
      expect((error as Error).message).toContain('comment')
      expect(cases.events).toEqual([])
    },
  )

  it.each<UpdateCaseInput>([
    { severity: 'urgent', severityReason: 'It got worse.' },
    { priority: 'high' },
    { assigneeId: 'sam' },
    { assigneeId: null },
    { queue: 'consulting' },
    { tier: 3 },
  ])('refuses a customer changing the staff field in %o with 403', async (input) => {
    const { cases, deps } = setUp()

    const error = await rejectionOf(
      updateCase('case-1', 3, { title: 'New title', ...input }, aCustomer(), deps),
    )

    expect(error).toBeInstanceOf(ForbiddenError)
    expect((error as Error).message).toContain(Object.keys(input)[0])
    expect(cases.cases.get('case-1')?.title).toBe('Invoices fail to print')
  })
})

describe('updateCase: what staff change', () => {
  it('keeps the severity reason in the event details', async () => {
    // Arrange
    const { cases, deps } = setUp()
    const input = { severity: 'low', severityReason: 'Only a test system.' } as const

    // Act
    const updated = await updateCase('case-1', 3, input, aStaffMember(), deps)

    // Assert
    expect(updated.severity).toBe('low')
    expect(updated).not.toHaveProperty('severityReason')
    expect(cases.events[0]?.changes).toEqual([{ field: 'severity', before: 'standard', after: 'low' }])
    expect(cases.events[0]?.details).toEqual({ severityReason: 'Only a test system.' })
  })

  it.each(['critical', 'urgent'] as const)(
    'requires an impact statement when raising to %s',
    async (severity) => {
      const { cases, deps } = setUp()

      const error = await rejectionOf(
        updateCase('case-1', 3, { severity, severityReason: 'Production is down.' }, aStaffMember(), deps),
      )

      expect(error).toBeInstanceOf(ValidationError)
      expect((error as ValidationError).errors).toEqual([expect.objectContaining({ pointer: '/impact' })])
      expect(cases.events).toEqual([])
    },
  )

  it('raises to critical with the impact given in the same edit', async () => {
    const { deps } = setUp()

    const updated = await updateCase(
      'case-1',
      3,
      { severity: 'critical', severityReason: 'Down.', impact: 'No invoices go out.' },
      aStaffMember(),
      deps,
    )

    expect(updated).toMatchObject({ severity: 'critical', impact: 'No invoices go out.' })
  })

  it('raises to urgent when the case already states its impact', async () => {
    const { deps } = setUp(aCase({ version: 3, impact: 'Month-end billing blocked.' }))

    const updated = await updateCase(
      'case-1',
      3,
      { severity: 'urgent', severityReason: 'Month end.' },
      aStaffMember(),
      deps,
    )

    expect(updated.severity).toBe('urgent')
  })

  it('assigns the case to an active staff member', async () => {
    const { cases, deps } = setUp()

    const updated = await updateCase('case-1', 3, { assigneeId: 'erin', tier: 3 }, aStaffMember(), deps)

    expect(updated).toMatchObject({ assigneeId: 'erin', tier: 3 })
    expect(cases.events[0]?.changes).toEqual([
      { field: 'tier', before: 2, after: 3 },
      { field: 'assigneeId', before: undefined, after: 'erin' },
    ])
  })

  it.each(['leaver', 'nobody'])(
    'refuses the assignee %s (inactive or unknown) with 400 at /assigneeId',
    async (id) => {
      const { cases, deps } = setUp()

      const error = await rejectionOf(updateCase('case-1', 3, { assigneeId: id }, aStaffMember(), deps))

      expect(error).toBeInstanceOf(ValidationError)
      expect((error as ValidationError).status).toBe(400)
      expect((error as ValidationError).errors).toEqual([expect.objectContaining({ pointer: '/assigneeId' })])
      expect(cases.events).toEqual([])
    },
  )

  it('unassigns the case when assigneeId is null', async () => {
    // Arrange
    const { cases, deps } = setUp(aCase({ version: 3, assigneeId: 'sam' }))

    // Act
    const updated = await updateCase('case-1', 3, { assigneeId: null }, aStaffMember(), deps)

    // Assert
    expect(updated).not.toHaveProperty('assigneeId')
    expect(cases.cases.get('case-1')).not.toHaveProperty('assigneeId')
    expect(cases.events[0]?.changes).toEqual([{ field: 'assigneeId', before: 'sam', after: undefined }])
  })

  it('moves the case to a known queue', async () => {
    const { deps } = setUp()

    const updated = await updateCase('case-1', 3, { queue: 'consulting' }, aStaffMember(), deps)

    expect(updated.queue).toBe('consulting')
  })

  it('refuses an unknown queue with 400 at /queue, naming the known ones', async () => {
    const { deps } = setUp()

    const error = await rejectionOf(updateCase('case-1', 3, { queue: 'nowhere' }, aStaffMember(), deps))

    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).errors).toEqual([
      { pointer: '/queue', detail: 'is not a queue; the active queues are consulting, support' },
    ])
  })

  it('moves a case to any active queue, never to an inactive one', async () => {
    // Arrange
    const queues = new InMemoryQueueSettings()
    await queues.keepSeeds('2026-11-25T10:00:00.000Z')
    queues.queues.set('cloud-ops', {
      id: 'cloud-ops',
      names: { de: 'Cloud', en: 'Cloud' },
      active: true,
      version: 1,
    })
    queues.queues.set('consulting', { ...(queues.queues.get('consulting') as Queue), active: false })
    const { deps } = setUp(aCase({ version: 3 }), { queues })

    // Act
    const updated = await updateCase('case-1', 3, { queue: 'cloud-ops' }, aStaffMember(), deps)
    const error = await rejectionOf(updateCase('case-1', 4, { queue: 'consulting' }, aStaffMember(), deps))

    // Assert
    expect(updated.queue).toBe('cloud-ops')
    expect((error as ValidationError).errors).toEqual([
      { pointer: '/queue', detail: 'queue consulting is inactive' },
    ])
  })

  it('keeps a case in its queue when the change names the queue it is in, inactive or not', async () => {
    const queues = new InMemoryQueueSettings()
    await queues.keepSeeds('2026-11-25T10:00:00.000Z')
    queues.queues.set('consulting', { ...(queues.queues.get('consulting') as Queue), active: false })
    const { deps } = setUp(aCase({ version: 3, queue: 'consulting' }), { queues })

    const updated = await updateCase(
      'case-1',
      3,
      { queue: 'consulting', priority: 'high' },
      aStaffMember(),
      deps,
    )

    expect(updated).toMatchObject({ queue: 'consulting', priority: 'high' })
  })
})

describe('updateCase: tags', () => {
  it('adds and removes tags, records the change as internal and derives the labels', async () => {
    // Arrange
    const { cases, deps } = setUp(
      aCase({ version: 3, tags: ['old'], labels: ['field:region:emea', 'tag:old'] }),
    )

    // Act
    const updated = await updateCase(
      'case-1',
      3,
      { tags: { add: ['vip', 'billing'], remove: ['old'] } },
      aStaffMember(),
      deps,
    )

    // Assert
    expect(updated).toMatchObject({
      tags: ['billing', 'vip'],
      labels: ['field:region:emea', 'tag:billing', 'tag:vip'],
      version: 4,
    })
    expect(cases.events.at(-1)?.changes).toEqual([
      { field: 'tags', before: ['old'], after: ['billing', 'vip'], internal: true },
    ])
  })

  it('changes nothing when the tags stay as they are (idempotent)', async () => {
    const { cases, deps } = setUp(aCase({ version: 3, tags: ['vip'], labels: ['tag:vip'] }))

    const same = await updateCase(
      'case-1',
      3,
      { tags: { add: ['vip'], remove: ['absent'] } },
      aStaffMember(),
      deps,
    )

    expect(same.version).toBe(3)
    expect(cases.events).toEqual([])
  })

  it('drops the tags and labels when the last tag goes', async () => {
    const { deps } = setUp(aCase({ version: 3, tags: ['vip'], labels: ['tag:vip'] }))

    const updated = await updateCase('case-1', 3, { tags: { remove: ['vip'] } }, aStaffMember(), deps)

    expect(updated).not.toHaveProperty('tags')
    expect(updated).not.toHaveProperty('labels')
  })

  it('refuses more than 20 tags with 400 at /tags/add', async () => {
    const full = Array.from({ length: 20 }, (_, i) => `t${i}`)
    const { cases, deps } = setUp(aCase({ version: 3, tags: full }))

    const error = await rejectionOf(
      updateCase('case-1', 3, { tags: { add: ['one-more'] } }, aStaffMember(), deps),
    )

    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).errors).toEqual([
      { pointer: '/tags/add', detail: 'a case has at most 20 tags' },
    ])
    expect(cases.events).toEqual([])
  })

  it('refuses customers tags with 403, like the other staff fields', async () => {
    const { deps } = setUp()

    await expect(updateCase('case-1', 3, { tags: { add: ['mine'] } }, aCustomer(), deps)).rejects.toThrow(
      ForbiddenError,
    )
  })

  it('hands the store the case it read, so the label items move from it', async () => {
    // Arrange
    const read = aCase({ version: 3 })
    const { cases, deps } = setUp(read)
    const previous: unknown[] = []
    const save = cases.saveCaseChange.bind(cases)
    cases.saveCaseChange = async (change, before) => {
      previous.push(before)
      return save(change, before)
    }

    // Act
    await updateCase('case-1', 3, { tags: { add: ['vip'] } }, aStaffMember(), deps)

    // Assert
    expect(previous).toEqual([read])
  })
})
