import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { demoUserId } from '#local/seed.ts'
import type { Case } from '#src/domain/case.ts'
import type { Contact } from '#src/domain/directory.ts'
import type { AccountView } from '#src/http/schemas/accounts.ts'
import { type Page, type Problem, useLocalApi } from './local-api.ts'

const api = useLocalApi()

const newCase = { title: 'Login page is slow', description: 'It takes a minute to load.', product: 'Portal' }
const gina = demoUserId('gina@globex.example')

/** A fresh address per test, so tests never depend on each other's registrations. */
const unique = (name: string, domain = 'acme.example') => `${name}.${randomUUID().slice(0, 8)}@${domain}`

describe('accounts and contacts, tried as a new user would through the local server', () => {
  let adam = ''
  let alice = ''
  let root = ''

  beforeAll(async () => {
    adam = await api.tokenFor('adam@acme.example')
    alice = await api.tokenFor('alice@acme.example')
    root = await api.tokenFor('root@vendor.example')
  })

  async function register(token: string, accountId: string, body: Record<string, unknown>) {
    return api.request<Contact>('POST', `/v1/accounts/${accountId}/contacts`, { token, body })
  }

  it('adam registers a new colleague, who can then get a token and file a case', async () => {
    // Arrange
    const email = unique('Carla')

    // Act
    const registered = await register(adam, 'acme', { email, name: 'Carla Acme', locale: 'de' })
    const token = await api.request<{ token: string }>('POST', '/local/token', { body: { email } })
    const filed = await api.request<Case>('POST', '/v1/cases', { token: token.body.token, body: newCase })
    const listed = await api.request<Page<Contact>>('GET', '/v1/accounts/acme/contacts?limit=100', {
      token: adam,
    })

    // Assert
    expect(registered.status).toBe(201)
    expect(registered.body).toMatchObject({
      accountId: 'acme',
      email: email.toLowerCase(),
      name: 'Carla Acme',
      role: 'customer',
      active: true,
      locale: 'de',
    })
    expect(registered.headers.get('location')).toBe(`${api.url}/v1/accounts/acme/contacts`)
    expect(token.status).toBe(200)
    expect(filed.status).toBe(201)
    expect(filed.body).toMatchObject({ accountId: 'acme', contactId: registered.body.id })
    expect(listed.body.items.map((c) => c.email)).toContain(email.toLowerCase())
  })

  it('a retry with the same Idempotency-Key registers the contact once', async () => {
    const body = { email: unique('dora'), name: 'Dora Acme' }
    const headers = { 'idempotency-key': randomUUID() }

    const first = await api.request<Contact>('POST', '/v1/accounts/acme/contacts', {
      token: adam,
      body,
      headers,
    })
    const retry = await api.request<Contact>('POST', '/v1/accounts/acme/contacts', {
      token: adam,
      body,
      headers,
    })

    expect(first.status).toBe(201)
    expect(retry.status).toBe(201)
    expect(retry.body.id).toBe(first.body.id)
  })

  it('adam cannot touch globex contacts: 404, and nothing of them shows', async () => {
    const attempts = [
      await api.request<Problem>('GET', '/v1/accounts/globex/contacts', { token: adam }),
      await register(adam, 'globex', { email: unique('eve', 'globex.example'), name: 'Eve' }),
      await api.request<Problem>('PATCH', `/v1/accounts/globex/contacts/${gina}`, {
        token: adam,
        body: { active: false },
      }),
      await api.request<Problem>('PATCH', `/v1/accounts/acme/contacts/${gina}`, {
        token: adam,
        body: { active: false },
      }),
    ]

    expect(attempts.map((r) => r.status)).toEqual([404, 404, 404, 404])
    for (const reply of attempts) expect(JSON.stringify(reply.body)).not.toContain('gina@globex.example')
    // Gina still signs in.
    expect(
      (await api.request('POST', '/local/token', { body: { email: 'gina@globex.example' } })).status,
    ).toBe(200)
  })

  it('alice, a plain customer, may neither list nor register contacts (403)', async () => {
    const listed = await api.request<Problem>('GET', '/v1/accounts/acme/contacts', { token: alice })
    const registered = await register(alice, 'acme', { email: unique('frank'), name: 'Frank' })

    expect(listed.status).toBe(403)
    expect(listed.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(registered.status).toBe(403)
  })

  it('a taken address is a 409, whoever holds it and however it is spelled', async () => {
    const contactAddress = await register(adam, 'acme', { email: 'ALICE@acme.example', name: 'Alice 2' })
    const otherAccount = await register(root, 'acme', { email: 'gina@globex.example', name: 'Gina 2' })
    const staffAddress = await register(root, 'globex', { email: 'sam@vendor.example', name: 'Sam 2' })

    expect([contactAddress.status, otherAccount.status, staffAddress.status]).toEqual([409, 409, 409])
    expect((contactAddress.body as unknown as Problem).type).toBe('/problems/conflict')
  })

  it('a deactivated contact gets no token and cannot file a case, even with a token it still holds', async () => {
    // Arrange
    const email = unique('gus')
    const registered = await register(adam, 'acme', { email, name: 'Gus Acme' })
    const heldToken = await api.tokenFor(email)

    // Act
    const deactivated = await api.request<Contact>(
      'PATCH',
      `/v1/accounts/acme/contacts/${registered.body.id}`,
      { token: adam, body: { active: false } },
    )
    const token = await api.request<Problem>('POST', '/local/token', { body: { email } })
    const filed = await api.request<Problem>('POST', '/v1/cases', { token: heldToken, body: newCase })
    const reactivated = await api.request<Contact>(
      'PATCH',
      `/v1/accounts/acme/contacts/${registered.body.id}`,
      { token: adam, body: { active: true } },
    )

    // Assert
    expect(deactivated.status).toBe(200)
    expect(deactivated.body.active).toBe(false)
    expect(token.status).toBe(403)
    expect(filed.status).toBe(403)
    expect(filed.body.detail).toMatch(/deactivated/)
    expect(reactivated.body.active).toBe(true)
    expect((await api.request('POST', '/local/token', { body: { email } })).status).toBe(200)
  })

  it('adam changes a colleague’s address: the new one signs in and mails in, the old one no longer', async () => {
    // Arrange
    const before = unique('hanna')
    const after = unique('hanna.neu')
    const registered = await register(adam, 'acme', { email: before, name: 'Hanna Acme' })
    const mailFrom = async (from: string) => {
      const raw = [
        `From: ${from}`,
        'To: support@caseline.local',
        'Subject: Drucker streikt',
        `Message-ID: <${randomUUID()}@mail.example>`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Der Drucker druckt nicht.',
        '',
      ].join('\r\n')
      const reply = await api.request<{ kind: string; caseId?: string }>('POST', '/local/inbound-mail', {
        rawBody: raw,
        headers: { 'content-type': 'message/rfc822' },
      })
      return reply.body
    }

    // Act
    const changed = await api.request<Contact>('PATCH', `/v1/accounts/acme/contacts/${registered.body.id}`, {
      token: adam,
      body: { email: after },
    })
    const oldToken = await api.request<Problem>('POST', '/local/token', { body: { email: before } })
    const newToken = await api.request<{ token: string }>('POST', '/local/token', { body: { email: after } })
    const fromNew = await mailFrom(after)
    const fromOld = await mailFrom(before)
    const taken = await api.request<Problem>('PATCH', `/v1/accounts/acme/contacts/${registered.body.id}`, {
      token: adam,
      body: { email: 'alice@acme.example' },
    })
    const listed = await api.request<Page<Contact>>('GET', '/v1/accounts/acme/contacts?limit=100', {
      token: adam,
    })

    // Assert
    expect(changed.status).toBe(200)
    expect(changed.body).toMatchObject({ id: registered.body.id, email: after.toLowerCase() })
    expect(oldToken.status).toBe(404)
    expect(newToken.status).toBe(200)
    expect(fromNew.kind).toBe('case')
    const filed = await api.request<Case>('GET', `/v1/cases/${fromNew.caseId}`, { token: adam })
    expect(filed.body.contactId).toBe(registered.body.id)
    expect(fromOld.kind).not.toBe('case')
    expect(taken.status).toBe(409)
    const emails = listed.body.items.map((c) => c.email)
    expect(emails).toContain(after.toLowerCase())
    expect(emails).not.toContain(before.toLowerCase())
  })

  it('adam promotes a colleague to customer admin, who can then manage contacts; adam cannot demote or deactivate himself', async () => {
    // Arrange
    const email = unique('hanna')
    const registered = await register(adam, 'acme', { email, name: 'Hanna Acme' })
    const path = `/v1/accounts/acme/contacts/${registered.body.id}`

    // Act
    const promoted = await api.request<Contact>('PATCH', path, {
      token: adam,
      body: { role: 'customer_admin' },
    })
    const hanna = await api.tokenFor(email)
    const listedByHanna = await api.request('GET', '/v1/accounts/acme/contacts', { token: hanna })
    const adamId = demoUserId('adam@acme.example')
    const selfDemotion = await api.request<Problem>('PATCH', `/v1/accounts/acme/contacts/${adamId}`, {
      token: adam,
      body: { role: 'customer' },
    })
    const selfDeactivation = await api.request<Problem>('PATCH', `/v1/accounts/acme/contacts/${adamId}`, {
      token: adam,
      body: { active: false },
    })

    // Assert
    expect(promoted.body.role).toBe('customer_admin')
    expect(listedByHanna.status).toBe(200)
    expect(selfDemotion.status).toBe(409)
    expect(selfDeactivation.status).toBe(409)
  })

  it("an address outside the account's e-mail domains is refused with 400", async () => {
    const id = `initech-${randomUUID().slice(0, 8)}`
    await api.request('POST', '/v1/accounts', {
      token: root,
      body: {
        id,
        name: 'Initech',
        serviceLevel: 'standard',
        locale: 'en',
        calendarId: 'vienna',
        emailDomains: ['initech.example'],
      },
    })

    const outside = await register(root, id, { email: unique('peter', 'gmail.example'), name: 'Peter' })
    const inside = await register(root, id, { email: unique('peter', 'initech.example'), name: 'Peter' })

    expect(outside.status).toBe(400)
    expect((outside.body as unknown as Problem).errors).toEqual([
      expect.objectContaining({ pointer: '/email' }),
    ])
    expect(inside.status).toBe(201)
  })
})

describe('accounts through the local HTTP API', () => {
  let adam = ''
  let root = ''
  let maria = ''

  beforeAll(async () => {
    adam = await api.tokenFor('adam@acme.example')
    root = await api.tokenFor('root@vendor.example')
    maria = await api.tokenFor('maria@vendor.example')
  })

  it('admin root creates an account and reads it; the list holds it', async () => {
    // Arrange
    const name = `Umbrella ${randomUUID().slice(0, 8)}`

    // Act
    const created = await api.request<AccountView>('POST', '/v1/accounts', {
      token: root,
      body: {
        name,
        serviceLevel: 'premium',
        locale: 'en',
        calendarId: 'follow-the-sun',
        responsibleManagerId: demoUserId('maria@vendor.example'),
        escalationRecipients: { '4': [demoUserId('root@vendor.example')] },
      },
    })
    const read = await api.request<AccountView>('GET', `/v1/accounts/${created.body.id}`, { token: root })
    const listed = await api.request<Page<AccountView>>('GET', '/v1/accounts?limit=100', { token: root })

    // Assert
    expect(created.status).toBe(201)
    expect(created.body.id).toBe(name.toLowerCase().replace(' ', '-'))
    expect(created.headers.get('location')).toBe(`${api.url}/v1/accounts/${created.body.id}`)
    expect(read.status).toBe(200)
    expect(read.headers.get('etag')).toBe('"1"')
    expect(read.body).toEqual(created.body)
    expect(read.body).toMatchObject({
      serviceLevel: 'premium',
      slaPolicyId: 'default',
      emailDomains: [],
      version: 1,
    })
    expect(listed.body.items.map((a) => a.id)).toEqual(
      expect.arrayContaining(['acme', 'globex', created.body.id]),
    )
  })

  it('a taken id is a 409, and unknown or inactive staff a 400', async () => {
    const taken = await api.request<Problem>('POST', '/v1/accounts', {
      token: root,
      body: { id: 'acme', name: 'ACME again', serviceLevel: 'standard', locale: 'de', calendarId: 'vienna' },
    })
    const unknownStaff = await api.request<Problem>('POST', '/v1/accounts', {
      token: root,
      body: {
        name: 'Nobody Corp',
        serviceLevel: 'standard',
        locale: 'de',
        calendarId: 'vienna',
        escalationRecipients: { '1': ['no-such-staff'] },
      },
    })

    expect(taken.status).toBe(409)
    expect(unknownStaff.status).toBe(400)
    expect(unknownStaff.body.errors).toEqual([
      { pointer: '/escalationRecipients/1/0', detail: 'is not an active staff member' },
    ])
  })

  it('root changes an account; with If-Match a stale version is a 412', async () => {
    // Arrange
    const id = `hooli-${randomUUID().slice(0, 8)}`
    await api.request('POST', '/v1/accounts', {
      token: root,
      body: { id, name: 'Hooli', serviceLevel: 'standard', locale: 'en', calendarId: 'vienna' },
    })

    // Act
    const changed = await api.request<AccountView>('PATCH', `/v1/accounts/${id}`, {
      token: root,
      body: { serviceLevel: 'premium', emailDomains: ['hooli.example'] },
      headers: { 'if-match': '"1"' },
    })
    const stale = await api.request<Problem>('PATCH', `/v1/accounts/${id}`, {
      token: root,
      body: { locale: 'de' },
      headers: { 'if-match': '"1"' },
    })
    const withoutIfMatch = await api.request<AccountView>('PATCH', `/v1/accounts/${id}`, {
      token: root,
      body: { locale: 'de' },
    })

    // Assert
    expect(changed.status).toBe(200)
    expect(changed.headers.get('etag')).toBe('"2"')
    expect(changed.body).toMatchObject({
      serviceLevel: 'premium',
      emailDomains: ['hooli.example'],
      version: 2,
    })
    expect(stale.status).toBe(412)
    expect(withoutIfMatch.body).toMatchObject({ serviceLevel: 'premium', locale: 'de', version: 3 })
  })

  it('adam reads his own account, not globex (404), and may not list or change accounts (403)', async () => {
    const own = await api.request<AccountView>('GET', '/v1/accounts/acme', { token: adam })
    const foreign = await api.request<Problem>('GET', '/v1/accounts/globex', { token: adam })
    const list = await api.request<Problem>('GET', '/v1/accounts', { token: adam })
    const change = await api.request<Problem>('PATCH', '/v1/accounts/acme', {
      token: adam,
      body: { name: 'Mine' },
    })

    expect(own.status).toBe(200)
    expect(own.body).toMatchObject({ id: 'acme', serviceLevel: 'premium', locale: 'de' })
    expect(foreign.status).toBe(404)
    expect(JSON.stringify(foreign.body)).not.toContain('Globex Inc.')
    expect(list.status).toBe(403)
    expect(change.status).toBe(403)
  })

  it('other staff roles do not manage accounts (403)', async () => {
    const read = await api.request<Problem>('GET', '/v1/accounts/acme', { token: maria })

    expect(read.status).toBe(403)
  })
})
