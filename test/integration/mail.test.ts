import { beforeAll, describe, expect, it } from 'vitest'
import { deriveSigningKey } from '#src/adapters/signing-key.ts'
import type { Case } from '#src/domain/case.ts'
import { createReplyAddresses } from '#src/domain/reply-address.ts'
import { mailer as sesMailer } from '#src/runtime/mail-dependencies.ts'
import { useLocalApi } from './local-api.ts'

/**
 * E-mail out, end to end through the local runtime: the API writes a case event, DynamoDB Local's
 * stream delivers it, the event handler renders and sends it through aws-ses-v2-local, and
 * `GET /local/mail` shows it.
 */
const api = useLocalApi()

let alice = ''
let sam = ''

beforeAll(async () => {
  alice = await api.tokenFor('alice@acme.example')
  sam = await api.tokenFor('sam@vendor.example')
})

async function createCase(token: string, overrides: Record<string, unknown> = {}): Promise<Case> {
  const response = await api.request<Case>('POST', '/v1/cases', {
    token,
    body: {
      title: `Rechnungslauf bricht ab ${crypto.randomUUID().slice(0, 8)}`,
      description: 'Der nächtliche Rechnungslauf bricht bei Kunde 4711 ab.',
      product: 'Caseline ERP',
      ...overrides,
    },
  })
  expect(response.status).toBe(201)
  return response.body
}

const mailAbout = async (c: Case, to: string) =>
  (await api.sentMail({ to })).filter((mail) => mail.subject.includes(c.number))

describe('notifications', () => {
  it('confirms a new case to alice in German, from the support address, with a signed reply address of that case', async () => {
    // Act
    const c = await createCase(alice)

    // Assert
    const mails = await mailAbout(c, 'alice@acme.example')
    expect(mails).toHaveLength(1)
    const [mail] = mails
    expect(mail?.from).toContain('support@caseline.local')
    expect(mail?.subject).toContain(c.number)
    expect(mail?.subject).toContain('Ihr Fall wurde erfasst')
    expect(mail?.text).toContain('vielen Dank für Ihre Anfrage')
    // The deadline the case's SLA clock runs to: the same as GET /v1/cases/{id} shows.
    expect(mail?.text).toMatch(/Erste Antwort spätestens: .*\(Europe\/Vienna\)/)
    expect(mail?.html).toContain(c.number)
    const replies = createReplyAddresses(
      deriveSigningKey(process.env.CURSOR_SECRET as string, 'reply-address'),
      'reply.caseline.local',
    )
    expect(replies.caseIdOf(mail?.replyTo ?? '')).toBe(c.id)
  })

  it("mails alice sam's public comment, but not his internal note", async () => {
    // Arrange
    const c = await createCase(alice)

    // Act
    await api.request('POST', `/v1/cases/${c.id}/comments`, {
      token: sam,
      body: { body: 'Bitte senden Sie uns das Protokoll.', visibility: 'public' },
    })
    await api.request('POST', `/v1/cases/${c.id}/comments`, {
      token: sam,
      body: { body: 'Kunde ist ungeduldig', visibility: 'internal' },
    })

    // Assert
    const mails = await mailAbout(c, 'alice@acme.example')
    expect(mails).toHaveLength(2)
    expect(mails[0]?.text).toContain('Bitte senden Sie uns das Protokoll.')
    expect(JSON.stringify(await api.sentMail())).not.toContain('Kunde ist ungeduldig')
  })

  it('writes to gina of globex in English', async () => {
    const gina = await api.tokenFor('gina@globex.example')

    const c = await createCase(gina, { title: `Invoices stuck ${crypto.randomUUID().slice(0, 8)}` })

    const [mail] = await mailAbout(c, 'gina@globex.example')
    expect(mail?.subject).toContain(c.number)
    expect(mail?.text).toContain('Hello Gina Globex')
    expect(mail?.subject).toMatch(/received/i)
  })

  it("tells the responsible manager at once of a critical case, and the queue's team of a customer's comment", async () => {
    // Act
    const c = await createCase(alice, { severity: 'critical', impact: 'Keine Rechnungen, kein Umsatz.' })
    await api.request('POST', `/v1/cases/${c.id}/comments`, {
      token: alice,
      body: { body: 'Noch ein Detail.' },
    })

    // Assert
    expect(await mailAbout(c, 'maria@vendor.example')).toHaveLength(1)
    const team = await mailAbout(c, 'support-team@vendor.example')
    expect(team).toHaveLength(1)
    expect(team[0]?.text).toContain('Noch ein Detail.')
  })

  it('sends a failed mail again and never twice: the mailer fails once, exactly one mail arrives', async () => {
    // Arrange: the next send fails as SES would when throttling.
    const mailer = sesMailer()
    const send = mailer.send.bind(mailer)
    let failures = 0
    mailer.send = async (mail) => {
      if (failures === 0) {
        failures++
        throw Object.assign(new Error('Maximum sending rate exceeded (injected)'), {
          name: 'TooManyRequestsException',
        })
      }
      return send(mail)
    }

    try {
      // Act
      const c = await createCase(alice)

      // Assert
      expect(await mailAbout(c, 'alice@acme.example')).toHaveLength(1)
      expect(failures).toBe(1)
      expect(api.runtime.stream.deadLetters()).toEqual([])
    } finally {
      mailer.send = send
    }
  })

  it('sends nothing for a change that was refused (no event was written)', async () => {
    // Arrange
    const c = await createCase(alice)
    const before = (await api.sentMail()).length

    // Act: a stale If-Match is refused before anything is written.
    const refused = await api.request('PATCH', `/v1/cases/${c.id}`, {
      token: sam,
      headers: { 'if-match': '"999"' },
      body: { priority: 'high' },
    })

    // Assert
    expect(refused.status).toBe(412)
    expect(await api.sentMail()).toHaveLength(before)
  })
})

describe('the survey', () => {
  it('comes with the closing mail; its link names the case and takes one answer', async () => {
    // Arrange: sam answers and proposes a solution, alice confirms (closes) it.
    const c = await createCase(alice)
    const transition = (token: string, body: unknown) =>
      api.request('POST', `/v1/cases/${c.id}/transitions`, { token, body })
    expect((await transition(sam, { action: 'acknowledge' })).status).toBe(200)
    expect(
      (
        await transition(sam, {
          action: 'propose_solution',
          resolution: { kind: 'solved', summary: 'Der Rechnungslauf ist korrigiert.' },
        })
      ).status,
    ).toBe(200)
    expect((await transition(alice, { action: 'close' })).status).toBe(200)

    // Act
    const mails = await mailAbout(c, 'alice@acme.example')
    const closing = mails[0]
    const link = /http:\/\/localhost:\d+\/surveys\/[A-Za-z0-9._-]+/.exec(closing?.text ?? '')?.[0]

    // Assert: the link opens the hosted page; its token also works with the JSON API
    expect(link, closing?.text).toBeDefined()
    const path = `/v1${new URL(link as string).pathname}`
    const shown = await api.request<{ caseNumber: string; caseTitle: string }>('GET', path)
    expect(shown.status).toBe(200)
    expect(shown.body).toMatchObject({ caseNumber: c.number, caseTitle: c.title })
    expect(
      (await api.request('POST', path, { body: { rating: 5, comment: 'Schnell und freundlich' } })).status,
    ).toBe(201)
    expect((await api.request('POST', path, { body: { rating: 1 } })).status).toBe(409)
  })
})
