import { describe, expect, it } from 'vitest'
import type { PublishedEvent } from '#src/domain/events/envelope.ts'
import { parseRequestPart } from '#src/http/request.ts'
import { ListEventsQuery } from '#src/http/schemas/events.ts'
import { listEvents } from '#src/use-cases/events/list-events.ts'
import type { EventFeed, FeedQuery } from '#src/use-cases/ports/events.ts'
import { aCustomer, aStaffMember, fixedClock, now, rejectionOf } from '../fakes/core.ts'

const stored: PublishedEvent = {
  id: 'evt_1',
  type: 'contact.created',
  version: 1,
  time: '2026-11-25T09:00:00.000Z',
  accountId: 'acme',
  sequence: 3,
  audience: 'account_admin',
  data: { contact: { id: 'c-1' } },
}

/** A feed that answers one page and records what it was asked. */
function aFeed() {
  const queries: FeedQuery[] = []
  const feed: EventFeed = {
    append: async () => [],
    async read(query) {
      queries.push(query)
      return { items: [stored], nextCursor: 'cursor-3', hasMore: false }
    },
  }
  return { queries, deps: { feed, clock: fixedClock() } }
}

describe('listEvents', () => {
  it('reads as the customer in its role, with the filters and the current time', async () => {
    // Arrange
    const { queries, deps } = aFeed()
    const caller = aCustomer({ accountId: 'acme', role: 'customer_admin' })

    // Act
    await listEvents(
      { after: 'cursor-2', types: ['contact.created'], caseId: 'case-1', limit: 10 },
      caller,
      deps,
    )

    // Assert
    expect(queries).toEqual([
      {
        reader: { kind: 'account', accountId: 'acme', role: 'customer_admin' },
        after: 'cursor-2',
        types: ['contact.created'],
        caseId: 'case-1',
        limit: 10,
        now,
      },
    ])
  })

  it('reads every account for staff', async () => {
    // Arrange
    const { queries, deps } = aFeed()

    // Act
    await listEvents({ limit: 25 }, aStaffMember({ role: 'agent' }), deps)

    // Assert
    expect(queries[0]?.reader).toEqual({ kind: 'staff' })
  })

  it('answers the envelopes without whom they are meant for, the cursor and whether more is readable', async () => {
    // Arrange
    const { deps } = aFeed()

    // Act
    const page = await listEvents({ limit: 25 }, aStaffMember(), deps)

    // Assert
    const { audience: _audience, ...envelope } = stored
    expect(page).toEqual({ items: [envelope], nextCursor: 'cursor-3', hasMore: false })
  })
})

describe('the change feed’s query', () => {
  it('takes the types comma-separated, each once, and a limit of 25 by default', () => {
    // Act
    const query = parseRequestPart(
      ListEventsQuery,
      { type: 'case.created, case.commented,case.created' },
      'query',
    )

    // Assert
    expect(query).toEqual({ type: ['case.created', 'case.commented'], limit: 25 })
  })

  it('refuses an unknown type, naming it and the parameter', async () => {
    // Act
    const error = await rejectionOf(
      (async () => parseRequestPart(ListEventsQuery, { type: 'case.created,case.exploded' }, 'query'))(),
    )

    // Assert
    expect(error).toMatchObject({
      status: 400,
      errors: [{ parameter: 'type', detail: expect.stringContaining('"case.exploded"') }],
    })
  })

  it('refuses a limit outside 1–100', async () => {
    // Act
    const error = await rejectionOf(
      (async () => parseRequestPart(ListEventsQuery, { limit: '101' }, 'query'))(),
    )

    // Assert
    expect(error).toMatchObject({ status: 400, errors: [{ parameter: 'limit' }] })
  })
})
