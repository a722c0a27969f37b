import { beforeAll, describe, expect, it } from 'vitest'
import { portalQuickstart } from '../../clients/typescript/examples/portal-quickstart.ts'
import {
  allContactExportLines,
  allEvents,
  allExportedCases,
  allItems,
  type CaseChange,
  type CaselineClient,
  createCaselineClient,
  dataOf,
  idempotent,
  ProblemError,
  updateWithRetry,
  uploadFile,
  waitUntilChecked,
} from '../../clients/typescript/src/index.ts'
import { useLocalApi } from './local-api.ts'

const api = useLocalApi()

/** A `fetch` that counts the requests to one path, so a test sees how many pages a helper fetched. */
function countingRequests(pathname: string) {
  const counter = { requests: 0 }
  const countingFetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    if (url.pathname === pathname) counter.requests++
    return fetch(input, init)
  }
  return { countingFetch, counter }
}

/** Waits until `check` holds (the local table stream feeds the change feed a moment after a write). */
async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the condition did not hold in time')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

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

  it('reads the change feed page after page and resumes exactly where a stored position left off', async () => {
    // Arrange: a case with four comments: five events of its own
    const { id: caseId } = await fileCase(gina, 'Followed through the change feed')
    const comment = (body: string) =>
      idempotent((key) =>
        gina.POST('/v1/cases/{caseId}/comments', {
          params: { path: { caseId }, header: { 'Idempotency-Key': key } },
          body: { body, visibility: 'public' },
        }),
      )
    for (let n = 1; n <= 4; n++) await comment(`Comment ${n}`)
    const feedOfCase = async () =>
      dataOf(await gina.GET('/v1/events', { params: { query: { caseId, limit: 100 } } })).items
    await eventually(async () => (await feedOfCase()).length === 5)
    const wholeFeed = await feedOfCase()
    const { countingFetch, counter } = countingRequests('/v1/events')
    const counted = client(await api.tokenFor('gina@globex.example'), countingFetch)

    // Act: two events a page; a consumer that stops after four (the end of the second page)
    const read: string[] = []
    for await (const event of allEvents(counted, { caseId, limit: 2 })) read.push(event.id)
    const stopped = allEvents(counted, { caseId, limit: 2 })
    const handled: string[] = []
    for await (const event of stopped) {
      handled.push(event.id)
      if (handled.length === 4) break
    }
    const stored = stopped.position
    await comment('Comment 5')
    await eventually(async () => (await feedOfCase()).length === 6)
    const resumed: string[] = []
    for await (const event of allEvents(gina, { caseId, limit: 2, after: stored })) resumed.push(event.id)

    // Assert
    expect(wholeFeed.map((event) => event.type)).toEqual(['case.created', ...Array(4).fill('case.commented')])
    expect(read).toEqual(wholeFeed.map((event) => event.id))
    // Three pages for five events, then the two pages up to the break.
    expect(counter.requests).toBe(3 + 2)
    expect(handled).toEqual(read.slice(0, 4))
    const afterStop = (await feedOfCase()).slice(4).map((event) => event.id)
    expect(afterStop).toHaveLength(2)
    expect(resumed).toEqual(afterStop)
  })

  it('exports every case of a period across pages, following X-Next-Cursor', async () => {
    // Arrange
    const filed = []
    for (let n = 1; n <= 5; n++) filed.push(await fileCase(alice, `Exported case ${n}`))
    const day = (filed[0]?.createdAt ?? '').slice(0, 10)
    const maria = await api.tokenFor('maria@vendor.example')
    const onePage = await fetch(`${api.url}/v1/cases/export?from=${day}&to=${day}&limit=100`, {
      headers: { authorization: `Bearer ${maria}` },
    })
    const wholeExport = (await onePage.text())
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => (JSON.parse(line) as { id: string }).id)
    const { countingFetch, counter } = countingRequests('/v1/cases/export')

    // Act
    const ids: string[] = []
    for await (const c of allExportedCases(client(maria, countingFetch), { from: day, to: day, limit: 2 }))
      ids.push(c.id)

    // Assert
    expect(onePage.headers.get('x-next-cursor')).toBeNull()
    expect(ids).toEqual(wholeExport)
    expect(ids).toEqual(expect.arrayContaining(filed.map((c) => c.id)))
    expect(counter.requests).toBeGreaterThanOrEqual(Math.ceil(ids.length / 2))
    expect(counter.requests).toBeLessThanOrEqual(Math.ceil(ids.length / 2) + 1)
  })

  it('reads a person\'s whole access export across pages, following Link rel="next"', async () => {
    // Arrange: a new contact of acme with two cases and a comment
    const adam = client(await api.tokenFor('adam@acme.example'))
    const email = `carla-${crypto.randomUUID().slice(0, 8)}@acme.example`
    const contact = dataOf(
      await adam.POST('/v1/accounts/{accountId}/contacts', {
        body: { email, name: 'Carla Acme', locale: 'en' },
        params: { path: { accountId: 'acme' } },
      }),
    )
    const carla = client(await api.tokenFor(email))
    const own = await fileCase(carla, "Carla's printer")
    await fileCase(carla, "Carla's invoice")
    await idempotent((key) =>
      carla.POST('/v1/cases/{caseId}/comments', {
        params: { path: { caseId: own.id }, header: { 'Idempotency-Key': key } },
        body: { body: 'It still prints twice.', visibility: 'public' },
      }),
    )
    // The export holds the mail sent to her: wait until the event handler has sent it all, so both
    // reads below see the same export.
    await api.sentMail()
    const exportPath = `/v1/accounts/acme/contacts/${contact.id}/export`
    const onePage = await fetch(`${api.url}${exportPath}`, {
      headers: { authorization: `Bearer ${await api.tokenFor('adam@acme.example')}` },
    })
    const wholeExport = (await onePage.text())
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as unknown)
    const { countingFetch, counter } = countingRequests(exportPath)
    const counted = client(await api.tokenFor('adam@acme.example'), countingFetch)

    // Act
    const lines = []
    for await (const line of allContactExportLines(counted, {
      accountId: 'acme',
      contactId: contact.id,
      limit: 2,
    }))
      lines.push(line)

    // Assert
    expect(onePage.headers.get('link')).toBeNull()
    expect(lines).toEqual(wholeExport)
    expect(lines.map((line) => line.section)).toEqual(
      expect.arrayContaining(['profile', 'cases', 'comments']),
    )
    expect(lines.length).toBeGreaterThan(4)
    expect(counter.requests).toBeGreaterThanOrEqual(Math.ceil(lines.length / 2))
    expect(counter.requests).toBeLessThanOrEqual(Math.ceil(lines.length / 2) + 1)
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
