import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mailer as sesMailer } from '#src/runtime/mail-dependencies.ts'
import type { Mailer } from '#src/use-cases/ports/mail.ts'
import { useReliabilityApi } from './support.ts'

const { api, figures, request, token } = useReliabilityApi('mail-faults')

/**
 * The outbox under a flaky mailer: every other send fails as SES does when throttling. The stream
 * re-delivers each failed event; every mail that should go out arrives exactly once.
 */
let mailer: Mailer
let send: Mailer['send']
let sends = 0
let failures = 0

beforeAll(() => {
  mailer = sesMailer()
  send = mailer.send.bind(mailer)
  mailer.send = async (mail) => {
    sends++
    if (sends % 2 === 1) {
      failures++
      throw Object.assign(new Error('Maximum sending rate exceeded (injected)'), {
        name: 'TooManyRequestsException',
      })
    }
    return send(mail)
  }
})

afterAll(() => {
  mailer.send = send
})

describe('mail under a flaky mailer', () => {
  it('sends every confirmation and every answer exactly once', async () => {
    // Arrange
    const alice = await token('alice')
    const sam = await token('sam')
    const run = randomUUID().slice(0, 8)

    // Act: 12 cases filed at once, each answered by support.
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        request('POST', '/v1/cases', {
          token: alice,
          body: { title: `Flaky mailer ${run} #${i}`, description: 'Mail faults', product: 'Caseline' },
        }),
      ),
    )
    const cases = created.map((reply) => reply.json as { id: string; number: string })
    await Promise.all(
      cases.map((c) =>
        request('POST', `/v1/cases/${c.id}/comments`, {
          token: sam,
          body: { body: `Answer for ${c.number}`, visibility: 'public' },
        }),
      ),
    )
    const mails = (await api.sentMail({ to: 'alice@acme.example' })).filter((m) => m.subject.includes(run))

    // Assert: per case one confirmation and one answer; nothing given up on.
    const missingOrDuplicated = cases.flatMap((c) => {
      const ofCase = mails.filter((m) => m.subject.includes(`[${c.number}]`))
      const answers = ofCase.filter((m) => m.text.includes(`Answer for ${c.number}`))
      return ofCase.length === 2 && answers.length === 1 ? [] : [c.number]
    })
    figures.lostEvents += missingOrDuplicated.length
    expect(created.every((reply) => reply.status === 201)).toBe(true)
    expect(missingOrDuplicated).toEqual([])
    expect(failures).toBeGreaterThanOrEqual(12)
    expect(api.runtime.stream.deadLetters()).toEqual([])
  })
})
