import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import type { RouteDefinition } from '#src/http/route-table.ts'
import { sampleBody } from './samples.ts'
import {
  allRoutes,
  type DemoUser,
  expectErrorAnswer,
  expectProblem,
  fillPath,
  openSurveyOf,
  pathParameterNames,
  takesBody,
  useReliabilityApi,
} from './support.ts'

const { api, figures, request, token } = useReliabilityApi('fuzz')

/** Runs per route and kind of input: modest, so the whole suite stays well under a minute. */
const numRuns = 12

const callers: (DemoUser | undefined)[] = ['alice', 'adam', 'gina', 'sam', 'root', undefined]

/** Strings that have broken parsers before: traversal, encodings, huge numbers, JSON look-alikes. */
const nasty = fc.constantFrom(
  '../../etc/passwd',
  '..%2F..%2Fetc',
  '%',
  '%E0%A4%A',
  '\u0000',
  '😀',
  '"; DROP TABLE',
  '{"$ne":null}',
  'null',
  '-1',
  '1e309',
  '9'.repeat(40),
  'a'.repeat(5000),
  '__proto__',
  'constructor',
  ' ',
)
const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }), nasty)

/** A body: anything JSON, a mutation of the valid sample, or bytes that are not JSON at all. */
function bodyFor(route: RouteDefinition) {
  const sample = (sampleBody(route) ?? {}) as Record<string, unknown>
  const mutated = fc
    .record({
      key: fc.oneof(fc.constantFrom(...Object.keys(sample), '__proto__'), text),
      value: fc.jsonValue({ maxDepth: 2 }),
    })
    .map(({ key, value }) => JSON.stringify({ ...sample, [key]: value }))
  return fc.oneof(
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    mutated,
    text,
    fc.constant(''),
    fc.constant('{"a":'),
    fc.constant(JSON.stringify({ ...sample, __proto__: { admin: true } })),
  )
}

const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,60}$/)
const headers = fc.record(
  {
    'content-type': fc.oneof(
      fc.constantFrom(
        'application/json',
        'text/plain',
        'application/problem+json',
        'multipart/form-data',
        '',
      ),
      headerValue,
    ),
    'if-match': fc.oneof(fc.constantFrom('"1"', 'W/"2"', '*', '"999999999"', '"-1"', ''), headerValue),
    'idempotency-key': headerValue,
    'if-none-match': headerValue,
    accept: headerValue,
  },
  { requiredKeys: [] },
)
const query = fc.dictionary(
  fc.oneof(
    fc.constantFrom('limit', 'cursor', 'status', 'severity', 'accountId', 'assignee', 'tag', 'field'),
    text,
  ),
  // Besides noise, well-formed tags and field filters, so the label lists are reached too.
  fc.oneof(
    text,
    fc.integer().map(String),
    fc.constantFrom('vip', 'a-b', 'reliability_probe:x', 'region:emea', 'x:true'),
  ),
  { maxKeys: 4 },
)

function queryString(values: Record<string, string>): string {
  const search = new URLSearchParams(values).toString()
  return search ? `?${search}` : ''
}

describe('fuzzing every route: never a 5xx, every 4xx a problem document (a page route: a page)', () => {
  let caseId = ''
  let surveyToken = ''
  /** A contact of acme registered for fuzzing, so that whatever a fuzzed PATCH does, no demo user is locked out. */
  let contactId = ''
  const tokens = new Map<DemoUser | undefined, string | undefined>()

  beforeAll(async () => {
    for (const user of callers) tokens.set(user, user ? await token(user) : undefined)
    const created = await request('POST', '/v1/cases', {
      token: tokens.get('alice'),
      body: sampleBody(allRoutes.find((r) => r.operationId === 'createCase') as RouteDefinition),
    })
    const c = created.json as Parameters<typeof openSurveyOf>[1]
    caseId = c.id
    // A real survey link, so the survey routes are fuzzed past the token check (and into 409 once answered).
    surveyToken = await openSurveyOf(api, c)
    const contact = await request('POST', '/v1/accounts/acme/contacts', {
      token: tokens.get('root'),
      body: { email: 'fuzz.target@acme.example', name: 'Fuzz Target' },
    })
    contactId = (contact.json as { id: string }).id
  })

  async function check(route: RouteDefinition, path: string, options: Parameters<typeof request>[2]) {
    const reply = await request(route.method, path, options)
    const where = `${route.method} ${path} → ${reply.status}`
    expect(reply.status, `${where} ${reply.text.slice(0, 300)}`).toBeLessThan(500)
    if (reply.status >= 400) expectErrorAnswer(route, reply, where)
  }

  for (const route of allRoutes) {
    const names = pathParameterNames(route)
    const real = {
      caseId: '',
      queue: 'general_inquiry',
      calendarId: 'vienna',
      policyId: 'default',
      fieldKey: 'reliability_probe',
      version: '1',
      fileId: 'nope',
      linkId: 'nope',
      userId: '',
      token: '',
      accountId: 'acme',
      contactId: '',
    }
    const caller = fc.constantFrom(...callers)

    it(`${route.method} ${route.path}: arbitrary bodies, queries and headers`, async () => {
      real.caseId = caseId
      real.token = surveyToken
      real.contactId = contactId
      real.userId = contactId
      await fc.assert(
        fc.asyncProperty(
          caller,
          query,
          headers,
          takesBody(route) ? bodyFor(route) : fc.constant(undefined),
          async (user, q, h, body) => {
            await check(route, fillPath(route.path, real) + queryString(q), {
              token: tokens.get(user),
              headers: h,
              ...(body !== undefined ? { rawBody: body } : {}),
            })
          },
        ),
        { numRuns },
      )
    })

    if (names.length) {
      it(`${route.method} ${route.path}: arbitrary path parameters`, async () => {
        const params = fc.record(
          Object.fromEntries(names.map((n) => [n, text])) as Record<string, fc.Arbitrary<string>>,
        )
        await fc.assert(
          fc.asyncProperty(caller, params, fc.boolean(), async (user, values, raw) => {
            // Raw: unencoded, so `/`, `%` and `..` reach the router as they are.
            const path = raw
              ? route.path
                  .replace(/\{([A-Za-z0-9_]+)\+?\}/g, (_, n: string) => values[n] ?? '')
                  .replace(/[#?\s]/g, 'x')
              : fillPath(route.path, values)
            await check(route, path.startsWith('/') ? path : `/${path}`, {
              token: tokens.get(user),
              ...(takesBody(route) ? { body: sampleBody(route) } : {}),
              headers: { 'if-match': '"1"' },
            })
          }),
          { numRuns },
        )
      })
    }
  }

  it('PATCH tags: arbitrary tag changes on a real case at its version → 2xx or 4xx, never 5xx', async () => {
    const route = allRoutes.find((r) => r.operationId === 'updateCase') as RouteDefinition
    // A case of its own: the routes fuzzed before may have cancelled the shared one (then every PATCH is a 409).
    const created = await request('POST', '/v1/cases', {
      token: tokens.get('alice'),
      body: sampleBody(allRoutes.find((r) => r.operationId === 'createCase') as RouteDefinition),
    })
    const tagged = (created.json as { id: string }).id
    let applied = 0
    const tagLike = fc.oneof(
      text,
      fc.stringMatching(/^[a-z0-9-]{1,45}$/),
      fc.constantFrom('vip', 'VIP', 'a--b'),
    )
    const tags = fc.oneof(
      fc.record(
        { add: fc.array(tagLike, { maxLength: 25 }), remove: fc.array(tagLike, { maxLength: 5 }) },
        { requiredKeys: [] },
      ),
      fc.jsonValue({ maxDepth: 2 }),
    )
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<DemoUser>('sam', 'alice'), tags, async (user, value) => {
        const read = await request('GET', `/v1/cases/${tagged}`, { token: tokens.get('sam') })
        const version = (read.json as { version: number }).version
        const reply = await request(route.method, `/v1/cases/${tagged}`, {
          token: tokens.get(user),
          rawBody: JSON.stringify({ tags: value }),
          headers: { 'content-type': 'application/json', 'if-match': `"${version}"` },
        })
        expect(reply.status, reply.text.slice(0, 300)).toBeLessThan(500)
        if (reply.status >= 400) expectProblem(reply, `PATCH tags ${JSON.stringify(value).slice(0, 100)}`)
        if (reply.status === 200) applied++
      }),
      // A well-formed change by staff runs first, whatever the generator draws: otherwise a run that
      // drew only refusals would not show that the rules themselves were reached.
      { numRuns: numRuns * 4, examples: [['sam', { add: ['vip'], remove: ['gone'] }]] },
    )
    // Some changes were well-formed and went through: the property reached the tag rules, not only the validator.
    expect(applied).toBeGreaterThan(0)
  })

  it('ends with no 5xx', () => {
    expect(figures.serverErrors).toBe(0)
  })
})
