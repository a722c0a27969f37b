import { describe, expect, it } from 'vitest'
import {
  type ApiResult,
  allItems,
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
