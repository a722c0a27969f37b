import { describe, expect, it } from 'vitest'
import { receiveMail } from '#src/use-cases/receive-mail.ts'
import { aCase, aContact } from '../fakes/core.ts'
import {
  alice,
  formerContact,
  gina,
  mailInFakes,
  rawMail,
  received,
  replyAddresses,
  supportAddress,
} from '../fakes/mail-in.ts'
import { aWatcher } from '../fakes/watchers.ts'

const adam = aContact({ id: 'adam', email: 'adam@acme.example', name: 'Adam', role: 'customer_admin' })
const bob = aContact({ id: 'bob', email: 'bob@acme.example', name: 'Bob' })
const acmeCase = aCase({
  id: 'case-1',
  number: 'CS-1001',
  accountId: 'acme',
  contactId: 'adam',
  status: 'in_progress',
})

function withAcmeCase(overrides: Parameters<typeof aCase>[0] = {}) {
  const fakes = mailInFakes({ contacts: [alice, adam, bob, gina, formerContact] })
  fakes.cases.cases.set(acmeCase.id, { ...acmeCase, ...overrides })
  return fakes
}

describe('receiveMail: colleagues in Cc become watchers', () => {
  it('adds a registered colleague in Cc of a reply as a watcher, added by the sender, with a public event', async () => {
    // Arrange: alice answers adam's case and copies bob.
    const { deps, watchers, cases } = withAcmeCase()
    const mail = rawMail({ to: replyAddresses.addressFor('case-1'), cc: 'Bob <bob@acme.example>' })

    // Act
    const outcome = await receiveMail(await received(mail), deps)

    // Assert
    expect(outcome).toEqual({ kind: 'comment', caseId: 'case-1' })
    expect(await watchers.listWatchers('case-1')).toEqual([
      expect.objectContaining({ userId: 'bob', kind: 'contact', accountId: 'acme', addedBy: 'alice' }),
    ])
    expect(watchers.events.map((e) => [e.type, e.visibility, e.actor.userId, e.details])).toEqual([
      ['case.watcher_added', 'public', 'alice', { userId: 'bob', kind: 'contact' }],
    ])
    expect(cases.comments).toHaveLength(1)
  })

  it('adds Cc colleagues to a case opened by mail', async () => {
    // Arrange
    const { deps, watchers } = withAcmeCase()

    // Act
    const outcome = await receiveMail(
      await received(rawMail({ cc: 'bob@acme.example, adam@acme.example' })),
      deps,
    )

    // Assert: both colleagues of alice, who filed it (and is its contact).
    const caseId = (outcome as { caseId: string }).caseId
    expect((await watchers.listWatchers(caseId)).map((w) => w.userId)).toEqual(['adam', 'bob'])
  })

  it('passes over unregistered, inactive, foreign, staff and our own addresses, and the case’s contact', async () => {
    // Arrange
    const { deps, watchers, mailer } = withAcmeCase()
    const cc = [
      'stranger@acme.example',
      formerContact.email,
      gina.email,
      'adam@acme.example',
      supportAddress,
      replyAddresses.addressFor('case-1'),
    ].join(', ')
    const mail = rawMail({ to: replyAddresses.addressFor('case-1'), cc })

    // Act
    await receiveMail(await received(mail), deps)

    // Assert: nobody added, and nobody in Cc was written to (no auto-reply to a stranger).
    expect(await watchers.listWatchers('case-1')).toEqual([])
    expect(mailer.sent).toEqual([])
  })

  it('adds nobody twice when the message is retried or the colleague watches already', async () => {
    // Arrange
    const { deps, watchers } = withAcmeCase()
    watchers.watchers.set('case-1|bob', aWatcher({ userId: 'bob', addedBy: 'adam' }))
    const mail = rawMail({ to: replyAddresses.addressFor('case-1'), cc: 'bob@acme.example' })

    // Act
    await receiveMail(await received(mail), deps)

    // Assert
    expect(await watchers.listWatchers('case-1')).toEqual([aWatcher({ userId: 'bob', addedBy: 'adam' })])
    expect(watchers.events).toEqual([])
  })

  it('takes a watcher’s reply in as a comment by the watcher', async () => {
    // Arrange: bob watches adam's case and answers its mail.
    const { deps, cases } = withAcmeCase()
    const mail = rawMail({
      from: 'Bob <bob@acme.example>',
      to: replyAddresses.addressFor('case-1'),
      text: 'Works now.',
    })

    // Act
    const outcome = await receiveMail(await received(mail), deps)

    // Assert
    expect(outcome).toEqual({ kind: 'comment', caseId: 'case-1' })
    expect(cases.comments.map((c) => [c.authorId, c.visibility, c.body])).toEqual([
      ['bob', 'public', 'Works now.'],
    ])
  })
})
