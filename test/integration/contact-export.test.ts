import { beforeAll, describe, expect, it } from 'vitest'
import { deriveSigningKey } from '#src/adapters/signing-key.ts'
import type { Case } from '#src/domain/case.ts'
import type { Comment } from '#src/domain/comment.ts'
import type { Contact } from '#src/domain/directory.ts'
import { createSurveyTokens } from '#src/domain/survey-token.ts'
import { type Problem, useLocalApi } from './local-api.ts'

const api = useLocalApi()

interface Line {
  section: string
  record: Record<string, unknown>
}

let adam = ''
let sam = ''
let root = ''

beforeAll(async () => {
  adam = await api.tokenFor('adam@acme.example')
  sam = await api.tokenFor('sam@vendor.example')
  root = await api.tokenFor('root@vendor.example')
})

async function registerContact(name: string): Promise<{ contact: Contact; token: string }> {
  const email = `${name.toLowerCase()}-${crypto.randomUUID().slice(0, 8)}@acme.example`
  const registered = await api.request<Contact>('POST', '/v1/accounts/acme/contacts', {
    token: adam,
    body: { email, name: `${name} Acme`, locale: 'en' },
  })
  expect(registered.status).toBe(201)
  return { contact: registered.body, token: await api.tokenFor(email) }
}

async function fileCase(token: string, title: string): Promise<Case> {
  const created = await api.request<Case>('POST', '/v1/cases', {
    token,
    body: { title, description: `${title}: details.`, product: 'Caseline ERP' },
  })
  expect(created.status).toBe(201)
  return created.body
}

async function comment(token: string, caseId: string, body: string): Promise<Comment> {
  const added = await api.request<Comment>('POST', `/v1/cases/${caseId}/comments`, {
    token,
    body: { body, visibility: 'public' },
  })
  expect(added.status).toBe(201)
  return added.body
}

async function act(token: string, caseId: string, body: Record<string, unknown>): Promise<void> {
  const response = await api.request('POST', `/v1/cases/${caseId}/transitions`, { token, body })
  expect(response.status).toBe(200)
}

/** One page of the export as a client reads it: the content type, the lines and the `Link` header. */
async function pageAt(token: string, pathAndQuery: string) {
  const response = await fetch(`${api.url}${pathAndQuery}`, { headers: { authorization: `Bearer ${token}` } })
  const text = await response.text()
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    link: response.headers.get('link'),
    text,
  }
}

const exportPath = (accountId: string, contactId: string) =>
  `/v1/accounts/${accountId}/contacts/${contactId}/export`

/** The first page of the export (the whole export, while it fits one page). */
const exportOf = (token: string, accountId: string, contactId: string) =>
  pageAt(token, exportPath(accountId, contactId))

/** The URL a `Link: <url>; rel="next"` header names, if any. */
function nextOf(link: string | null): string | undefined {
  const match = link?.match(/^<([^>]+)>;\s*rel="next"$/)
  return match?.[1]
}

/** Every page of the export, following the `Link` headers from `first`. */
async function allPagesOf(token: string, first: string) {
  const pages: Line[][] = []
  let next: string | undefined = first
  while (next) {
    const page = await pageAt(token, next)
    expect(page.status).toBe(200)
    expect(page.type).toBe('application/x-ndjson')
    pages.push(linesOf(page.text))
    next = nextOf(page.link)
    expect(pages.length).toBeLessThan(200)
  }
  return pages
}

const linesOf = (text: string): Line[] =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Line)

const ofSection = (lines: Line[], section: string) =>
  lines.filter((line) => line.section === section).map((line) => line.record)

describe('GET /v1/accounts/{accountId}/contacts/{contactId}/export', () => {
  it("holds every item of the person's and nothing of a colleague's", async () => {
    // Arrange: carla files two cases, comments, uploads, watches olga's case, closes one and answers its survey.
    const carla = await registerContact('Carla')
    const olga = await registerContact('Olga')
    const own = await fileCase(carla.token, `Carla's printer ${crypto.randomUUID()}`)
    const closing = await fileCase(carla.token, `Carla's invoice ${crypto.randomUUID()}`)
    const olgas = await fileCase(olga.token, `Olga's secret payroll question ${crypto.randomUUID()}`)
    const carlaOnOwn = await comment(carla.token, own.id, 'Carla: it still prints twice.')
    const samOnOwn = await comment(sam, own.id, 'Sam: please send a log.')
    const olgaOnOwn = await comment(olga.token, own.id, 'Olga: same here, a colleague note.')
    const carlaOnOlgas = await comment(carla.token, olgas.id, 'Carla: I see this too.')
    const olgaOnOlgas = await comment(olga.token, olgas.id, 'Olga: the payroll is private.')
    const internal = await api.request<Comment>('POST', `/v1/cases/${own.id}/comments`, {
      token: sam,
      body: { body: 'Internal: customer seems annoyed.', visibility: 'internal' },
    })
    expect(internal.status).toBe(201)
    const upload = await api.request<{ file: { id: string } }>('POST', `/v1/cases/${own.id}/files`, {
      token: carla.token,
      body: { name: 'printer.log', size: 3, contentType: 'text/plain' },
    })
    expect(upload.status).toBe(201)
    const watched = await api.request('POST', `/v1/cases/${olgas.id}/watchers`, {
      token: carla.token,
      body: {},
    })
    expect(watched.status).toBe(201)
    await act(sam, closing.id, {
      action: 'propose_solution',
      resolution: { kind: 'solved', summary: 'Fixed.' },
    })
    await act(carla.token, closing.id, { action: 'close' })
    await api.sentMail()
    const secret = process.env.CURSOR_SECRET
    if (!secret) throw new Error('the local runtime sets CURSOR_SECRET')
    const surveyToken = createSurveyTokens(deriveSigningKey(secret, 'survey-token')).tokenFor(closing.id)
    const answered = await api.request('POST', `/v1/surveys/${surveyToken}`, {
      body: { rating: 4, comment: 'Quick and kind.' },
    })
    expect(answered.status).toBe(201)
    const mailToCarla = await api.sentMail({ to: carla.contact.email })
    expect(mailToCarla.length).toBeGreaterThan(0)

    // Act
    const exported = await exportOf(adam, 'acme', carla.contact.id)

    // Assert
    expect(exported.status).toBe(200)
    expect(exported.type).toBe('application/x-ndjson')
    const lines = linesOf(exported.text)
    expect(lines.map((line) => line.section)).toEqual([...lines.map((line) => line.section)].sort(bySection))
    expect(ofSection(lines, 'profile')).toEqual([
      expect.objectContaining({ kind: 'contact', id: carla.contact.id, email: carla.contact.email }),
      { kind: 'emailClaim', claim: expect.objectContaining({ userId: carla.contact.id, kind: 'contact' }) },
    ])
    expect(
      ofSection(lines, 'cases')
        .map((c) => c.id)
        .sort(),
    ).toEqual([own.id, closing.id].sort())
    expect(ofSection(lines, 'watching')).toEqual([
      expect.objectContaining({ caseId: olgas.id, userId: carla.contact.id }),
    ])
    expect(
      ofSection(lines, 'comments')
        .map((c) => c.id)
        .sort(),
    ).toEqual([carlaOnOwn.id, carlaOnOlgas.id].sort())
    expect(ofSection(lines, 'files')).toEqual([
      expect.objectContaining({ kind: 'file', id: upload.body.file.id, uploadedBy: carla.contact.id }),
    ])
    expect(ofSection(lines, 'surveys')).toEqual([
      expect.objectContaining({ caseId: closing.id, answer: expect.objectContaining({ rating: 4 }) }),
    ])
    const history = ofSection(lines, 'history')
    expect(history.length).toBeGreaterThan(0)
    expect(history.every((event) => (event.actor as { userId: string }).userId === carla.contact.id)).toBe(
      true,
    )
    expect(history.map((event) => event.action)).toEqual(
      expect.arrayContaining(['create', 'comment', 'close']),
    )
    const mail = ofSection(lines, 'mail')
    expect(mail.filter((record) => record.kind === 'sentNotification')).toHaveLength(mailToCarla.length)
    expect(ofSection(lines, 'erasures')).toEqual([])
    // Nothing of olga's, of staff's notes, of other people's comments.
    for (const absent of [
      olga.contact.email,
      olgaOnOwn.body,
      olgaOnOlgas.body,
      samOnOwn.body,
      internal.body.body,
    ]) {
      expect(exported.text).not.toContain(absent)
    }
    expect(ofSection(lines, 'cases').map((c) => c.id)).not.toContain(olgas.id)
    expect(exported.text).not.toContain(`"contactId":"${olga.contact.id}"`)
  })

  it('pages through the export with Link rel=next: small pages hold exactly the lines of one big page', async () => {
    // Arrange: dina files cases, comments and watches a colleague's case; her colleague ella does the same.
    const dina = await registerContact('Dina')
    const ella = await registerContact('Ella')
    const dinas = [await fileCase(dina.token, `Dina's scanner ${crypto.randomUUID()}`)]
    dinas.push(await fileCase(dina.token, `Dina's VPN ${crypto.randomUUID()}`))
    const ellas = await fileCase(ella.token, `Ella's confidential contract ${crypto.randomUUID()}`)
    for (const [i, c] of dinas.entries()) {
      await comment(dina.token, c.id, `Dina: detail ${i} on her own case.`)
      await comment(sam, c.id, `Sam: answer ${i} for Dina.`)
    }
    await comment(dina.token, ellas.id, 'Dina: seen it on my side too.')
    const ellaSecret = await comment(ella.token, ellas.id, `Ella: private remark ${crypto.randomUUID()}`)
    const watched = await api.request('POST', `/v1/cases/${ellas.id}/watchers`, {
      token: dina.token,
      body: {},
    })
    expect(watched.status).toBe(201)
    await comment(sam, ellas.id, 'Sam: an answer both watchers get by mail.')
    await api.sentMail()

    // Act
    const whole = await exportOf(adam, 'acme', dina.contact.id)
    const pages = await allPagesOf(adam, `${exportPath('acme', dina.contact.id)}?limit=3`)

    // Assert
    expect(whole.status).toBe(200)
    expect(whole.link).toBeNull()
    const lines = linesOf(whole.text)
    expect(ofSection(lines, 'mail').length).toBeGreaterThan(0)
    expect(pages.length).toBe(Math.ceil(lines.length / 3))
    expect(pages.every((page) => page.length <= 3)).toBe(true)
    expect(pages.flat()).toEqual(lines)
    const everything = JSON.stringify(pages)
    for (const absent of [ella.contact.email, ellaSecret.body, 'Sam: answer']) {
      expect(everything).not.toContain(absent)
    }
    expect(ofSection(pages.flat(), 'cases').map((c) => c.id)).not.toContain(ellas.id)
  })

  it('answers 400 to an edited cursor, to a cursor of another contact, and to a limit out of range', async () => {
    // Arrange
    const fred = await registerContact('Fred')
    const gail = await registerContact('Gail')
    await fileCase(fred.token, `Fred's laptop ${crypto.randomUUID()}`)
    const first = await pageAt(adam, `${exportPath('acme', fred.contact.id)}?limit=1`)
    const next = nextOf(first.link) ?? ''
    const cursor = new URL(next, api.url).searchParams.get('cursor') ?? ''
    const edited = `${Buffer.from('{"phase":"mail","skip":0}').toString('base64url')}.${cursor.split('.')[1]}`

    // Act
    const followed = await pageAt(adam, next)
    const tampered = await api.request<Problem>(
      'GET',
      `${exportPath('acme', fred.contact.id)}?cursor=${encodeURIComponent(edited)}`,
      { token: adam },
    )
    const replayed = await api.request<Problem>(
      'GET',
      `${exportPath('acme', gail.contact.id)}?cursor=${encodeURIComponent(cursor)}`,
      { token: adam },
    )
    const tooMany = await api.request<Problem>('GET', `${exportPath('acme', fred.contact.id)}?limit=1001`, {
      token: adam,
    })

    // Assert
    expect(first.status).toBe(200)
    expect(linesOf(first.text)).toHaveLength(1)
    expect(next).toMatch(new RegExp(`^${exportPath('acme', fred.contact.id)}\\?cursor=[^&]+&limit=1$`))
    expect(followed.status).toBe(200)
    expect(linesOf(followed.text).map((line) => line.section)).toEqual(['profile'])
    for (const refused of [tampered, replayed, tooMany]) {
      expect(refused.status).toBe(400)
      expect(refused.body.type).toMatch(/validation-error$/)
    }
    expect(tampered.body.errors).toEqual([expect.objectContaining({ parameter: 'cursor' })])
    expect(replayed.body.errors).toEqual([expect.objectContaining({ parameter: 'cursor' })])
  })

  it('answers 404 for another account, 404 for a contact of another account, 403 for a plain customer', async () => {
    // Arrange
    const { contact } = await registerContact('Paula')
    const alice = await api.tokenFor('alice@acme.example')
    const gina = await api.tokenFor('gina@globex.example')
    const globexAdminEmail = `ivo-${crypto.randomUUID().slice(0, 8)}@globex.example`
    const globexAdmin = await api.request<Contact>('POST', '/v1/accounts/globex/contacts', {
      token: root,
      body: { email: globexAdminEmail, name: 'Ivo Globex', locale: 'en', role: 'customer_admin' },
    })
    expect(globexAdmin.status).toBe(201)
    const ivo = await api.tokenFor(globexAdminEmail)

    // Act
    const byOtherAdmin = await exportOf(ivo, 'acme', contact.id)
    const throughOwnAccount = await exportOf(ivo, 'globex', contact.id)
    const wrongAccountPath = await exportOf(root, 'globex', contact.id)
    const byCustomer = await api.request<Problem>('GET', `/v1/accounts/acme/contacts/${contact.id}/export`, {
      token: alice,
    })
    const byGina = await exportOf(gina, 'globex', contact.id)
    const byRoot = await exportOf(root, 'acme', contact.id)

    // Assert
    expect(byOtherAdmin.status).toBe(404)
    expect(throughOwnAccount.status).toBe(404)
    expect(wrongAccountPath.status).toBe(404)
    expect(byCustomer.status).toBe(403)
    expect(byGina.status).toBe(403)
    expect(byRoot.status).toBe(200)
    expect(linesOf(byRoot.text).map((line) => line.section)).toEqual(['profile', 'profile'])
  })
})

const sectionOrder = [
  'profile',
  'cases',
  'watching',
  'comments',
  'history',
  'files',
  'surveys',
  'mail',
  'erasures',
]
const bySection = (a: string, b: string) => sectionOrder.indexOf(a) - sectionOrder.indexOf(b)
