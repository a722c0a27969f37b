import { beforeAll, describe, expect, it } from 'vitest'
import type { Case } from '#src/domain/case.ts'
import type { Comment } from '#src/domain/comment.ts'
import { type Page, useLocalApi } from './local-api.ts'

/**
 * E-mail in through the local runtime: `POST /local/inbound-mail` stores the raw message as SES's
 * S3 action would and invokes the mail-in handler with SES's receipt event.
 */
const api = useLocalApi()

let alice = ''
let sam = ''

beforeAll(async () => {
  alice = await api.tokenFor('alice@acme.example')
  sam = await api.tokenFor('sam@vendor.example')
})

/** A raw RFC 822 message as a mail client would send it. */
function rawMail(options: {
  from: string
  to: string
  subject: string
  body: string
  inReplyTo?: string
  messageId?: string
}): string {
  return [
    `From: ${options.from}`,
    `To: ${options.to}`,
    `Subject: ${options.subject}`,
    `Message-ID: <${options.messageId ?? crypto.randomUUID()}@mail.example>`,
    ...(options.inReplyTo ? [`In-Reply-To: ${options.inReplyTo}`, `References: ${options.inReplyTo}`] : []),
    'Date: Wed, 25 Nov 2026 10:00:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    options.body,
    '',
  ].join('\r\n')
}

async function deliver(raw: string): Promise<{ kind: string; caseId?: string }> {
  const response = await api.request<{ kind: string; caseId?: string }>('POST', '/local/inbound-mail', {
    rawBody: raw,
    headers: { 'content-type': 'message/rfc822' },
  })
  expect(response.status).toBe(200)
  return response.body
}

async function publicComments(caseId: string, token: string): Promise<Comment[]> {
  const response = await api.request<Page<Comment>>('GET', `/v1/cases/${caseId}/comments`, { token })
  expect(response.status).toBe(200)
  return response.body.items
}

async function aliceCaseWithStaffComment(): Promise<{ c: Case; replyTo: string; sesMessageId: string }> {
  const created = await api.request<Case>('POST', '/v1/cases', {
    token: alice,
    body: {
      title: 'Export bricht ab',
      description: 'Der CSV-Export bricht bei 10.000 Zeilen ab.',
      product: 'Caseline ERP',
    },
  })
  expect(created.status).toBe(201)
  const c = created.body
  await api.request('POST', `/v1/cases/${c.id}/comments`, {
    token: sam,
    body: { body: 'Welche Version setzen Sie ein?', visibility: 'public' },
  })
  const [mail] = (await api.sentMail({ to: 'alice@acme.example' })).filter(
    (m) => m.subject.includes(c.number) && m.text.includes('Welche Version'),
  )
  expect(mail?.replyTo).toMatch(/^case\./)
  return { c, replyTo: mail?.replyTo as string, sesMessageId: mail?.messageId as string }
}

describe('e-mail in', () => {
  it("turns alice's answer to a mail's Reply-To into a public comment on that case, without the quoted mail", async () => {
    // Arrange
    const { c, replyTo } = await aliceCaseWithStaffComment()

    // Act
    const outcome = await deliver(
      rawMail({
        from: 'Alice Acme <alice@acme.example>',
        to: replyTo,
        subject: `Re: [${c.number}] Neue Antwort zu Ihrem Fall`,
        body: 'Wir setzen Version 7.2 ein.\r\n\r\nAm 25.11.2026 um 10:00 schrieb Support:\r\n> Welche Version setzen Sie ein?',
      }),
    )

    // Assert
    expect(outcome).toMatchObject({ kind: 'comment', caseId: c.id })
    const comments = await publicComments(c.id, alice)
    const fromMail = comments.find((comment) => comment.body.includes('Version 7.2'))
    expect(fromMail?.body).not.toContain('schrieb Support')
    expect(fromMail?.visibility).toBe('public')
    // And the other party hears of it: the assignee, or the queue's team while nobody owns the case.
    const team = await api.sentMail({ to: 'support-team@vendor.example' })
    expect(team.some((m) => m.text.includes('Version 7.2'))).toBe(true)
  })

  it("finds the case from References naming a mail we sent, when the reply address wasn't used", async () => {
    const { c, sesMessageId } = await aliceCaseWithStaffComment()

    const outcome = await deliver(
      rawMail({
        from: 'alice@acme.example',
        to: 'support@caseline.local',
        subject: 'Re: Version',
        body: 'Version 7.3, Entschuldigung.',
        inReplyTo: `<${sesMessageId}@email.amazonses.com>`,
      }),
    )

    expect(outcome).toMatchObject({ kind: 'comment', caseId: c.id })
  })

  it("adds nothing to acme's case when gina of globex writes to its reply address: her mail becomes a globex case", async () => {
    // Arrange
    const { c, replyTo } = await aliceCaseWithStaffComment()
    const before = await publicComments(c.id, sam)

    // Act
    const outcome = await deliver(
      rawMail({
        from: 'gina@globex.example',
        to: replyTo,
        subject: 'Hello?',
        body: 'Is this the right address?',
      }),
    )

    // Assert
    expect(await publicComments(c.id, sam)).toEqual(before)
    expect(outcome.kind).toBe('case')
    expect(outcome.caseId).not.toBe(c.id)
    const gina = await api.tokenFor('gina@globex.example')
    const hers = await api.request<Case>('GET', `/v1/cases/${outcome.caseId}`, { token: gina })
    expect(hers.status).toBe(200)
    expect(hers.body).toMatchObject({ accountId: 'globex', title: 'Hello?' })
  })

  it('opens a new case from a mail to the support address, and confirms it by mail', async () => {
    const outcome = await deliver(
      rawMail({
        from: 'alice@acme.example',
        to: 'support@caseline.local',
        subject: 'Drucker druckt doppelt',
        body: 'Jede Mahnung kommt zweimal aus dem Drucker.',
      }),
    )

    expect(outcome.kind).toBe('case')
    const created = await api.request<Case>('GET', `/v1/cases/${outcome.caseId}`, { token: alice })
    expect(created.body).toMatchObject({ title: 'Drucker druckt doppelt', accountId: 'acme' })
    const confirmations = (await api.sentMail({ to: 'alice@acme.example' })).filter((m) =>
      m.subject.includes(created.body.number),
    )
    expect(confirmations).toHaveLength(1)
  })

  it('creates nothing for an unregistered sender and answers once with how to register', async () => {
    const stranger = `stranger-${crypto.randomUUID().slice(0, 8)}@elsewhere.example`
    const mail = rawMail({ from: stranger, to: 'support@caseline.local', subject: 'Help', body: 'Anyone?' })

    const first = await deliver(mail)
    const second = await deliver(mail)

    expect(first.kind).toBe('auto_replied')
    expect(second.kind).not.toBe('case')
    const replies = await api.sentMail({ to: stranger })
    expect(replies).toHaveLength(1)
    expect(replies[0]?.headers['Auto-Submitted']).toBe('auto-replied')
  })
})
