import { beforeAll, describe, expect, it } from 'vitest'
import { demoUserId } from '#local/seed.ts'
import type { CaseEvent } from '#src/domain/case.ts'
import type { CaseWatcher } from '#src/domain/case-watcher.ts'
import type { Comment } from '#src/domain/comment.ts'
import { type Page, type Problem, useLocalApi } from './local-api.ts'

/** Watchers through the local runtime: the routes, the mail they get, their replies and Cc by mail. */
const api = useLocalApi()

const aliceId = demoUserId('alice@acme.example')
const adamId = demoUserId('adam@acme.example')
const ginaId = demoUserId('gina@globex.example')
const erinId = demoUserId('erin@vendor.example')

let alice = ''
let adam = ''
let gina = ''
let sam = ''

beforeAll(async () => {
  alice = await api.tokenFor('alice@acme.example')
  adam = await api.tokenFor('adam@acme.example')
  gina = await api.tokenFor('gina@globex.example')
  sam = await api.tokenFor('sam@vendor.example')
})

const watchers = (caseId: string, path = '') => `/v1/cases/${caseId}/watchers${path}`

async function listWatchers(caseId: string, token: string): Promise<string[]> {
  const listed = await api.request<{ items: CaseWatcher[] }>('GET', watchers(caseId), { token })
  expect(listed.status).toBe(200)
  return listed.body.items.map((watcher) => watcher.userId)
}

async function addWatcher(caseId: string, token: string, body: { userId?: string } = {}) {
  return api.request<CaseWatcher & Problem>('POST', watchers(caseId), { token, body })
}

async function comment(caseId: string, token: string, body: string, visibility = 'public') {
  const added = await api.request('POST', `/v1/cases/${caseId}/comments`, {
    token,
    body: { body, visibility },
  })
  expect(added.status).toBe(201)
}

async function history(caseId: string, token: string): Promise<CaseEvent[]> {
  const read = await api.request<Page<CaseEvent>>('GET', `/v1/cases/${caseId}/history?limit=100`, { token })
  expect(read.status).toBe(200)
  return read.body.items
}

async function deliver(lines: string[], body: string): Promise<{ kind: string; caseId?: string }> {
  const raw = [
    ...lines,
    `Message-ID: <${crypto.randomUUID()}@mail.example>`,
    'Date: Wed, 25 Nov 2026 10:00:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n')
  const response = await api.request<{ kind: string; caseId?: string }>('POST', '/local/inbound-mail', {
    rawBody: raw,
    headers: { 'content-type': 'message/rfc822' },
  })
  expect(response.status).toBe(200)
  return response.body
}

/** The mails to `address` that quote `text`. */
async function mailsTo(address: string, text: string) {
  return (await api.sentMail({ to: address })).filter((mail) => mail.text.includes(text))
}

describe('case watchers through the local runtime', () => {
  it('adam adds alice as a watcher of his case, and alice gets the staff reply by e-mail, in her own language', async () => {
    // Arrange: alice reads English, although her account (acme) is German.
    const contactPatch = await api.request('PATCH', `/v1/accounts/acme/contacts/${aliceId}`, {
      token: adam,
      body: { locale: 'en' },
    })
    expect(contactPatch.status).toBe(200)
    const c = await api.fileCase(adam, 'Mahnlauf bricht ab')

    // Act
    const added = await addWatcher(c.id, adam, { userId: aliceId })
    await comment(c.id, sam, 'Please install patch 7.1.')

    // Assert
    expect(added.status).toBe(201)
    expect(added.body).toMatchObject({ caseId: c.id, userId: aliceId, kind: 'contact', addedBy: adamId })
    expect(await listWatchers(c.id, alice)).toEqual([aliceId])
    const [toAlice] = await mailsTo('alice@acme.example', 'patch 7.1')
    expect(toAlice?.subject).toBe(`[${c.number}] New reply to your case: Mahnlauf bricht ab`)
    expect(toAlice?.replyTo).toMatch(/^case\./)
    expect(toAlice?.text).toContain('because you watch this case')
    const [toAdam] = await mailsTo('adam@acme.example', 'patch 7.1')
    expect(toAdam?.subject).toContain('Neue Antwort')
    // The history tells of the watcher by id, and of no address.
    const added_ = (await history(c.id, adam)).filter((e) => e.type === 'case.watcher_added')
    expect(added_.map((e) => [e.visibility, e.details])).toEqual([
      ['public', { userId: aliceId, kind: 'contact' }],
    ])
    expect(JSON.stringify(added_)).not.toContain('@')

    // And alice answers that mail: her reply lands on the case as her comment.
    const outcome = await deliver(
      [
        'From: Alice Acme <alice@acme.example>',
        `To: ${toAlice?.replyTo}`,
        `Subject: Re: ${toAlice?.subject}`,
      ],
      'Patch installed, works now.',
    )
    expect(outcome).toMatchObject({ kind: 'comment', caseId: c.id })
    const comments = await api.request<Page<Comment>>('GET', `/v1/cases/${c.id}/comments`, { token: adam })
    expect(comments.body.items.find((x) => x.body.includes('works now'))?.authorId).toBe(aliceId)
  })

  it('makes a registered colleague in Cc a watcher; strangers and other accounts in Cc are passed over', async () => {
    // Act: adam opens a case by mail, copying alice, gina (globex) and a stranger.
    const outcome = await deliver(
      [
        'From: Adam Acme <adam@acme.example>',
        'To: support@caseline.local',
        'Cc: alice@acme.example, gina@globex.example, stranger@acme.example',
        'Subject: Drucker druckt doppelt',
      ],
      'Jede Mahnung kommt zweimal.',
    )

    // Assert
    expect(outcome.kind).toBe('case')
    const caseId = outcome.caseId as string
    expect(await listWatchers(caseId, adam)).toEqual([aliceId])
    expect(await mailsTo('stranger@acme.example', '')).toEqual([])
    expect((await api.sentMail({ to: 'gina@globex.example' })).some((m) => m.text.includes('zweimal'))).toBe(
      false,
    )
  })

  it("keeps acme's watchers from gina of globex: 404 for the case, and for her as a watcher", async () => {
    // Arrange
    const c = await api.fileCase(adam, 'Export langsam')
    expect((await addWatcher(c.id, adam, { userId: aliceId })).status).toBe(201)

    // Act
    const ginaAdded = await addWatcher(c.id, adam, { userId: ginaId })
    const ginaReads = await api.request<Problem>('GET', watchers(c.id), { token: gina })
    const ginaWatches = await addWatcher(c.id, gina)
    const ginaRemoves = await api.request<Problem>('DELETE', watchers(c.id, `/${aliceId}`), { token: gina })
    const staffAddsGina = await addWatcher(c.id, sam, { userId: ginaId })

    // Assert
    for (const reply of [ginaAdded, ginaReads, ginaWatches, ginaRemoves, staffAddsGina])
      expect(reply.status).toBe(404)
    expect(JSON.stringify([ginaReads.body, ginaRemoves.body])).not.toContain(aliceId)
    expect(await listWatchers(c.id, adam)).toEqual([aliceId])
  })

  it('lets staff add a staff follower who gets the customer’s comments, and whom customers never see', async () => {
    // Arrange
    const c = await api.fileCase(alice, 'Rechnungsdruck')

    // Act
    const followed = await addWatcher(c.id, sam, { userId: erinId })
    await comment(c.id, alice, 'Der Druck hängt wieder.')

    // Assert
    expect(followed.status).toBe(201)
    expect(followed.body.kind).toBe('staff')
    expect(await listWatchers(c.id, sam)).toEqual([erinId])
    expect(await listWatchers(c.id, alice)).toEqual([])
    expect((await history(c.id, alice)).some((e) => e.type === 'case.watcher_added')).toBe(false)
    expect((await history(c.id, sam)).find((e) => e.type === 'case.watcher_added')?.visibility).toBe(
      'internal',
    )
    expect(await mailsTo('erin@vendor.example', 'hängt wieder')).toHaveLength(1)
    // A customer cannot remove, nor even find, a staff follower; nor add staff.
    expect((await api.request('DELETE', watchers(c.id, `/${erinId}`), { token: adam })).status).toBe(404)
    expect((await addWatcher(c.id, adam, { userId: erinId })).status).toBe(404)
  })

  it('lets a watcher remove itself, after which it gets no more mail', async () => {
    // Arrange
    const c = await api.fileCase(adam, 'Lizenz läuft ab')
    expect((await addWatcher(c.id, alice)).status).toBe(201)

    // Act
    const removed = await api.request<CaseWatcher>('DELETE', watchers(c.id, `/${aliceId}`), { token: alice })
    await comment(c.id, sam, 'The licence was renewed.')

    // Assert
    expect(removed.status).toBe(200)
    expect(await listWatchers(c.id, adam)).toEqual([])
    expect(await mailsTo('adam@acme.example', 'licence was renewed')).toHaveLength(1)
    expect(await mailsTo('alice@acme.example', 'licence was renewed')).toEqual([])
    expect((await history(c.id, adam)).some((e) => e.type === 'case.watcher_removed')).toBe(true)
  })

  it('refuses the case’s own contact (409) and a closed case (409)', async () => {
    const c = await api.fileCase(adam, 'Kontakt selbst')

    expect((await addWatcher(c.id, adam)).status).toBe(409)
    const cancelled = await api.request('POST', `/v1/cases/${c.id}/transitions`, {
      token: adam,
      body: { action: 'cancel', reason: 'Solved it myself.' },
    })
    expect(cancelled.status).toBe(200)
    expect((await addWatcher(c.id, alice)).status).toBe(409)
  })
})
