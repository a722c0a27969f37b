import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoUserId } from '#local/seed.ts'
import { rolesOf } from '#src/http/route-table.ts'
import { startReceiver, type TestReceiver } from '../integration/webhook-receiver.ts'
import { sampleBody, samplePageForm, sampleQuery } from './samples.ts'
import {
  allRoutes,
  type DemoUser,
  demoUsers,
  expectPage,
  expectProblem,
  fillPath,
  isStaffOnly,
  openSurveyOf,
  pathParameterNames,
  type Reply,
  storageInternals,
  takesAccountQuery,
  takesBody,
  useReliabilityApi,
  userNames,
} from './support.ts'

const { api, figures, request, token } = useReliabilityApi('isolation')

/** One account's resources, and the strings that must never reach another account. */
interface Tenant {
  accountId: string
  /** A contact registered for the matrix (not the owner, so no request of the matrix can lock the owner out). */
  contactId: string
  caseId: string
  version: number
  fileId: string
  folderId: string
  /** A link between the case and a second case of the account (made by staff). */
  linkId: string
  /** The account's registered contact (`contactId`) watches the case, added by the owner; a staff follower too. */
  commentId: string
  internalNoteId: string
  /** The token of the case's satisfaction survey link. */
  surveyToken: string
  /** A webhook subscription that follows the account (acme: its customer admin's; globex: the operator's), and one of its deliveries. */
  webhookId: string
  deliveryId: string
  /** Support's tag on the case: no customer may ever see it, not even of its own account. */
  caseTag: string
  /** Ids, titles and bodies no other account may ever see. */
  secrets: string[]
}

/** A delivery of the subscription, once the seed's events have reached it. */
async function firstDeliveryOf(webhookId: string, subscriber: DemoUser): Promise<string> {
  for (let poll = 0; poll < 200; poll++) {
    const reply = await request('GET', `/v1/webhooks/${webhookId}/deliveries`, {
      token: await token(subscriber),
    })
    const first = (reply.json as { items?: { id: string }[] }).items?.[0]
    if (first) return first.id
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`no delivery of webhook ${webhookId}`)
}

async function seedTenant(
  owner: DemoUser,
  label: string,
  webhook: { id: string; subscriber: DemoUser },
): Promise<Tenant> {
  const tag = `${label}-${randomUUID()}`
  const t = await token(owner)
  const sam = await token('sam')
  const accountId = demoUsers[owner].accountId as string
  const contact = await request('POST', `/v1/accounts/${accountId}/contacts`, {
    token: await token('root'),
    body: { email: `contact-${tag}@${accountId}.example`, name: `contact ${tag}` },
  })
  expect(contact.status).toBe(201)
  const created = await request('POST', '/v1/cases', {
    token: t,
    body: { title: `title ${tag}`, description: `description ${tag}`, product: `product ${tag}` },
  })
  expect(created.status).toBe(201)
  const c = created.json as {
    id: string
    accountId: string
    number: string
    title: string
    contactId: string
    version: number
  }
  const comment = await request('POST', `/v1/cases/${c.id}/comments`, {
    token: t,
    body: { body: `comment ${tag}` },
  })
  expect(comment.status).toBe(201)
  const note = await request('POST', `/v1/cases/${c.id}/comments`, {
    token: sam,
    body: { body: `internal note ${tag}`, visibility: 'internal' },
  })
  expect(note.status).toBe(201)
  const folder = await request('POST', `/v1/cases/${c.id}/folders`, {
    token: t,
    body: { name: `folder ${tag}` },
  })
  expect(folder.status).toBe(201)
  const file = await request('POST', `/v1/cases/${c.id}/files`, {
    token: t,
    body: { name: `file ${tag}.txt`, size: 10, contentType: 'text/plain' },
  })
  expect(file.status).toBe(201)
  const second = await request('POST', '/v1/cases', {
    token: t,
    body: { title: `second ${tag}`, description: `second description ${tag}`, product: `product ${tag}` },
  })
  expect(second.status).toBe(201)
  const link = await request('POST', `/v1/cases/${c.id}/links`, {
    token: sam,
    body: { kind: 'relates_to', caseId: (second.json as { id: string }).id },
  })
  expect(link.status).toBe(201)
  const watcher = await request('POST', `/v1/cases/${c.id}/watchers`, {
    token: t,
    body: { userId: (contact.json as { id: string }).id },
  })
  expect(watcher.status).toBe(201)
  // erin follows it: a staff member who does nothing else in the matrix, so her id shows only as the follower.
  const follower = await request('POST', `/v1/cases/${c.id}/watchers`, {
    token: sam,
    body: { userId: demoUserId(demoUsers.erin.email) },
  })
  expect(follower.status).toBe(201)
  const unread = await request('GET', `/v1/cases/${c.id}`, { token: t })
  const caseTag = `${label}-tag-${randomUUID().slice(0, 8)}`
  const tagged = await request('PATCH', `/v1/cases/${c.id}`, {
    token: sam,
    body: { tags: { add: [caseTag] } },
    headers: { 'if-match': `"${(unread.json as { version: number }).version}"` },
  })
  expect(tagged.status).toBe(200)
  const read = await request('GET', `/v1/cases/${c.id}`, { token: t })
  const ids = {
    contactId: (contact.json as { id: string }).id,
    caseId: c.id,
    fileId: (file.json as { file: { id: string } }).file.id,
    folderId: (folder.json as { id: string }).id,
    commentId: (comment.json as { id: string }).id,
    internalNoteId: (note.json as { id: string }).id,
    secondCaseId: (second.json as { id: string }).id,
    linkId: (link.json as { id: string }).id,
  }
  const deliveryId = await firstDeliveryOf(webhook.id, webhook.subscriber)
  return {
    ...ids,
    accountId,
    surveyToken: await openSurveyOf(api, c),
    webhookId: webhook.id,
    deliveryId,
    caseTag,
    version: (read.json as { version: number }).version,
    secrets: [tag, c.number, ...Object.values(ids), webhook.id, deliveryId, caseTag],
  }
}

/** Subscribes `receiver` as `subscriber` to every event it may receive. */
async function subscribe(subscriber: DemoUser, receiver: TestReceiver): Promise<string> {
  const reply = await request('POST', '/v1/webhooks', {
    token: await token(subscriber),
    body: { url: receiver.url, description: `isolation matrix (${subscriber})` },
  })
  expect(reply.status).toBe(201)
  return (reply.json as { id: string }).id
}

/** The foreign secrets a reply shows, leaving out ids the caller itself sent (echoing those leaks nothing). */
function leaked(reply: Reply, foreign: Tenant, sent: string): string[] {
  return foreign.secrets.filter((secret) => reply.text.includes(secret) && !sent.includes(secret))
}

describe('isolation matrix: every route × every role × another account', () => {
  let acme: Tenant
  let globex: Tenant
  // acme's customer admin follows its account; the operator follows every account.
  let acmeInbox: TestReceiver
  let operatorInbox: TestReceiver

  beforeAll(async () => {
    acmeInbox = await startReceiver()
    operatorInbox = await startReceiver()
    const acmeWebhook = await subscribe('adam', acmeInbox)
    const operatorWebhook = await subscribe('root', operatorInbox)
    acme = await seedTenant('alice', 'acme', { id: acmeWebhook, subscriber: 'adam' })
    globex = await seedTenant('gina', 'globex', { id: operatorWebhook, subscriber: 'root' })
  })

  afterAll(async () => {
    await Promise.all([acmeInbox.close(), operatorInbox.close()])
  })

  it('customers reach no other account: 404/403 and not one foreign id, title or body', async () => {
    const customers = userNames.filter((u) => demoUsers[u].accountId !== undefined)
    const failures: string[] = []
    for (const route of allRoutes.filter((r) => r.access.kind === 'roles')) {
      for (const user of customers) {
        const own = demoUsers[user].accountId === 'acme' ? acme : globex
        const foreign = own === acme ? globex : acme
        const names = pathParameterNames(route)
        // Foreign case, file, account and contact; for file routes also a foreign file under one's own
        // case, for contact routes a foreign contact under one's own account.
        const foreignIds = {
          accountId: foreign.accountId,
          contactId: foreign.contactId,
          webhookId: foreign.webhookId,
          deliveryId: foreign.deliveryId,
        }
        // The foreign case's watcher is the foreign account's contact.
        const foreignCaseIds = {
          fileId: foreign.fileId,
          linkId: foreign.linkId,
          userId: foreign.contactId,
        }
        const targets = [{ caseId: foreign.caseId, ...foreignCaseIds, ...foreignIds }]
        if (names.includes('fileId') || names.includes('linkId') || names.includes('userId'))
          targets.push({ caseId: own.caseId, ...foreignCaseIds, ...foreignIds })
        if (names.includes('contactId'))
          targets.push({
            caseId: foreign.caseId,
            ...foreignCaseIds,
            ...foreignIds,
            accountId: own.accountId,
          })
        for (const target of targets) {
          // A route that takes an account in its query is asked for the foreign one.
          const query = sampleQuery(route, takesAccountQuery(route) ? { accountId: foreign.accountId } : {})
          const path =
            fillPath(route.path, {
              ...target,
              queue: 'support',
              calendarId: 'vienna',
              policyId: 'default',
              fieldKey: 'reliability_probe',
              version: '1',
            }) + query
          const reply = await request(route.method, path, {
            token: await token(user),
            ...(takesBody(route) ? { body: sampleBody(route) } : {}),
            headers: { 'if-match': `"${foreign.version}"`, 'idempotency-key': randomUUID() },
          })
          const where = `${user} (${demoUsers[user].role}) ${route.method} ${path} → ${reply.status}`
          const found = leaked(reply, foreign, path)
          if (found.length) {
            figures.leaks++
            failures.push(`${where} shows ${found.join(', ')}`)
          }
          if (storageInternals(reply.json).length) {
            figures.leaks++
            failures.push(`${where} shows storage internals ${storageInternals(reply.json).join(', ')}`)
          }
          if (isStaffOnly(route)) {
            if (reply.status !== 403) failures.push(`${where}: staff-only route, expected 403`)
          } else if (
            names.includes('caseId') ||
            names.includes('accountId') ||
            names.includes('webhookId') ||
            takesAccountQuery(route)
          ) {
            if (reply.status !== 404 && reply.status !== 403) failures.push(`${where}: expected 404 or 403`)
          } else if (reply.status >= 500) failures.push(`${where}: server error`)
          if (reply.status >= 400) expectProblem(reply, where)
        }
      }
    }
    expect(failures).toEqual([])
  })

  it('staff reach every account, and no reply to anyone carries storage internals', async () => {
    const staff = userNames.filter((u) => demoUsers[u].accountId === undefined)
    const failures: string[] = []
    for (const route of allRoutes) {
      for (const user of staff) {
        const path = fillPath(route.path, {
          caseId: globex.caseId,
          fileId: globex.fileId,
          linkId: globex.linkId,
          userId: globex.contactId,
          accountId: globex.accountId,
          contactId: globex.contactId,
          webhookId: globex.webhookId,
          deliveryId: globex.deliveryId,
          token: globex.surveyToken,
          queue: 'general_inquiry',
          calendarId: 'vienna',
          policyId: 'default',
          fieldKey: 'reliability_probe',
          version: '1',
        })
        // Reads only: staff writes are exercised by the lifecycle tests, and would change the fixtures here.
        if (route.method !== 'GET') continue
        const reply = await request(route.method, path + sampleQuery(route), { token: await token(user) })
        const where = `${user} GET ${path} → ${reply.status}`
        if (reply.status >= 500) failures.push(`${where}: server error`)
        if (storageInternals(reply.json).length) {
          figures.leaks++
          failures.push(`${where} shows storage internals ${storageInternals(reply.json).join(', ')}`)
        }
        if (
          route.access.kind === 'roles' &&
          reply.status === 403 &&
          route.access.roles.includes(demoUsers[user].role)
        )
          failures.push(`${where}: the route table allows ${demoUsers[user].role}`)
      }
    }
    expect(failures).toEqual([])
  })

  it("customers never see their own account's internal notes", async () => {
    for (const user of ['alice', 'adam'] as const) {
      for (const list of ['comments', 'history']) {
        const reply = await request('GET', `/v1/cases/${acme.caseId}/${list}?limit=100`, {
          token: await token(user),
        })
        expect(reply.status).toBe(200)
        if (reply.text.includes(acme.internalNoteId) || reply.text.includes('internal note')) figures.leaks++
        expect(reply.text).not.toContain('internal note')
      }
    }
  })

  it("customers never see a link to another account's case, in the links or the history of their own", async () => {
    const sam = await token('sam')
    const made = await request('POST', `/v1/cases/${acme.caseId}/links`, {
      token: sam,
      body: { kind: 'caused_by', caseId: globex.caseId },
    })
    expect(made.status).toBe(201)
    const crossLinkId = (made.json as { id: string }).id
    try {
      for (const [own, foreign, users] of [
        [acme, globex, ['alice', 'adam']],
        [globex, acme, ['gina']],
      ] as const) {
        for (const user of users) {
          const links = await request('GET', `/v1/cases/${own.caseId}/links?limit=100`, {
            token: await token(user),
          })
          expect(links.status).toBe(200)
          // Their own account's link is there; the one to the other account is not.
          expect((links.json as { items: { id: string }[] }).items.map((l) => l.id)).toEqual([own.linkId])
          for (const reply of [
            links,
            await request('GET', `/v1/cases/${own.caseId}/history?limit=100`, { token: await token(user) }),
          ]) {
            const found = leaked(reply, foreign, '')
            const shown = reply.text.includes(crossLinkId) ? [crossLinkId] : []
            figures.leaks += found.length + shown.length
            expect([...found, ...shown], `${user} ${own.caseId}`).toEqual([])
          }
        }
      }
    } finally {
      expect(
        (await request('DELETE', `/v1/cases/${acme.caseId}/links/${crossLinkId}`, { token: sam })).status,
      ).toBe(200)
    }
  })

  it('customers never see a foreign watcher, nor a staff follower of their own cases, in the watchers or the history', async () => {
    const erinId = demoUserId(demoUsers.erin.email)
    for (const [own, foreign, users] of [
      [acme, globex, ['alice', 'adam']],
      [globex, acme, ['gina']],
    ] as const) {
      for (const user of users) {
        const list = await request('GET', `/v1/cases/${own.caseId}/watchers`, { token: await token(user) })
        expect(list.status).toBe(200)
        // Their own account's contact watches; erin, a staff follower, is not shown to customers.
        expect((list.json as { items: { userId: string }[] }).items.map((w) => w.userId)).toEqual([
          own.contactId,
        ])
        const foreignList = await request('GET', `/v1/cases/${foreign.caseId}/watchers`, {
          token: await token(user),
        })
        expect(foreignList.status).toBe(404)
        const history = await request('GET', `/v1/cases/${own.caseId}/history?limit=100`, {
          token: await token(user),
        })
        // The 404 names the case id the caller sent itself: echoing that leaks nothing.
        for (const [reply, sent] of [
          [list, ''],
          [foreignList, foreign.caseId],
          [history, ''],
        ] as const) {
          const found = leaked(reply, foreign, sent)
          const shown = reply.text.includes(erinId) ? [erinId] : []
          figures.leaks += found.length + shown.length
          expect([...found, ...shown], `${user} ${own.caseId}`).toEqual([])
        }
      }
    }
    // Staff see both kinds.
    const forSam = await request('GET', `/v1/cases/${acme.caseId}/watchers`, { token: await token('sam') })
    expect((forSam.json as { items: { userId: string }[] }).items.map((w) => w.userId).sort()).toEqual(
      [acme.contactId, erinId].sort(),
    )
  })

  it("lists never hold another account's cases, whatever the filter", async () => {
    for (const query of [
      '',
      '?accountId=globex',
      '?status=new',
      '?assignee=me',
      '?limit=100',
      `?tag=${globex.caseTag}`,
      `?tag=${globex.caseTag}&accountId=globex`,
      '?field=probe:x',
    ]) {
      const reply = await request('GET', `/v1/cases${query}`, { token: await token('alice') })
      expect([200, 400, 403]).toContain(reply.status)
      const found = leaked(reply, globex, query)
      figures.leaks += found.length
      expect(found, query).toEqual([])
    }
  })

  it("a case cannot be filed for another account's contact", async () => {
    const reply = await request('POST', '/v1/cases', {
      token: await token('alice'),
      body: {
        title: 'For someone else',
        description: 'x',
        product: 'p',
        contactId: demoUserId(demoUsers.gina.email),
      },
    })
    expect(reply.status).toBe(400)
    expectProblem(reply, 'foreign contact')
  })

  it('strict input: an unknown field in any body or query is refused with 400', async () => {
    const failures: string[] = []
    for (const route of allRoutes) {
      // A page passes over what it does not know (route-table.ts, `page`): a browser, a mail
      // scanner or a link tracker may add fields and parameters, and the reader must not fail.
      if (route.page) continue
      // Someone the route admits, so the refusal comes from the validator: a customer, else a customer admin, else root.
      const roles = rolesOf(route.access)
      const user: DemoUser = roles.includes('customer')
        ? 'alice'
        : roles.includes('customer_admin')
          ? 'adam'
          : 'root'
      // Public routes take no token: the survey link's token in the path is the credential.
      const bearer = route.access.kind === 'public' ? undefined : await token(user)
      const path = fillPath(route.path, {
        caseId: acme.caseId,
        fileId: acme.fileId,
        linkId: acme.linkId,
        userId: acme.contactId,
        accountId: acme.accountId,
        contactId: acme.contactId,
        webhookId: acme.webhookId,
        deliveryId: acme.deliveryId,
        token: acme.surveyToken,
        queue: 'general_inquiry',
        calendarId: 'vienna',
        policyId: 'default',
        fieldKey: 'reliability_probe',
        version: '1',
      })
      const headers = { 'if-match': '"1"', 'idempotency-key': randomUUID() }
      if (takesBody(route)) {
        const reply = await request(route.method, path, {
          token: bearer,
          body: { ...(sampleBody(route) as object), unexpectedField: 'x' },
          headers,
        })
        if (reply.status !== 400) failures.push(`${route.operationId}: unknown body field → ${reply.status}`)
        else expectProblem(reply, route.operationId)
      }
      if (route.request.query) {
        const reply = await request(route.method, `${path}?unexpectedParameter=1`, {
          token: bearer,
          ...(takesBody(route) ? { body: sampleBody(route) } : {}),
          headers,
        })
        if (reply.status !== 400)
          failures.push(`${route.operationId}: unknown query parameter → ${reply.status}`)
      }
    }
    expect(failures).toEqual([])
  })

  it("a survey link shows its own case only, and no mix of two links opens another account's survey", async () => {
    const surveyRoutes = allRoutes.filter((r) => /^\/(v1\/)?surveys\//.test(r.path))
    expect(surveyRoutes.map((r) => r.operationId).sort()).toEqual([
      'answerSurvey',
      'answerSurveyPage',
      'getSurvey',
      'getSurveyPage',
    ])
    const failures: string[] = []
    for (const [own, foreign] of [
      [acme, globex],
      [globex, acme],
    ] as const) {
      const [ownCase, ownSignature] = own.surveyToken.split('.') as [string, string]
      const [foreignCase, foreignSignature] = foreign.surveyToken.split('.') as [string, string]
      const mixed = [`${foreignCase}.${ownSignature}`, `${ownCase}.${foreignSignature}`]
      // Whoever holds a link, signed in as anyone or not at all, sees that link's case and nothing else.
      for (const user of [undefined, ...userNames]) {
        const bearer = user ? await token(user) : undefined
        const reply = await request('GET', `/v1/surveys/${own.surveyToken}`, { token: bearer })
        const where = `${user ?? 'anonymous'} GET own survey → ${reply.status}`
        if (reply.status !== 200) failures.push(`${where}: expected 200`)
        if (!reply.text.includes(own.secrets[0] as string)) failures.push(`${where}: not its own case`)
        const found = leaked(reply, foreign, '')
        figures.leaks += found.length
        if (found.length) failures.push(`${where} shows ${found.join(', ')}`)
      }
      for (const mixedToken of mixed) {
        for (const route of surveyRoutes) {
          const path = fillPath(route.path, { token: mixedToken })
          const reply = await request(route.method, path, {
            ...(!takesBody(route) ? {} : route.page ? samplePageForm : { body: sampleBody(route) }),
          })
          const where = `${route.method} ${path} (mixed) → ${reply.status}`
          if (reply.status !== 404) failures.push(`${where}: expected 404`)
          else if (route.page) expectPage(reply, where)
          else expectProblem(reply, where)
          const found = leaked(reply, foreign, mixedToken)
          figures.leaks += found.length
          if (found.length) failures.push(`${where} shows ${found.join(', ')}`)
        }
      }
    }
    // Neither forged answer landed: both surveys still take their own answer.
    for (const tenant of [acme, globex]) {
      const reply = await request('GET', `/v1/surveys/${tenant.surveyToken}`)
      expect(reply.json).toMatchObject({ status: 'open' })
    }
    expect(failures).toEqual([])
  })

  it('the matrix covers the account and contact routes', () => {
    const paths = allRoutes.map((r) => `${r.method} ${r.path}`)

    expect(paths).toEqual(
      expect.arrayContaining([
        'GET /v1/accounts/{accountId}',
        'GET /v1/accounts/{accountId}/contacts',
        'POST /v1/accounts/{accountId}/contacts',
        'PATCH /v1/accounts/{accountId}/contacts/{contactId}',
      ]),
    )
  })

  it("after the matrix, every account's contact is as it was registered, and its owner still signs in", async () => {
    const root = await token('root')
    for (const [tenant, owner] of [
      [acme, 'alice'],
      [globex, 'gina'],
    ] as const) {
      const listed = await request('GET', `/v1/accounts/${tenant.accountId}/contacts?limit=100`, {
        token: root,
      })
      const contact = (listed.json as { items: { id: string; name: string; active: boolean }[] }).items.find(
        (c) => c.id === tenant.contactId,
      )
      expect(contact).toMatchObject({ active: true, name: expect.stringMatching(/^contact /) })
      const signIn = await request('POST', '/local/token', { body: { email: demoUsers[owner].email } })
      expect(signIn.status).toBe(200)
    }
  })

  it("a customer admin cannot reach another account's contact by its id under its own account", async () => {
    const adam = await token('adam')
    for (const body of [{ active: false }, { role: 'customer_admin' }, { name: 'Hijacked' }]) {
      const reply = await request('PATCH', `/v1/accounts/acme/contacts/${globex.contactId}`, {
        token: adam,
        body,
      })
      expect(reply.status).toBe(404)
      expectProblem(reply, 'foreign contact under own account')
      const found = leaked(reply, globex, globex.contactId)
      figures.leaks += found.length
      expect(found).toEqual([])
    }
  })

  // A staff-only custom field's value, set on an acme case: no customer reply and no event for acme may carry it.
  let staffOnlyValue = ''

  it("customers never see a staff-only custom field's value: in the case, lists, history or the catalogue", async () => {
    // Arrange: root defines a staff-only and a customer-visible field; alice files, sam sets both.
    const tag = randomUUID().slice(0, 8)
    staffOnlyValue = `staffonly-${tag}`
    const root = await token('root')
    const hidden = await request('POST', '/v1/case-fields', {
      token: root,
      body: { key: `probe_hidden_${tag}`, labels: { de: 'Intern', en: 'Internal' }, type: 'text' },
      headers: { 'idempotency-key': randomUUID() },
    })
    expect(hidden.status).toBe(201)
    const shown = await request('POST', '/v1/case-fields', {
      token: root,
      body: {
        key: `probe_shown_${tag}`,
        labels: { de: 'Sichtbar', en: 'Visible' },
        type: 'boolean',
        customerVisible: true,
        customerEditable: true,
      },
      headers: { 'idempotency-key': randomUUID() },
    })
    expect(shown.status).toBe(201)
    const filed = await request('POST', '/v1/cases', {
      token: await token('alice'),
      body: {
        title: `custom ${tag}`,
        description: 'Custom fields',
        product: 'Caseline',
        customFields: { [`probe_shown_${tag}`]: true },
      },
    })
    expect(filed.status).toBe(201)
    const c = filed.json as { id: string; version: number }
    const patched = await request('PATCH', `/v1/cases/${c.id}`, {
      token: await token('sam'),
      body: { customFields: { [`probe_hidden_${tag}`]: staffOnlyValue } },
      headers: { 'if-match': `"${c.version}"` },
    })
    expect(patched.status).toBe(200)
    expect(patched.text).toContain(staffOnlyValue)

    // Act: every read a customer may make of the case (and the lists and catalogue)
    const failures: string[] = []
    const reads = allRoutes.filter(
      (route) => route.method === 'GET' && rolesOf(route.access).includes('customer'),
    )
    for (const user of ['alice', 'adam'] as const) {
      for (const route of reads) {
        const path = fillPath(route.path, { caseId: c.id, accountId: 'acme', fileId: acme.fileId })
        const reply = await request('GET', path + sampleQuery(route), { token: await token(user) })
        if (reply.text.includes(staffOnlyValue) || reply.text.includes(`probe_hidden_${tag}`)) {
          figures.leaks++
          failures.push(`${user} GET ${path} → ${reply.status} shows the staff-only field`)
        }
      }
    }
    const asCustomer = await request('GET', `/v1/cases/${c.id}`, { token: await token('alice') })
    const asStaff = await request('GET', `/v1/cases/${c.id}`, { token: await token('sam') })

    // Assert
    expect(failures).toEqual([])
    expect((asCustomer.json as { customFields?: unknown }).customFields).toEqual({
      [`probe_shown_${tag}`]: true,
    })
    expect((asStaff.json as { customFields?: unknown }).customFields).toEqual({
      [`probe_shown_${tag}`]: true,
      [`probe_hidden_${tag}`]: staffOnlyValue,
    })
  })

  it("customers never see support's tags, not even on their own account's case, in any read", async () => {
    const failures: string[] = []
    const reads = allRoutes.filter(
      (route) => route.method === 'GET' && rolesOf(route.access).includes('customer'),
    )
    for (const [own, users] of [
      [acme, ['alice', 'adam']],
      [globex, ['gina']],
    ] as const) {
      for (const user of users) {
        for (const route of reads) {
          const path = fillPath(route.path, {
            caseId: own.caseId,
            accountId: own.accountId,
            fileId: own.fileId,
          })
          const reply = await request('GET', path + sampleQuery(route), { token: await token(user) })
          if (reply.text.includes(own.caseTag)) {
            figures.leaks++
            failures.push(`${user} GET ${path} → ${reply.status} shows the case's tag`)
          }
        }
        // Filtering by tag is support's: refused, whatever the account named.
        for (const query of [`?tag=${own.caseTag}`, `?tag=${own.caseTag}&accountId=${own.accountId}`]) {
          const reply = await request('GET', `/v1/cases${query}`, { token: await token(user) })
          if (reply.status !== 403)
            failures.push(`${user} GET /v1/cases${query} → ${reply.status}: expected 403`)
          else expectProblem(reply, query)
        }
      }
    }
    // Staff find each account's case by its tag, across accounts and within one.
    const sam = await token('sam')
    for (const tenant of [acme, globex]) {
      for (const query of [
        `?tag=${tenant.caseTag}`,
        `?tag=${tenant.caseTag}&accountId=${tenant.accountId}`,
      ]) {
        const reply = await request('GET', `/v1/cases${query}`, { token: sam })
        const ids = (reply.json as { items: { id: string }[] }).items.map((c) => c.id)
        if (ids.join() !== tenant.caseId) failures.push(`sam GET /v1/cases${query} → ${ids.join()}`)
      }
    }
    expect(failures).toEqual([])
  })

  it("a customer filtering by a custom field value sees only its own account's cases", async () => {
    // Arrange: a customer-visible enum field; one case with the same value in each account.
    const key = `probe_region_${randomUUID().slice(0, 8)}`
    const defined = await request('POST', '/v1/case-fields', {
      token: await token('root'),
      body: {
        key,
        labels: { de: 'Region', en: 'Region' },
        type: 'enum',
        options: [{ value: 'emea', labels: { de: 'EMEA', en: 'EMEA' } }],
        customerVisible: true,
        customerEditable: true,
      },
      headers: { 'idempotency-key': randomUUID() },
    })
    expect(defined.status).toBe(201)
    const filed: Record<string, string> = {}
    for (const user of ['alice', 'gina'] as const) {
      const reply = await request('POST', '/v1/cases', {
        token: await token(user),
        body: { title: `region ${user}`, description: 'x', product: 'p', customFields: { [key]: 'emea' } },
      })
      expect(reply.status).toBe(201)
      filed[user] = (reply.json as { id: string }).id
    }

    // Act + Assert: each customer lists its own; staff list both
    const failures: string[] = []
    for (const [user, own, foreign] of [
      ['alice', filed.alice, filed.gina],
      ['adam', filed.alice, filed.gina],
      ['gina', filed.gina, filed.alice],
    ] as const) {
      for (const query of [
        `?field=${key}:emea`,
        `?field=${key}:emea&accountId=globex`,
        `?field=${key}:emea&limit=100`,
      ]) {
        const reply = await request('GET', `/v1/cases${query}`, { token: await token(user) })
        if (reply.text.includes(foreign as string)) {
          figures.leaks++
          failures.push(`${user} GET /v1/cases${query} → ${reply.status} shows another account's case`)
        }
        if (reply.status === 200 && !reply.text.includes(own as string))
          failures.push(`${user} GET /v1/cases${query}: misses its own case`)
      }
    }
    const forStaff = await request('GET', `/v1/cases?field=${key}:emea`, { token: await token('sam') })
    expect((forStaff.json as { items: { id: string }[] }).items.map((c) => c.id).sort()).toEqual(
      [filed.alice, filed.gina].sort(),
    )
    expect(failures).toEqual([])
  })

  it("a customer admin's webhook receives only its account's customer-visible events, the operator's every event", async () => {
    // Everything the matrix changed has been published and every due delivery attempted.
    expect((await request('GET', '/local/events?limit=1')).status).toBe(200)
    await api.runtime.webhookQueue.idle()
    const acmeEvents = acmeInbox.received.map(
      (d) => JSON.parse(d.body) as { accountId?: string; type: string },
    )
    const operatorEvents = operatorInbox.received.map(
      (d) => JSON.parse(d.body) as { accountId?: string; type: string },
    )

    // The operator's subscription proves the events were there to leak: globex's and internal ones.
    expect(operatorEvents.some((e) => e.accountId === 'globex')).toBe(true)
    expect(operatorEvents.map((e) => e.type)).toContain('case.note_added')
    expect(acmeEvents.length).toBeGreaterThan(0)
    const foreign = acmeEvents.filter((e) => e.accountId !== 'acme')
    const staffOnly = acmeEvents.filter((e) =>
      ['case.note_added', 'case.sla_warning', 'case.sla_breached', 'survey.answered'].includes(e.type),
    )
    const bodies = acmeInbox.received.map((d) => d.body).join('\n')
    const found = globex.secrets.filter((secret) => bodies.includes(secret))
    figures.leaks +=
      foreign.length + staffOnly.length + found.length + (bodies.includes('internal note') ? 1 : 0)
    expect(foreign).toEqual([])
    expect(staffOnly).toEqual([])
    expect(found).toEqual([])
    expect(bodies).not.toContain('internal note')
    // The staff-only custom field's value reached the operator, never acme's receiver.
    expect(staffOnlyValue).not.toBe('')
    await operatorInbox.waitFor(1, (d) => d.body.includes(staffOnlyValue), 10_000)
    await api.runtime.webhookQueue.idle()
    // So did acme's case's tag: support's own, it never reached acme's receiver.
    await operatorInbox.waitFor(1, (d) => d.body.includes(acme.caseTag), 10_000)
    await api.runtime.webhookQueue.idle()
    const acmeBodies = acmeInbox.received.map((d) => d.body).join('\n')
    figures.leaks += acmeBodies.includes(staffOnlyValue) ? 1 : 0
    figures.leaks += acmeBodies.includes(acme.caseTag) ? 1 : 0
    expect(acmeBodies).not.toContain(staffOnlyValue)
    expect(acmeBodies).not.toContain(acme.caseTag)
  })

  it('ends with no leaks', () => {
    expect(figures.leaks).toBe(0)
    expect(figures.serverErrors).toBe(0)
  })
})
