import { describe, expect, it } from 'vitest'
import { endedAt, isPastRetention, retentionCutoff } from '#src/domain/retention.ts'
import { CreateAccountBody, UpdateAccountBody } from '#src/http/schemas/accounts.ts'

const created = '2031-01-01T09:00:00.000Z'

describe('the retention cutoff', () => {
  it('is the given number of whole days before now', () => {
    // Act
    const cutoff = retentionCutoff(new Date('2031-03-02T00:00:00.000Z'), 30)

    // Assert
    expect(cutoff.toISOString()).toBe('2031-01-31T00:00:00.000Z')
  })
})

describe('a case past its retention', () => {
  const cutoff = new Date('2031-02-01T00:00:00.000Z')

  it.each([
    ['closed before the cutoff', { status: 'closed', closedAt: '2031-01-31T23:59:59.999Z' }, true],
    ['cancelled before the cutoff', { status: 'cancelled', cancelledAt: '2031-01-15T10:00:00.000Z' }, true],
    ['closed exactly at the cutoff', { status: 'closed', closedAt: '2031-02-01T00:00:00.000Z' }, false],
    [
      'cancelled exactly at the cutoff',
      { status: 'cancelled', cancelledAt: '2031-02-01T00:00:00.000Z' },
      false,
    ],
    ['closed after the cutoff', { status: 'closed', closedAt: '2031-02-01T00:00:00.001Z' }, false],
    ['still open, however old', { status: 'in_progress' }, false],
    [
      'still open with a stale closing time',
      { status: 'pending_closure', closedAt: '2031-01-02T00:00:00.000Z' },
      false,
    ],
  ])('%s: %s', (_, c, expected) => {
    // Act
    const past = isPastRetention({ createdAt: created, ...c }, cutoff)

    // Assert
    expect(past).toBe(expected)
  })

  it('ended when it was closed, or when it was cancelled', () => {
    // Assert
    expect(endedAt({ status: 'closed', createdAt: created, closedAt: '2031-01-05T00:00:00.000Z' })).toBe(
      '2031-01-05T00:00:00.000Z',
    )
    expect(
      endedAt({ status: 'cancelled', createdAt: created, cancelledAt: '2031-01-06T00:00:00.000Z' }),
    ).toBe('2031-01-06T00:00:00.000Z')
    expect(endedAt({ status: 'open', createdAt: created })).toBeUndefined()
  })
})

describe('retainClosedCasesDays in the account bodies', () => {
  const account = { name: 'Initech', serviceLevel: 'standard', locale: 'en', calendarId: 'vienna' }

  it.each([[1], [30], [3650]])('takes %j days on create and on change', (days) => {
    // Act
    const created = CreateAccountBody.safeParse({ ...account, retainClosedCasesDays: days })
    const changed = UpdateAccountBody.safeParse({ retainClosedCasesDays: days })

    // Assert
    expect(created.success && created.data.retainClosedCasesDays).toBe(days)
    expect(changed.success && changed.data.retainClosedCasesDays).toBe(days)
  })

  it.each([[0], [3651], [1.5], ['30']])('refuses %j', (days) => {
    // Assert
    expect(CreateAccountBody.safeParse({ ...account, retainClosedCasesDays: days }).success).toBe(false)
    expect(UpdateAccountBody.safeParse({ retainClosedCasesDays: days }).success).toBe(false)
  })

  it('takes null on change only: keep ended cases for good again', () => {
    // Assert
    expect(UpdateAccountBody.parse({ retainClosedCasesDays: null })).toEqual({ retainClosedCasesDays: null })
    expect(CreateAccountBody.safeParse({ ...account, retainClosedCasesDays: null }).success).toBe(false)
  })
})
