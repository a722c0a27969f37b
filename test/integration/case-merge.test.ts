import { beforeAll, describe, expect, it } from 'vitest'
import type { Case, CaseEvent } from '#src/domain/case.ts'
import type { CaseLink } from '#src/domain/case-link.ts'
import type { Comment } from '#src/domain/comment.ts'
import { type Page, type Problem, useLocalApi } from './local-api.ts'

/** Merging a duplicate into the original case through the local runtime (docs/merge.md). */
const api = useLocalApi()

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

/** A message to the support address or a case's reply address, as SES would receive it. */
async function mailIn(options: { from: string; to: string; subject: string; body: string }) {
  const raw = [
    `From: ${options.from}`,
    `To: ${options.to}`,
    `Subject: ${options.subject}`,
    `Message-ID: <${crypto.randomUUID()}@mail.example>`,
    'Date: Thu, 03 Dec 2026 10:00:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    options.body,
    '',
  ].join('\r\n')
  const response = await api.request<{ kind: string; caseId?: string }>('POST', '/local/inbound-mail', {
    rawBody: raw,
    headers: { 'content-type': 'message/rfc822' },
  })
  expect(response.status).toBe(200)
  return response.body
}

const merge = (caseId: string, token: string, body: unknown) =>
  api.request<Case | Problem>('POST', `/v1/cases/${caseId}/merge`, { token, body })

async function read<T>(path: string, token: string): Promise<T> {
  const response = await api.request<T>('GET', path, { token })
  expect(response.status).toBe(200)
  return response.body
}

describe('merging cases through the local runtime', () => {
  it('sam merges a mailed-in duplicate into the original: closed as merged, listed and linked, its mail goes on', async () => {
    // Arrange: the original by adam through the portal, alice's duplicate by e-mail, with a comment and a note
    const original = await api.fileCase(adam, 'Invoice print fails')
    const mailed = await mailIn({
      from: 'Alice <alice@acme.example>',
      to: 'support@caseline.local',
      subject: 'Invoice print fails again',
      body: 'Printing invoices fails since this morning.',
    })
    expect(mailed.kind).toBe('case')
    const duplicateId = mailed.caseId as string
    const comment = await api.request<Comment>('POST', `/v1/cases/${duplicateId}/comments`, {
      token: alice,
      body: { body: 'Screenshot follows.', visibility: 'public' },
    })
    await api.request('POST', `/v1/cases/${duplicateId}/comments`, {
      token: sam,
      body: { body: 'Same as the other one.', visibility: 'internal' },
    })

    // Act
    const merged = await merge(duplicateId, sam, {
      targetCaseId: original.id,
      message: 'We continue in the original case.',
    })

    // Assert: the duplicate is closed as merged and points at the original
    expect(merged.status).toBe(200)
    expect(merged.body).toMatchObject({
      id: duplicateId,
      status: 'closed',
      resolution: { kind: 'merged' },
      mergedInto: { caseId: original.id, number: original.number },
    })
    // Both cases name each other as duplicates, for alice too
    const duplicateLinks = await read<Page<CaseLink>>(`/v1/cases/${duplicateId}/links`, alice)
    expect(duplicateLinks.items).toEqual([
      expect.objectContaining({ kind: 'duplicate_of', linkedCaseId: original.id }),
    ])
    const originalLinks = await read<Page<CaseLink>>(`/v1/cases/${original.id}/links`, alice)
    expect(originalLinks.items).toEqual([
      expect.objectContaining({ kind: 'has_duplicate', linkedCaseId: duplicateId }),
    ])
    // The original's history lists the duplicate's public comment, not the internal note
    const history = await read<Page<CaseEvent>>(`/v1/cases/${original.id}/history?limit=100`, alice)
    const mergedIn = history.items.find((e) => e.type === 'case.merged')
    expect(mergedIn?.details).toMatchObject({
      mergedCase: { caseId: duplicateId, number: (merged.body as Case).number },
      comments: [{ id: comment.body.id, authorRole: 'customer' }],
      commentCount: 1,
    })
    const duplicateHistory = await read<Page<CaseEvent>>(`/v1/cases/${duplicateId}/history?limit=100`, alice)
    expect(duplicateHistory.items.at(-1)).toMatchObject({ type: 'case.transitioned', action: 'merge' })
    // Alice is told, with the message and the original's number, and gets no survey for the duplicate
    const mails = (await api.sentMail({ to: 'alice@acme.example' })).filter((m) =>
      m.subject.includes((merged.body as Case).number),
    )
    const told = mails.find(
      (m) => m.text.includes(original.number) && m.text.includes('We continue in the original case.'),
    )
    expect(told).toBeDefined()
    expect(mails.some((m) => /survey|Umfrage/i.test(m.text))).toBe(false)
    // A reply to that mail lands on the original
    const replied = await mailIn({
      from: 'alice@acme.example',
      to: told?.replyTo as string,
      subject: `Re: ${told?.subject}`,
      body: 'Thanks, here is the screenshot description.',
    })
    expect(replied).toMatchObject({ kind: 'comment', caseId: original.id })
    const originalComments = await read<Page<Comment>>(`/v1/cases/${original.id}/comments`, alice)
    expect(originalComments.items.map((c) => c.body)).toContain('Thanks, here is the screenshot description.')
    // Alice now watches the original, so support's reply there reaches her too
    const watchers = await read<{ items: { userId: string }[] }>(`/v1/cases/${original.id}/watchers`, alice)
    expect(watchers.items.map((w) => w.userId)).toEqual([(merged.body as Case).contactId])
    await api.request('POST', `/v1/cases/${original.id}/comments`, {
      token: sam,
      body: { body: 'A patch is on its way.', visibility: 'public' },
    })
    const followUp = (await api.sentMail({ to: 'alice@acme.example' })).find(
      (m) => m.subject.includes(original.number) && m.text.includes('A patch is on its way.'),
    )
    expect(followUp).toBeDefined()
  })

  it('refuses what cannot be merged with a clear problem, and changes nothing', async () => {
    const original = await api.fileCase(alice, 'Report totals are wrong')
    const duplicate = await api.fileCase(alice, 'Report totals wrong')
    const foreign = await api.fileCase(gina, 'Globex report')

    const intoForeign = await merge(duplicate.id, sam, { targetCaseId: foreign.id })
    expect(intoForeign.status).toBe(400)
    expect((intoForeign.body as Problem).errors).toEqual([
      expect.objectContaining({ pointer: '/targetCaseId' }),
    ])
    expect((await merge(duplicate.id, sam, { targetCaseId: duplicate.id })).status).toBe(400)
    expect((await merge(duplicate.id, sam, { targetCaseId: 'no-such-case' })).status).toBe(400)
    expect((await merge(duplicate.id, sam, {})).status).toBe(400)
    expect((await merge(duplicate.id, alice, { targetCaseId: original.id })).status).toBe(403)
    expect((await merge(duplicate.id, gina, { targetCaseId: original.id })).status).toBe(403)
    const unchanged = await read<Case>(`/v1/cases/${duplicate.id}`, alice)
    expect(unchanged.status).toBe('new')

    expect((await merge(duplicate.id, sam, { targetCaseId: original.id })).status).toBe(200)
    const again = await merge(duplicate.id, sam, { targetCaseId: original.id })
    expect(again.status).toBe(409)
    const intoMerged = await merge(original.id, sam, { targetCaseId: duplicate.id })
    expect(intoMerged.status).toBe(409)
    expect((intoMerged.body as Problem).detail).toMatch(/closed/)
  })
})
