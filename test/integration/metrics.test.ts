import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import type { DynamoDBStreamEvent } from 'aws-lambda'
import { beforeAll, describe, expect, it } from 'vitest'
import { caseEventItem } from '#src/adapters/dynamodb/case-event-item.ts'
import { createDocumentClient } from '#src/adapters/dynamodb/client.ts'
import type { CaseEvent, CaseView } from '#src/domain/case.ts'
import type { MetricsReport, MetricsSummary } from '#src/domain/metrics/report.ts'
import type { SlaOutcome } from '#src/domain/sla/sla-outcome.ts'
import { type Problem, useLocalApi } from './local-api.ts'

/**
 * Metrics and the case export, end to end through the local runtime: cases are filed, answered,
 * resolved, closed and rated through the API; the table stream hands every event to the real
 * event handler, which keeps the aggregates that `GET /v1/metrics` reads. Every stream batch is
 * delivered twice, as an at-least-once stream may: each event must still count once.
 */
async function deliverTwice(event: DynamoDBStreamEvent) {
  const { handler } = await import('#functions/events/table-stream.ts')
  await handler(event)
  return handler(event)
}

const api = useLocalApi({ invokeStream: deliverTwice })

/** Tuesday 4 March 2031, 09:00 in Vienna: business hours on the `vienna` calendar all morning. */
const day = '2031-03-04'
const tokens: Record<'alice' | 'adam' | 'gina' | 'sam' | 'maria' | 'root', string> = {
  alice: '',
  adam: '',
  gina: '',
  sam: '',
  maria: '',
  root: '',
}
const filed: Record<'standard' | 'critical' | 'globex', CaseView> = {} as never

async function advance(duration: string) {
  expect((await api.request('POST', '/local/clock', { body: { advanceBy: duration } })).status).toBe(200)
}

async function fileCase(token: string, body: Record<string, unknown>): Promise<CaseView> {
  const response = await api.request<CaseView>('POST', '/v1/cases', {
    token,
    body: { description: 'Steps to reproduce attached.', product: 'Caseline ERP', ...body },
  })
  expect(response.status).toBe(201)
  return response.body
}

async function transition(token: string, c: CaseView, body: Record<string, unknown>) {
  const response = await api.request('POST', `/v1/cases/${c.id}/transitions`, { token, body })
  expect(response.status, JSON.stringify(response.body)).toBe(200)
}

/** Resolves and confirms a case, then answers the survey linked from the closing mail. */
async function closeAndRate(c: CaseView, rating: number) {
  await transition(tokens.sam, c, {
    action: 'propose_solution',
    resolution: { kind: 'solved', summary: 'Fixed in 4.2.1.' },
  })
  await transition(tokens.alice, c, { action: 'close' })
  const closing = (await api.sentMail({ to: 'alice@acme.example' })).find(
    (mail) => mail.subject.includes(c.number) && /\/surveys\//.test(mail.text),
  )
  // The link opens the hosted page; its token answers through the JSON API as well.
  const token = /http:\/\/localhost:\d+\/surveys\/([A-Za-z0-9._-]+)/.exec(closing?.text ?? '')?.[1]
  expect(token, closing?.text).toBeDefined()
  expect((await api.request('POST', `/v1/surveys/${token}`, { body: { rating } })).status).toBe(201)
}

/**
 * Writes a case event carrying SLA outcomes into the table, as the SLA engine writes them with the
 * change that ends a clock; the table stream hands it to the event handler (twice, here).
 */
async function writeEventWithOutcomes(
  c: CaseView,
  event: Pick<CaseEvent, 'id' | 'type' | 'action' | 'actor' | 'at'>,
  details: Record<string, unknown> & { slaOutcomes: SlaOutcome[] },
) {
  const doc = createDocumentClient({ region: 'us-east-1', endpoint: api.runtime.dynamodbEndpoint })
  const caseEvent: CaseEvent = {
    ...event,
    caseId: c.id,
    accountId: c.accountId,
    visibility: 'public',
    changes: [],
    details,
  }
  await doc.send(new PutCommand({ TableName: api.runtime.tableName, Item: caseEventItem(caseEvent) }))
}

async function metrics(token: string, query: string) {
  return api.request<MetricsReport & Problem>('GET', `/v1/metrics?${query}`, { token })
}

beforeAll(async () => {
  expect((await api.request('POST', '/local/clock', { body: { set: `${day}T08:00:00.000Z` } })).status).toBe(
    200,
  )
  for (const [user, email] of [
    ['alice', 'alice@acme.example'],
    ['adam', 'adam@acme.example'],
    ['gina', 'gina@globex.example'],
    ['sam', 'sam@vendor.example'],
    ['maria', 'maria@vendor.example'],
    ['root', 'root@vendor.example'],
  ] as const) {
    tokens[user] = await api.tokenFor(email)
  }

  // 09:00 Vienna: acme files a standard and a critical case, globex a standard one.
  filed.standard = await fileCase(tokens.alice, { title: 'Invoices print blank' })
  filed.critical = await fileCase(tokens.alice, {
    title: 'Production down',
    severity: 'critical',
    impact: 'Nobody can book orders.',
  })
  filed.globex = await fileCase(tokens.gina, { title: 'Slow reports' })

  // 09:30: sam answers the standard case publicly, 30 business minutes in (target 480: met).
  await advance('PT30M')
  const comment = await api.request('POST', `/v1/cases/${filed.standard.id}/comments`, {
    token: tokens.sam,
    body: { body: 'We are looking into it.' },
  })
  expect(comment.status).toBe(201)

  // 12:00: the critical case is acknowledged 180 business minutes in (target 120: breached at 11:00).
  await advance('PT2H30M')
  await transition(tokens.sam, filed.critical, { action: 'acknowledge' })

  await closeAndRate(filed.standard, 4)
  await closeAndRate(filed.critical, 2)

  // Stand-ins for the SLA engine, which puts a clock's outcome on the event of the change that ends
  // it: here events of their own, one with two outcomes (acme, critical), one with a breach (globex).
  await writeEventWithOutcomes(
    filed.critical,
    {
      id: 'outcomes-critical',
      type: 'case.updated',
      action: 'update',
      actor: { userId: 'sam', role: 'agent' },
      at: `${day}T11:30:00.000Z`,
    },
    {
      slaOutcomes: [
        { target: 'resolution', outcome: 'met', businessMinutes: 185, severity: 'critical' },
        { target: 'next_reply', outcome: 'met', businessMinutes: 20, severity: 'critical' },
      ],
    },
  )
  await writeEventWithOutcomes(
    filed.globex,
    {
      id: 'outcomes-globex',
      type: 'sla.breached',
      action: 'sla_breach',
      actor: { userId: 'system', role: 'system' },
      at: `${day}T11:45:00.000Z`,
    },
    {
      slaOutcomes: [
        { target: 'next_reply', outcome: 'breached', businessMinutes: 250, severity: 'standard' },
      ],
    },
  )
  await api.runtime.stream.settled()
})

/** The figures of a summary that these tests pin down. */
const figures = (summary: MetricsSummary) => ({
  opened: summary.opened,
  closed: summary.closed,
  met: summary.firstResponses.met,
  breached: summary.firstResponses.breached,
  complianceRate: summary.firstResponses.complianceRate,
  minutes: summary.firstResponseBusinessMinutes,
  backlog: summary.backlog.atEnd,
  csat: summary.csat,
})

describe('GET /v1/metrics', () => {
  it('shows maria (manager) every account: the answered, closed and rated cases, and the one still open', async () => {
    // Act
    const response = await metrics(tokens.maria, `from=${day}&to=${day}`)

    // Assert
    expect(response.status).toBe(200)
    const report = response.body
    expect(report).toMatchObject({ from: day, to: day, timeZone: 'UTC', accountId: null })
    expect(figures(report.totals)).toEqual({
      opened: 3,
      closed: 2,
      met: 1,
      breached: 1,
      complianceRate: 0.5,
      // 30 minutes exactly; 180 lies in the histogram's bucket 176–183, reported as its middle.
      minutes: { count: 2, median: 30, p90: 179 },
      backlog: 1,
      csat: { average: 3, count: 2 },
    })
    expect(figures(report.totals.bySeverity.critical)).toMatchObject({
      opened: 1,
      closed: 1,
      met: 0,
      breached: 1,
      backlog: 0,
      csat: { average: 2, count: 1 },
    })
    expect(figures(report.totals.bySeverity.standard)).toMatchObject({ opened: 2, met: 1, backlog: 1 })
    expect(report.days.map((d) => d.date)).toEqual([day])
    expect(report.days[0]?.backlog.atEnd).toBe(1)
  })

  it('shows every SLA target from the outcomes the events carried, each counted once, beside the first-response figures read from the cases', async () => {
    // Act
    const all = await metrics(tokens.maria, `from=${day}&to=${day}`)
    const acme = await metrics(tokens.maria, `from=${day}&to=${day}&accountId=acme`)
    const globex = await metrics(tokens.maria, `from=${day}&to=${day}&accountId=globex`)

    // Assert
    expect(all.body.totals.slaTargets).toEqual({
      // The cases' own first responses: the same 1 met and 1 breached `firstResponses` reads from the cases.
      first_response: {
        met: 1,
        breached: 1,
        complianceRate: 0.5,
        businessMinutes: all.body.totals.firstResponseBusinessMinutes,
      },
      // 250 lies in the histogram's bucket 248–255, reported as its middle.
      next_reply: {
        met: 1,
        breached: 1,
        complianceRate: 0.5,
        businessMinutes: { count: 2, median: 20, p90: 251 },
      },
      // Acknowledged and then answered at the same moment: a periodic-update cycle of 0 minutes, met.
      periodic_update: {
        met: 1,
        breached: 0,
        complianceRate: 1,
        businessMinutes: { count: 1, median: 0, p90: 0 },
      },
      // The stand-in's 185 (bucket 184–191, reported as 187) and the two closed cases' own
      // resolutions, final when they closed.
      resolution: {
        met: 3,
        breached: 0,
        complianceRate: 1,
        businessMinutes: { count: 3, median: 179, p90: 187 },
      },
    })
    expect(all.body.totals.firstResponses).toEqual({ met: 1, breached: 1, complianceRate: 0.5 })
    // The stand-in's and acme's critical case's own.
    expect(all.body.totals.bySeverity.critical.slaTargets.resolution.met).toBe(2)
    expect(all.body.totals.bySeverity.standard.slaTargets.next_reply.breached).toBe(1)
    expect(all.body.days[0]?.slaTargets).toEqual(all.body.totals.slaTargets)
    expect(acme.body.totals.slaTargets.next_reply).toMatchObject({ met: 1, breached: 0 })
    expect(globex.body.totals.slaTargets.next_reply).toMatchObject({ met: 0, breached: 1 })
    expect(globex.body.totals.slaTargets.resolution.met).toBe(0)
  })

  it('answers the backlog at the end of any period: none before the day, one open after it', async () => {
    // Act
    const before = await metrics(tokens.maria, 'from=2031-03-01&to=2031-03-03')
    const after = await metrics(tokens.root, 'from=2031-03-05&to=2031-03-31')

    // Assert
    expect(before.body.totals).toMatchObject({ opened: 0, backlog: { atEnd: 0 } })
    expect(before.body.days).toEqual([])
    expect(after.body.totals).toMatchObject({ opened: 0, closed: 0, backlog: { atEnd: 1 } })
  })

  it('narrows to one account for staff, and shows adam (customer admin) his own account only', async () => {
    // Act
    const acme = await metrics(tokens.maria, `from=${day}&to=${day}&accountId=acme`)
    const own = await metrics(tokens.adam, `from=${day}&to=${day}`)
    const ownNamed = await metrics(tokens.adam, `from=${day}&to=${day}&accountId=acme`)
    const globex = await metrics(tokens.maria, `from=${day}&to=${day}&accountId=globex`)

    // Assert
    expect(acme.body.accountId).toBe('acme')
    expect(figures(acme.body.totals)).toMatchObject({
      opened: 2,
      closed: 2,
      backlog: 0,
      csat: { average: 3, count: 2 },
    })
    expect(own.status).toBe(200)
    expect(own.body).toEqual(acme.body)
    expect(ownNamed.body).toEqual(acme.body)
    expect(figures(globex.body.totals)).toMatchObject({
      opened: 1,
      closed: 0,
      backlog: 1,
      met: 0,
      breached: 0,
    })
  })

  it("answers adam 404 for globex's metrics, as for an account that does not exist", async () => {
    // Act
    const foreign = await metrics(tokens.adam, `from=${day}&to=${day}&accountId=globex`)
    const unknown = await metrics(tokens.maria, `from=${day}&to=${day}&accountId=nope`)

    // Assert
    expect(foreign.status).toBe(404)
    expect(foreign.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(JSON.stringify(foreign.body)).not.toContain('"opened"')
    expect(unknown.status).toBe(404)
  })

  it('refuses alice (customer), gina, sam (agent) with 403', async () => {
    for (const token of [tokens.alice, tokens.gina, tokens.sam]) {
      expect((await metrics(token, `from=${day}&to=${day}`)).status).toBe(403)
    }
  })

  it('refuses a period that ends before it starts or spans more than 366 days, naming `to`', async () => {
    // Act
    const backwards = await metrics(tokens.maria, 'from=2031-03-04&to=2031-03-03')
    const tooLong = await metrics(tokens.maria, 'from=2030-01-01&to=2031-01-02')
    const missing = await metrics(tokens.maria, 'from=2031-03-04')

    // Assert
    expect(backwards.status).toBe(400)
    expect(backwards.body.errors).toEqual([{ parameter: 'to', detail: 'must not be before from' }])
    expect(tooLong.status).toBe(400)
    expect(missing.status).toBe(400)
    expect(missing.body.errors?.[0]?.parameter).toBe('to')
  })
})

/** One page of the export as a client reads it: the lines, and the header with the next cursor. */
async function exportPage(token: string, query: string) {
  const response = await fetch(`${api.url}/v1/cases/export?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  })
  const text = await response.text()
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    nextCursor: response.headers.get('x-next-cursor'),
    text,
  }
}

describe('GET /v1/cases/export', () => {
  it('pages maria through every case of the period as NDJSON, oldest first, the cursor in X-Next-Cursor', async () => {
    // Act
    const first = await exportPage(tokens.maria, `from=${day}&to=${day}&limit=2`)
    const second = await exportPage(
      tokens.maria,
      `from=${day}&to=${day}&limit=2&cursor=${encodeURIComponent(first.nextCursor ?? '')}`,
    )

    // Assert
    expect(first.status).toBe(200)
    expect(first.type).toBe('application/x-ndjson')
    expect(first.text.endsWith('\n')).toBe(true)
    const lines = [...first.text.trimEnd().split('\n'), ...second.text.trimEnd().split('\n')]
    const cases = lines.map((line) => JSON.parse(line) as CaseView)
    expect(cases.map((c) => c.id)).toEqual([filed.standard.id, filed.critical.id, filed.globex.id])
    expect(cases[0]).toMatchObject({ number: filed.standard.number, status: 'closed', sla: { state: 'met' } })
    expect(lines.join('\n')).not.toMatch(/"(pk|sk|gsi\dpk|gsi\dsk|entity|slaClock)"/)
    expect(first.nextCursor).toBeTruthy()
    expect(second.nextCursor).toBeNull()
  })

  it('is routed as the export, never as a case with the id "export"', async () => {
    // Act: alice may read cases, but not export them; maria exports.
    const asAlice = await api.request<Problem>('GET', '/v1/cases/export?from=2031-03-04&to=2031-03-04', {
      token: tokens.alice,
    })
    const empty = await exportPage(tokens.maria, 'from=2031-02-01&to=2031-02-28')

    // Assert
    expect(asAlice.status).toBe(403)
    expect(asAlice.body.detail).toContain('/v1/cases/export')
    expect(empty).toMatchObject({ status: 200, type: 'application/x-ndjson', text: '', nextCursor: null })
  })

  it('refuses sam (agent) and adam (customer admin), and a cursor of another period', async () => {
    // Arrange
    const first = await exportPage(tokens.maria, `from=${day}&to=${day}&limit=1`)

    // Act
    const replayed = await exportPage(
      tokens.root,
      `from=${day}&to=2031-03-05&limit=1&cursor=${encodeURIComponent(first.nextCursor ?? '')}`,
    )

    // Assert
    expect((await exportPage(tokens.sam, `from=${day}&to=${day}`)).status).toBe(403)
    expect((await exportPage(tokens.adam, `from=${day}&to=${day}`)).status).toBe(403)
    expect(replayed.status).toBe(400)
  })
})

describe('the API reference', () => {
  it('describes what both routes answer: the report as JSON, the export as an array of the Case lines', async () => {
    // Arrange
    const document = (await api.request<Record<string, unknown>>('GET', '/openapi.json')).body
    const ajv = new Ajv2020({ strict: false, allErrors: true })
    addFormats.default(ajv)
    ajv.addSchema(document, 'openapi.json')
    const schemaOf = (path: string, mediaType: string) =>
      ajv.compile({
        $ref: `openapi.json#/paths/${path.replaceAll('/', '~1')}/get/responses/200/content/${mediaType.replace('/', '~1')}/schema`,
      })

    // Act
    const report = await metrics(tokens.maria, `from=${day}&to=${day}`)
    const page = await exportPage(tokens.maria, `from=${day}&to=${day}`)

    // Assert
    const validReport = schemaOf('/v1/metrics', 'application/json')
    expect(validReport(report.body), JSON.stringify(validReport.errors)).toBe(true)
    // The schema of a newline-delimited body is the array of its lines (the document's description says so).
    const validLines = schemaOf('/v1/cases/export', 'application/x-ndjson')
    const lines = page.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(lines.length).toBeGreaterThan(0)
    expect(validLines(lines), JSON.stringify(validLines.errors)).toBe(true)
  })
})
