import { beforeAll, describe, expect, it } from 'vitest'
import { portalQuickstart } from '../../clients/typescript/examples/portal-quickstart.ts'
import {
  allItems,
  type CaseChange,
  type CaselineClient,
  createCaselineClient,
  idempotent,
  ProblemError,
  updateWithRetry,
  uploadFile,
  waitUntilChecked,
} from '../../clients/typescript/src/index.ts'
import { useLocalApi } from './local-api.ts'

const api = useLocalApi()

/** A `fetch` that loses the answer of the first request `matches` picks: the server did the work, the caller never hears. */
function losingFirstAnswer(matches: (method: string, url: string) => boolean) {
  const sent: string[] = []
  let lost = false
  const lossyFetch: typeof fetch = async (input, init) => {
    const method = input instanceof Request ? input.method : (init?.method ?? 'GET')
    const url = input instanceof Request ? input.url : String(input)
    const response = await fetch(input, init)
    if (!matches(method, url)) return response
    sent.push(input instanceof Request ? (input.headers.get('idempotency-key') ?? '') : '')
    if (lost) return response
    lost = true
    throw new TypeError('fetch failed: the connection was reset')
  }
  return { lossyFetch, sent }
}

describe('the typed TypeScript client against the local runtime', () => {
  let alice: CaselineClient
  let sam: CaselineClient
  let gina: CaselineClient

  const client = (token: string, fetchImpl?: typeof fetch) =>
    createCaselineClient({ baseUrl: api.url, token, ...(fetchImpl ? { fetch: fetchImpl } : {}) })

  const fileCase = (as: CaselineClient, title: string) =>
    idempotent((key) =>
      as.POST('/v1/cases', {
        params: { header: { 'Idempotency-Key': key } },
        body: { title, description: `${title}, described.`, product: 'Caseline ERP' },
      }),
    )

  beforeAll(async () => {
    alice = client(await api.tokenFor('alice@acme.example'))
    sam = client(await api.tokenFor('sam@vendor.example'))
    gina = client(await api.tokenFor('gina@globex.example'))
  })

  it('pages through every case following nextCursor, one request per page', async () => {
    // Arrange
    for (let n = 1; n <= 5; n++) await fileCase(gina, `Paged case ${n}`)
    const wholeList = await gina.GET('/v1/cases', { params: { query: { limit: 100 } } })
    let pagesFetched = 0

    // Act
    const ids: string[] = []
    for await (const item of allItems((cursor) => {
      pagesFetched++
      return gina.GET('/v1/cases', { params: { query: { limit: 2, cursor } } })
    }))
      ids.push(item.id)

    // Assert
    expect(ids).toEqual(wholeList.data?.items.map((item) => item.id))
    expect(ids.length).toBeGreaterThanOrEqual(5)
    // Two items a page; a full last page may still name a cursor whose page is empty.
    expect(pagesFetched).toBeGreaterThanOrEqual(Math.ceil(ids.length / 2))
    expect(pagesFetched).toBeLessThanOrEqual(Math.ceil(ids.length / 2) + 1)
  })

  it('stops fetching when the loop breaks', async () => {
    let pagesFetched = 0
    for await (const _ of allItems((cursor) => {
      pagesFetched++
      return gina.GET('/v1/cases', { params: { query: { limit: 1, cursor } } })
    }))
      break

    expect(pagesFetched).toBe(1)
  })

  it('retries an If-Match change after a concurrent one: refetch, reapply, resend', async () => {
    // Arrange
    const filed = await fileCase(alice, 'Edited by two agents at once')
    const caseId = filed.id
    const seen: { title: string; priority: string }[] = []

    // Act
    const updated = await updateWithRetry({
      read: () => sam.GET('/v1/cases/{caseId}', { params: { path: { caseId } } }),
      modify: async (current): Promise<CaseChange> => {
        seen.push({ title: current.title, priority: current.priority })
        if (seen.length === 1) {
          // Someone else changes the case between our read and our write.
          const read = await api.request('GET', `/v1/cases/${caseId}`, {
            token: await api.tokenFor('erin@vendor.example'),
          })
          const concurrent = await api.request('PATCH', `/v1/cases/${caseId}`, {
            token: await api.tokenFor('erin@vendor.example'),
            headers: { 'if-match': read.headers.get('etag') ?? '' },
            body: { priority: 'high' },
          })
          expect(concurrent.status).toBe(200)
        }
        return { title: `${current.title} (triaged)` }
      },
      write: (change, etag) =>
        sam.PATCH('/v1/cases/{caseId}', {
          params: { path: { caseId }, header: { 'If-Match': etag } },
          body: change,
        }),
    })

    // Assert: the second attempt saw the other change, and both changes are kept
    expect(seen).toEqual([
      { title: 'Edited by two agents at once', priority: 'normal' },
      { title: 'Edited by two agents at once', priority: 'high' },
    ])
    expect(updated).toMatchObject({ title: 'Edited by two agents at once (triaged)', priority: 'high' })
  })

  it('gives up after the bounded attempts with the 412 as a ProblemError', async () => {
    // Arrange: a stale ETag on every write
    const { id: caseId } = await fileCase(alice, 'Always changed under us')
    let writes = 0

    // Act
    const attempt = updateWithRetry({
      attempts: 2,
      read: () => sam.GET('/v1/cases/{caseId}', { params: { path: { caseId } } }),
      modify: () => ({ priority: 'low' as const }),
      write: (change) => {
        writes++
        return sam.PATCH('/v1/cases/{caseId}', {
          params: { path: { caseId }, header: { 'If-Match': '"0"' } },
          body: change,
        })
      },
    })

    // Assert
    await expect(attempt).rejects.toMatchObject({ name: 'ProblemError', status: 412 })
    expect(writes).toBe(2)
  })

  it('creates one case when the answer of the first try was lost: the retry reuses its Idempotency-Key', async () => {
    // Arrange
    const title = `Filed once ${crypto.randomUUID()}`
    const { lossyFetch, sent } = losingFirstAnswer(
      (method, url) => method === 'POST' && new URL(url).pathname === '/v1/cases',
    )
    const flaky = client(await api.tokenFor('alice@acme.example'), lossyFetch)

    // Act
    const created = await idempotent(
      (key) =>
        flaky.POST('/v1/cases', {
          params: { header: { 'Idempotency-Key': key } },
          body: { title, description: 'Sent twice, filed once.', product: 'Caseline ERP' },
        }),
      { delayMs: 10 },
    )
    const listed = await alice.GET('/v1/cases', { params: { query: { limit: 100 } } })

    // Assert
    expect(sent).toHaveLength(2)
    expect(sent[0]).toMatch(/^[0-9a-f-]{36}$/)
    expect(sent[1]).toBe(sent[0])
    expect(listed.data?.items.filter((item) => item.title === title).map((item) => item.id)).toEqual([
      created.id,
    ])
  })

  it('uploads a file with the presigned form, and it becomes available', async () => {
    // Arrange
    const { id: caseId } = await fileCase(alice, 'With a log file')
    const content = new TextEncoder().encode('line 1\nline 2\n')

    // Act
    const file = await uploadFile(alice, caseId, { name: 'run.log', contentType: 'text/plain', content })
    const checked = await waitUntilChecked(alice, caseId, file.id, { intervalMs: 25 })
    const downloaded = await fetch(checked.download?.url ?? 'missing')

    // Assert
    expect(file).toMatchObject({ name: 'run.log', status: 'pending', declaredSize: content.length })
    expect(checked.file.status).toBe('available')
    expect(await downloaded.text()).toBe('line 1\nline 2\n')
  })

  it('surfaces problem documents as a typed ProblemError', async () => {
    // Arrange
    const { id: caseId } = await fileCase(alice, 'Not for globex')

    // Act
    const refused = await idempotent((key) =>
      alice.POST('/v1/cases', {
        params: { header: { 'Idempotency-Key': key } },
        body: { title: 'Down', description: 'Nothing works', product: 'Caseline ERP', severity: 'critical' },
      }),
    ).catch((error: unknown) => error)
    const hidden = await updateWithRetry({
      read: () => gina.GET('/v1/cases/{caseId}', { params: { path: { caseId } } }),
      modify: () => ({}),
      write: () => Promise.reject(new Error('never written')),
    }).catch((error: unknown) => error)

    // Assert
    expect(refused).toBeInstanceOf(ProblemError)
    expect((refused as ProblemError).status).toBe(400)
    expect((refused as ProblemError).fieldErrors).toContainEqual(
      expect.objectContaining({ pointer: '/impact' }),
    )
    expect(hidden).toBeInstanceOf(ProblemError)
    expect((hidden as ProblemError).problem).toMatchObject({ status: 404, type: expect.any(String) })
  })

  it("runs the portal developer's example end to end", async () => {
    const lines: string[] = []

    const result = await portalQuickstart(api.url, (line) => lines.push(line))

    expect(result).toMatchObject({ fileStatus: 'available', filed: { title: 'Invoice export is empty' } })
    expect(result.listed).toBeGreaterThanOrEqual(1)
    expect(lines.at(-1)).toMatch(/^refused \(400\): .*"\/impact"/)
  })
})
