import { describe, expect, it } from 'vitest'
import { nextPageCursor } from '../../../clients/typescript/src/exports.ts'
import {
  type ApiResult,
  allContactExportLines,
  allEvents,
  allExportedCases,
  allItems,
  createCaselineClient,
  dataOf,
  idempotent,
  ProblemError,
  updateWithRetry,
} from '../../../clients/typescript/src/index.ts'

/** An openapi-fetch-shaped result: the body as `data` when 2xx, as `error` otherwise. */
function answer<Data>(status: number, body: unknown, headers: Record<string, string> = {}): ApiResult<Data> {
  const response = new Response(null, { status, headers })
  return status < 300 ? { data: body as Data, response } : { error: body, response }
}

const problem = (status: number, title = 'Conflict') => ({
  type: '/problems/x',
  title,
  status,
  detail: `${title}.`,
})

describe('idempotent', () => {
  it('sends the same key again after a network error and a 409, then returns the body', async () => {
    // Arrange
    const keys: string[] = []
    const answers = [
      () => Promise.reject(new TypeError('fetch failed')),
      () => answer(409, problem(409)),
      () => answer(201, { id: 'c1' }),
    ]

    // Act
    const created = await idempotent(
      async (key) => {
        keys.push(key)
        return (answers[keys.length - 1] as () => Promise<ApiResult<{ id: string }>>)()
      },
      { delayMs: 0 },
    )

    // Assert
    expect(created).toEqual({ id: 'c1' })
    expect(keys).toHaveLength(3)
    expect(new Set(keys).size).toBe(1)
  })

  it('makes a new key per call, and does not retry a final answer (400)', async () => {
    const keys: string[] = []
    const send = async (key: string) => {
      keys.push(key)
      return answer<never>(400, problem(400, 'Invalid request'))
    }

    await expect(idempotent(send, { delayMs: 0 })).rejects.toBeInstanceOf(ProblemError)
    await expect(idempotent(send, { delayMs: 0 })).rejects.toMatchObject({ status: 400 })

    expect(keys).toHaveLength(2)
    expect(keys[0]).not.toBe(keys[1])
  })

  it('gives up after the bounded attempts with the last answer', async () => {
    let sent = 0
    const send = async () => {
      sent++
      return answer<never>(503, problem(503, 'Service unavailable'))
    }

    await expect(idempotent(send, { attempts: 2, delayMs: 0 })).rejects.toMatchObject({ status: 503 })
    expect(sent).toBe(2)
  })
})

describe('allItems', () => {
  it('follows nextCursor until it is null', async () => {
    const cursors: (string | undefined)[] = []
    const pages: Record<string, { items: number[]; nextCursor: string | null }> = {
      first: { items: [1, 2], nextCursor: 'b' },
      b: { items: [3], nextCursor: null },
    }

    const items: number[] = []
    for await (const item of allItems(async (cursor: string | undefined) => {
      cursors.push(cursor)
      return answer<{ items: number[]; nextCursor: string | null }>(200, pages[cursor ?? 'first'])
    }))
      items.push(item)

    expect(items).toEqual([1, 2, 3])
    expect(cursors).toEqual([undefined, 'b'])
  })
})

/** A client whose `fetch` answers from `answers` by the request's query, recording each request's URL. */
function clientAnswering(answerFor: (url: URL) => Response) {
  const requested: URL[] = []
  const fakeFetch: typeof fetch = async (input) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    requested.push(url)
    return answerFor(url)
  }
  return { client: createCaselineClient({ baseUrl: 'https://api.example', fetch: fakeFetch }), requested }
}

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } })
const ndjson = (lines: unknown[], headers: Record<string, string> = {}) =>
  new Response(lines.map((line) => `${JSON.stringify(line)}\n`).join(''), {
    headers: { 'content-type': 'application/x-ndjson', ...headers },
  })

describe('allEvents', () => {
  const event = (sequence: number) => ({
    id: `e${sequence}`,
    type: 'case.created',
    version: 1,
    time: '2026-01-01T00:00:00.000Z',
    sequence,
    data: {},
  })
  const feed: Record<string, { items: ReturnType<typeof event>[]; nextCursor: string; hasMore: boolean }> = {
    start: { items: [event(1), event(2)], nextCursor: 'c2', hasMore: true },
    c2: { items: [event(3), event(4)], nextCursor: 'c4', hasMore: true },
    c4: { items: [event(5)], nextCursor: 'c5', hasMore: false },
    // Up to date: nothing new yet.
    c5: { items: [], nextCursor: 'c5', hasMore: false },
  }
  const feedClient = () => clientAnswering((url) => json(feed[url.searchParams.get('after') ?? 'start']))

  it('follows nextCursor as after until hasMore is false, passing the filters on every page', async () => {
    // Arrange
    const { client, requested } = feedClient()

    // Act
    const sequences: number[] = []
    const events = allEvents(client, { types: ['case.created', 'case.commented'], limit: 2 })
    for await (const item of events) sequences.push(item.sequence)

    // Assert
    expect(sequences).toEqual([1, 2, 3, 4, 5])
    expect(requested.map((url) => url.searchParams.get('after'))).toEqual([null, 'c2', 'c4'])
    for (const url of requested) {
      expect(url.searchParams.get('type')).toBe('case.created,case.commented')
      expect(url.searchParams.get('limit')).toBe('2')
    }
    expect(events.position).toBe('c5')
  })

  it("moves position to a page's cursor as its last event is handed out, so a stop never skips an event", async () => {
    // Arrange
    const { client } = feedClient()
    const events = allEvents(client)
    const positions: (string | undefined)[] = []

    // Act
    for await (const item of events) {
      positions.push(events.position)
      if (item.sequence === 3) break
    }
    const resumed: number[] = []
    for await (const item of allEvents(client, { after: events.position })) resumed.push(item.sequence)

    // Assert: stopped in the middle of the second page, the walk resumes at its start
    expect(positions).toEqual([undefined, 'c2', 'c2'])
    expect(resumed).toEqual([3, 4, 5])
  })

  it('goes on from position when iterated again (polling)', async () => {
    const { client, requested } = feedClient()
    const events = allEvents(client, { after: 'c2' })

    const first: number[] = []
    for await (const item of events) first.push(item.sequence)
    const again: number[] = []
    for await (const item of events) again.push(item.sequence)

    expect(first).toEqual([3, 4, 5])
    expect(requested.at(-1)?.searchParams.get('after')).toBe('c5')
    expect(again).toEqual([])
    expect(events.position).toBe('c5')
  })

  it('throws a ProblemError for an error answer', async () => {
    const { client } = clientAnswering(
      () =>
        new Response(JSON.stringify(problem(400, 'Invalid request')), {
          status: 400,
          headers: { 'content-type': 'application/problem+json' },
        }),
    )

    await expect(
      allEvents(client, { after: 'foreign' })[Symbol.asyncIterator]().next(),
    ).rejects.toMatchObject({
      name: 'ProblemError',
      status: 400,
    })
  })
})

describe('allExportedCases', () => {
  it('reads every line of every page, following X-Next-Cursor until a page comes without it', async () => {
    // Arrange
    const pages: Record<string, Response> = {
      first: ndjson([{ id: 'a' }, { id: 'b' }], { 'x-next-cursor': 'n1' }),
      n1: ndjson([{ id: 'c' }], { 'x-next-cursor': 'n2' }),
      // A full last page may still name a cursor, whose page is empty.
      n2: new Response(null, { headers: { 'content-type': 'application/x-ndjson', 'content-length': '0' } }),
    }
    const { client, requested } = clientAnswering(
      (url) => pages[url.searchParams.get('cursor') ?? 'first'] as Response,
    )

    // Act
    const ids: string[] = []
    for await (const c of allExportedCases(client, { from: '2026-01-01', to: '2026-01-31', limit: 2 }))
      ids.push(c.id)

    // Assert
    expect(ids).toEqual(['a', 'b', 'c'])
    expect(requested.map((url) => url.searchParams.get('cursor'))).toEqual([null, 'n1', 'n2'])
    expect(requested.every((url) => url.searchParams.get('from') === '2026-01-01')).toBe(true)
  })
})

describe('allContactExportLines', () => {
  it('follows the Link header rel="next" with its cursor until a page comes without one', async () => {
    // Arrange
    const path = '/v1/accounts/acme/contacts/c1/export'
    const pages: Record<string, Response> = {
      first: ndjson([{ section: 'profile', record: {} }], {
        link: `<${path}?cursor=p%2B2&limit=1>; rel="next"`,
      }),
      'p+2': ndjson([{ section: 'cases', record: { id: 'x' } }]),
    }
    const { client, requested } = clientAnswering(
      (url) => pages[url.searchParams.get('cursor') ?? 'first'] as Response,
    )

    // Act
    const sections: string[] = []
    for await (const line of allContactExportLines(client, { accountId: 'acme', contactId: 'c1', limit: 1 }))
      sections.push(line.section)

    // Assert
    expect(sections).toEqual(['profile', 'cases'])
    expect(requested.map((url) => url.pathname)).toEqual([path, path])
    expect(requested.map((url) => url.searchParams.get('cursor'))).toEqual([null, 'p+2'])
  })
})

describe('nextPageCursor', () => {
  it('takes the cursor of the rel="next" link among others, and none without one', () => {
    expect(nextPageCursor('</v1/x?cursor=abc&limit=2>; rel="next"')).toBe('abc')
    expect(nextPageCursor('</v1/x?cursor=old>; rel="prev", </v1/x?cursor=new>; rel=next')).toBe('new')
    expect(nextPageCursor('</v1/x?cursor=abc>; rel="prev"')).toBeUndefined()
    expect(nextPageCursor(null)).toBeUndefined()
    expect(() => nextPageCursor('</v1/x?limit=2>; rel="next"')).toThrow(/names no cursor/)
  })
})

describe('updateWithRetry', () => {
  it('does not retry another error than 412', async () => {
    let writes = 0
    const attempt = updateWithRetry({
      read: async () => answer<{ v: number }>(200, { v: 1 }, { etag: '"1"' }),
      modify: (current) => ({ v: current.v + 1 }),
      write: async () => {
        writes++
        return answer<never>(403, problem(403, 'Forbidden'))
      },
    })

    await expect(attempt).rejects.toMatchObject({ status: 403 })
    expect(writes).toBe(1)
  })
})

describe('dataOf', () => {
  it('turns an error body that is no problem document into a ProblemError from the status', () => {
    const result = { error: '<html>Bad gateway</html>', response: new Response(null, { status: 502 }) }

    expect(() => dataOf(result)).toThrow(ProblemError)
    expect(() => dataOf(result)).toThrow(expect.objectContaining({ status: 502, fieldErrors: [] }))
  })
})
