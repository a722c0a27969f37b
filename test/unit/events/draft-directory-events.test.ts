import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { eventCatalogue } from '#src/domain/events/catalogue.ts'
import { draftsOfAccountChange, draftsOfContactChange } from '#src/use-cases/events/draft-events.ts'
import { aContact, anAccount } from '../fakes/core.ts'

const recordId = 'c9a1f1e2d5b64d7e8f00a1b2c3d4e5f6'
const expectedId = `evt_${createHash('sha256').update(recordId).digest('hex').slice(0, 32)}`
const streamSaw = '2026-11-25T10:00:05.000Z'

describe('draftsOfContactChange', () => {
  it('publishes contact.created for a registered contact, to customer admins', () => {
    // Arrange
    const contact = aContact({ locale: 'en' })

    // Act
    const drafts = draftsOfContactChange({ after: contact, recordId, at: streamSaw })

    // Assert
    expect(drafts).toEqual([
      {
        id: expectedId,
        type: 'contact.created',
        version: 1,
        time: contact.createdAt,
        accountId: 'acme',
        audience: 'account_admin',
        data: {
          contact: {
            id: 'alice',
            accountId: 'acme',
            email: 'alice@acme.example',
            name: 'Alice',
            role: 'customer',
            active: true,
            locale: 'en',
            createdAt: contact.createdAt,
          },
        },
      },
    ])
    expect(drafts[0]?.id).toMatch(/^evt_[0-9a-f]{32}$/)
  })

  it('publishes contact.erased, never the name and address the erasure replaced', () => {
    // Arrange
    const before = aContact({ active: false, erasureRequestedAt: '2026-12-03T09:00:00.000Z' })
    const after = {
      ...before,
      name: 'Former contact',
      email: 'alice@erased.invalid',
      erasedAt: '2026-12-03T10:00:00.000Z',
      updatedAt: '2026-12-03T10:00:00.000Z',
    }

    // Act
    const drafts = draftsOfContactChange({ before, after, recordId, at: streamSaw })
    const later = draftsOfContactChange({
      before: after,
      after: { ...after, updatedAt: streamSaw },
      recordId,
    })

    // Assert
    expect(drafts).toEqual([
      expect.objectContaining({
        type: 'contact.erased',
        accountId: 'acme',
        audience: 'account_admin',
        data: { contactId: 'alice', erasedAt: '2026-12-03T10:00:00.000Z' },
      }),
    ])
    expect(JSON.stringify(drafts)).not.toContain('Alice')
    expect(eventCatalogue['contact.erased'].data.parse(drafts[0]?.data)).toEqual(drafts[0]?.data)
    expect(later).toEqual([])
  })

  it('publishes contact.updated with only the fields that changed, at the time of the change', () => {
    // Arrange
    const before = aContact({ updatedAt: '2026-02-01T00:00:00.000Z' })
    const after = {
      ...before,
      role: 'customer_admin' as const,
      active: false,
      updatedAt: '2026-11-25T10:00:00.000Z',
    }

    // Act
    const drafts = draftsOfContactChange({ before, after, recordId, at: streamSaw })

    // Assert
    expect(drafts).toEqual([
      expect.objectContaining({
        id: expectedId,
        type: 'contact.updated',
        time: '2026-11-25T10:00:00.000Z',
        accountId: 'acme',
        audience: 'account_admin',
        data: {
          contactId: 'alice',
          changes: [
            { field: 'role', before: 'customer', after: 'customer_admin' },
            { field: 'active', before: true, after: false },
          ],
        },
      }),
    ])
  })

  it('reports a cleared field without an after side, and uses the stream time when updatedAt did not move', () => {
    // Arrange
    const before = aContact({ locale: 'de', updatedAt: '2026-02-01T00:00:00.000Z' })
    const { locale: _cleared, ...after } = before

    // Act
    const drafts = draftsOfContactChange({ before, after, recordId, at: streamSaw })

    // Assert
    expect(drafts[0]?.time).toBe(streamSaw)
    expect(drafts[0]?.data.changes).toStrictEqual([{ field: 'locale', before: 'de' }])
  })

  it('publishes nothing when only the timestamps changed', () => {
    // Arrange
    const before = aContact()
    const after = { ...before, updatedAt: '2026-11-25T10:00:00.000Z' }

    // Act + Assert
    expect(draftsOfContactChange({ before, after, recordId })).toEqual([])
  })
})

describe('draftsOfAccountChange', () => {
  it('publishes account.updated with the settings a customer admin reads (e-mail domains too), not the version', () => {
    // Arrange
    const before = anAccount({ emailDomains: ['acme.example'], version: 3 })
    const after = {
      ...before,
      serviceLevel: 'standard' as const,
      responsibleManagerId: 'mia',
      emailDomains: ['acme.example', 'acme.test'],
      version: 4,
      updatedAt: '2026-11-25T10:00:00.000Z',
    }

    // Act
    const drafts = draftsOfAccountChange({ before, after, recordId, at: streamSaw })

    // Assert
    expect(drafts).toEqual([
      {
        id: expectedId,
        type: 'account.updated',
        version: 1,
        time: '2026-11-25T10:00:00.000Z',
        accountId: 'acme',
        audience: 'account_admin',
        data: {
          changes: [
            { field: 'serviceLevel', before: 'premium', after: 'standard' },
            { field: 'responsibleManagerId', after: 'mia' },
            { field: 'emailDomains', before: ['acme.example'], after: ['acme.example', 'acme.test'] },
          ],
        },
      },
    ])
    expect(eventCatalogue['account.updated'].data.parse(drafts[0]?.data)).toEqual(drafts[0]?.data)
  })

  it('publishes nothing when only the version or timestamps changed', () => {
    // Arrange
    const before = anAccount({ version: 3 })
    const after = {
      ...before,
      version: 4,
      updatedAt: '2026-11-25T10:00:00.000Z',
    }

    // Act + Assert
    expect(draftsOfAccountChange({ before, after, recordId })).toEqual([])
  })

  it('sees no change in a map read with its keys in another order', () => {
    // Arrange
    const before = anAccount({ escalationRecipients: { '1': ['mia'], '2': ['max'] } })
    const after = { ...before, escalationRecipients: { '2': ['max'], '1': ['mia'] } }

    // Act + Assert
    expect(draftsOfAccountChange({ before, after, recordId })).toEqual([])
  })
})
