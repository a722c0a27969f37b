import { describe, expect, it, vi } from 'vitest'
import { maxFileBytes } from '#src/domain/case-file.ts'
import { addressDigest } from '#src/domain/erasure.ts'
import type { ParsedMail } from '#src/domain/inbound-mail.ts'
import { derivedId } from '#src/use-cases/mail-in/derived-id.ts'
import { caseTitleFrom, mailCaseProduct, receiveMail } from '#src/use-cases/receive-mail.ts'
import { aCase, aStaffRecord, rejectionOf } from '../fakes/core.ts'
import {
  alice,
  formerContact,
  gina,
  mailInFakes,
  rawMail,
  received,
  replyAddresses,
  replyDomain,
  supportAddress,
} from '../fakes/mail-in.ts'

const day = 24 * 60 * 60 * 1000
const acmeCase = aCase({ id: 'case-1', number: 'CS-1001', accountId: 'acme', status: 'in_progress' })

/** The fakes with acme's open case CS-1001 in the store. */
function withAcmeCase(overrides: Parameters<typeof aCase>[0] = {}) {
  const fakes = mailInFakes()
  fakes.cases.cases.set(acmeCase.id, { ...acmeCase, ...overrides })
  return fakes
}

const pdf = new TextEncoder().encode('%PDF-1.4 a small report')

describe('receiveMail', () => {
  describe('a new message from a registered contact to the support address', () => {
    it('opens a case in the contact’s account, by the contact, from subject and text', async () => {
      // Arrange
      const { deps, cases } = mailInFakes()
      const mail = rawMail({ subject: 'Re: AW: Invoices fail to print', text: 'Error 42 when printing.' })

      // Act
      const outcome = await receiveMail(await received(mail), deps)

      // Assert
      expect(cases.inserted).toHaveLength(1)
      const filed = cases.inserted[0]?.case
      expect(outcome).toEqual({ kind: 'case', caseId: filed?.id })
      expect(filed).toMatchObject({
        accountId: 'acme',
        contactId: 'alice',
        createdBy: 'alice',
        title: 'Invoices fail to print',
        description: 'Error 42 when printing.',
        product: mailCaseProduct,
        type: 'general_inquiry',
        severity: 'standard',
        status: 'new',
      })
      expect(cases.inserted[0]?.event.actor).toEqual({ userId: 'alice', role: 'customer' })
    })

    it('records the message as handled, with its outcome', async () => {
      const { deps, mailLedger } = mailInFakes()
      const input = await received(rawMail())

      const outcome = await receiveMail(input, deps)

      expect(mailLedger.inbound.get(input.messageId)?.outcome).toBe(
        `case ${(outcome as { caseId: string }).caseId}`,
      )
    })

    it('lists the message under the digest of every person it names, never under our own addresses', async () => {
      // Arrange
      const { deps, mailLedger } = mailInFakes()
      const input = await received(rawMail({ cc: `Adam <Adam@acme.example>, Support <${supportAddress}>` }))

      // Act
      await receiveMail(input, deps)

      // Assert: the sender (From and envelope: one address), the Cc'd colleague; not the support address.
      const named = mailLedger.inbound.get(input.messageId)?.namedAddresses ?? []
      expect([...named].sort()).toEqual(
        [addressDigest('alice@acme.example'), addressDigest('adam@acme.example')].sort(),
      )
      expect(named).not.toContain(addressDigest(supportAddress))
      expect(named.join()).not.toContain('@')
    })

    it('keeps the full text of a new case, quotes included', async () => {
      const { deps, cases } = mailInFakes()
      const text =
        'Forwarding what our vendor wrote.\n\n-----Original Message-----\nThe printer driver 3.1 is broken.'

      await receiveMail(await received(rawMail({ text })), deps)

      expect(cases.inserted[0]?.case.description).toBe(text)
    })

    it('matches the sender’s address whatever its case', async () => {
      const { deps, cases } = mailInFakes()

      await receiveMail(await received(rawMail({ from: 'ALICE@Acme.Example' })), deps)

      expect(cases.inserted[0]?.case.contactId).toBe('alice')
    })
  })

  describe('a message SES had doubts about', () => {
    it.each([
      ['spf', 'FAIL'],
      ['dkim', 'GRAY'],
      ['spam', 'FAIL'],
      ['virus', 'FAIL'],
      ['spf', 'PROCESSING_FAILED'],
    ] as const)('with %s %s creates nothing and is recorded as dropped', async (verdict, status) => {
      // Arrange
      const { deps, cases, mailer, mailLedger, fileStore } = mailInFakes()
      const input = await received(
        rawMail({ attachments: [{ name: 'report.pdf', type: 'application/pdf', content: pdf }] }),
        {
          verdicts: {
            spf: 'PASS',
            dkim: 'PASS',
            spam: 'PASS',
            virus: 'PASS',
            dmarc: 'PASS',
            [verdict]: status,
          },
        },
      )

      // Act
      const outcome = await receiveMail(input, deps)

      // Assert
      expect(outcome).toEqual({ kind: 'dropped', reason: 'verdict_failed', detail: `${verdict}=${status}` })
      expect(cases.inserted).toEqual([])
      expect(cases.comments).toEqual([])
      expect(mailer.sent).toEqual([])
      expect(fileStore.calls).toEqual([])
      expect(mailLedger.inbound.get(input.messageId)?.outcome).toBe(
        `dropped verdict_failed: ${verdict}=${status}`,
      )
    })

    it('drops a From address that neither DMARC nor an aligned envelope vouches for', async () => {
      // Arrange: SPF and DKIM passed, but for the attacker's own domain.
      const { deps, cases, mailer } = mailInFakes()
      const input = await received(rawMail(), {
        verdicts: { spf: 'PASS', dkim: 'PASS', spam: 'PASS', virus: 'PASS', dmarc: 'GRAY' },
        envelopeSender: 'bounce@attacker.example',
      })

      // Act
      const outcome = await receiveMail(input, deps)

      // Assert
      expect(outcome).toMatchObject({ kind: 'dropped', reason: 'sender_not_authenticated' })
      expect(cases.inserted).toEqual([])
      expect(mailer.sent).toEqual([])
    })

    it('accepts a domain without DMARC when SPF passed for an envelope sender of the same domain', async () => {
      const { deps, cases } = mailInFakes()
      const input = await received(rawMail(), {
        verdicts: { spf: 'PASS', dkim: 'PASS', spam: 'PASS', virus: 'PASS', dmarc: 'GRAY' },
        envelopeSender: 'bounces+123@mail.acme.example',
      })

      await receiveMail(input, deps)

      expect(cases.inserted).toHaveLength(1)
    })
  })

  describe('a message that could not be parsed', () => {
    it('creates nothing and is recorded as dropped, with the parser’s reason', async () => {
      // Arrange: the entry hands over what parsing made of the raw message.
      const { deps, cases, mailer, mailLedger } = mailInFakes()
      const input = await received(rawMail(), {
        parseMail: async () => ({ kind: 'unparseable', error: new Error('nested too deeply') }),
      })

      // Act
      const outcome = await receiveMail(input, deps)

      // Assert
      expect(outcome).toEqual({ kind: 'dropped', reason: 'unparseable', detail: 'nested too deeply' })
      expect(cases.inserted).toEqual([])
      expect(mailer.sent).toEqual([])
      expect(mailLedger.inbound.get(input.messageId)?.outcome).toBe('dropped unparseable: nested too deeply')
    })

    it('is dropped for failed verdicts first, never parsed, as any message is', async () => {
      const { deps } = mailInFakes()
      const parseMail = vi.fn(
        async (): Promise<ParsedMail> => ({ kind: 'unparseable', error: new Error('nested too deeply') }),
      )
      const input = await received(rawMail(), {
        parseMail,
        verdicts: { spf: 'FAIL', dkim: 'PASS', spam: 'PASS', virus: 'PASS', dmarc: 'PASS' },
      })

      const outcome = await receiveMail(input, deps)

      expect(outcome).toEqual({ kind: 'dropped', reason: 'verdict_failed', detail: 'spf=FAIL' })
      expect(parseMail).not.toHaveBeenCalled()
    })
  })

  describe('loop protection', () => {
    it.each([
      ['Auto-Submitted: auto-replied', 'Auto-Submitted: auto-replied'],
      ['Auto-Submitted: auto-generated (bounce)', 'Auto-Submitted: auto-generated'],
      ['Precedence: bulk', 'Precedence: bulk'],
      ['Precedence: junk', 'Precedence: junk'],
      ['Precedence: list', 'Precedence: list'],
      ['Precedence: auto_reply', 'Precedence: auto_reply'],
      ['X-Autoreply: yes', 'X-Autoreply'],
    ])('drops a message with %s, without answering', async (header, detail) => {
      const { deps, cases, mailer } = mailInFakes()

      const outcome = await receiveMail(await received(rawMail({ headers: [header] })), deps)

      expect(outcome).toEqual({ kind: 'dropped', reason: 'automated', detail })
      expect(cases.inserted).toEqual([])
      expect(mailer.sent).toEqual([])
    })

    it('takes in a message marked Auto-Submitted: no', async () => {
      const { deps, cases } = mailInFakes()

      await receiveMail(await received(rawMail({ headers: ['Auto-Submitted: no'] })), deps)

      expect(cases.inserted).toHaveLength(1)
    })

    it.each([supportAddress, `case.case-1.0123456789abcdef0123@${replyDomain}`])(
      'drops mail from our own address %s',
      async (from) => {
        const { deps, cases, mailer } = mailInFakes()

        const outcome = await receiveMail(await received(rawMail({ from })), deps)

        expect(outcome).toEqual({ kind: 'dropped', reason: 'own_address' })
        expect(cases.inserted).toEqual([])
        expect(mailer.sent).toEqual([])
      },
    )
  })

  describe('a sender who is not an active contact', () => {
    const stranger = 'Sandra Stranger <sandra@unknown.example>'

    it('gets one polite auto-reply on how to get registered, and nothing is created', async () => {
      // Arrange
      const { deps, cases, mailer, fileStore } = mailInFakes()
      const mail = rawMail({
        from: stranger,
        messageId: 'first@unknown.example',
        references: '<older@unknown.example>',
        attachments: [{ name: 'report.pdf', type: 'application/pdf', content: pdf }],
      })

      // Act
      const outcome = await receiveMail(await received(mail), deps)

      // Assert
      expect(outcome).toEqual({ kind: 'auto_replied' })
      expect(cases.inserted).toEqual([])
      expect(cases.comments).toEqual([])
      expect(fileStore.calls).toEqual([])
      expect(mailer.sent).toHaveLength(1)
      const reply = mailer.sent[0]
      expect(reply?.to).toEqual([{ address: 'sandra@unknown.example', name: 'Sandra Stranger' }])
      expect(reply?.replyTo).toBeUndefined()
      expect(reply?.headers).toEqual({
        'Auto-Submitted': 'auto-replied',
        'In-Reply-To': '<first@unknown.example>',
        References: '<older@unknown.example> <first@unknown.example>',
      })
      // Both languages, and what to do.
      expect(reply?.text).toContain('Kundenadministrator')
      expect(reply?.text).toContain("ask your company's customer admin")
      expect(reply?.text).toContain('sandra@unknown.example')
      expect(reply?.html).toContain('<p>')
    })

    it('gets exactly one auto-reply for two mails within 24 hours, another one a day later', async () => {
      const { deps, mailer, clock } = mailInFakes()

      const first = await receiveMail(await received(rawMail({ from: stranger })), deps)
      clock.advance(day - 60_000)
      const second = await receiveMail(await received(rawMail({ from: stranger })), deps)
      clock.advance(2 * 60_000)
      const third = await receiveMail(await received(rawMail({ from: stranger })), deps)

      expect(first).toEqual({ kind: 'auto_replied' })
      expect(second).toEqual({
        kind: 'dropped',
        reason: 'unregistered_sender',
        detail: 'already auto-replied within 24 hours',
      })
      expect(third).toEqual({ kind: 'auto_replied' })
      expect(mailer.sent).toHaveLength(2)
    })

    it('is treated as unregistered when the contact was deactivated', async () => {
      const { deps, cases, mailer } = mailInFakes()

      const outcome = await receiveMail(await received(rawMail({ from: formerContact.email })), deps)

      expect(outcome).toEqual({ kind: 'auto_replied' })
      expect(cases.inserted).toEqual([])
      expect(mailer.sent[0]?.subject).toContain('Your message was not accepted')
    })

    it('a member of staff is told to answer in the console, and nothing is created', async () => {
      const { deps, cases, mailer } = mailInFakes({ contacts: [alice], staff: [aStaffRecord()] })
      const mail = rawMail({ from: 'sam@vendor.example', to: replyAddresses.addressFor('case-1') })

      const outcome = await receiveMail(await received(mail), deps)

      expect(outcome).toEqual({ kind: 'auto_replied' })
      expect(cases.inserted).toEqual([])
      expect(cases.comments).toEqual([])
      expect(mailer.sent[0]?.text).toContain('agent console')
    })

    it.each([
      ['a mailing list', { from: stranger, headers: ['List-Id: <users.lists.unknown.example>'] }],
      ['a no-reply address', { from: 'noreply@unknown.example' }],
      ['a mailer daemon', { from: 'MAILER-DAEMON@unknown.example' }],
    ])('gets no auto-reply when it is %s', async (_, parts) => {
      const { deps, mailer } = mailInFakes()

      const outcome = await receiveMail(await received(rawMail(parts)), deps)

      expect(outcome).toMatchObject({ kind: 'dropped', reason: 'unregistered_sender' })
      expect(mailer.sent).toEqual([])
    })
  })

  describe('a reply to a signed case address', () => {
    const quoted =
      'Restarting the print service fixed it, thanks!\n\nOn Mon, Nov 23, 2026 at 2:05 PM Caseline Support <support@caseline.example> wrote:\n> Please restart the print service.\n'

    it('by a contact of that account becomes a public comment by the contact, without the quote', async () => {
      // Arrange
      const { deps, cases } = withAcmeCase()
      const mail = rawMail({ to: `Support <${replyAddresses.addressFor('case-1')}>`, text: quoted })

      // Act
      const outcome = await receiveMail(await received(mail), deps)

      // Assert
      expect(outcome).toEqual({ kind: 'comment', caseId: 'case-1' })
      expect(cases.inserted).toEqual([])
      expect(cases.comments).toHaveLength(1)
      expect(cases.comments[0]).toMatchObject({
        caseId: 'case-1',
        accountId: 'acme',
        authorId: 'alice',
        authorRole: 'customer',
        visibility: 'public',
        body: 'Restarting the print service fixed it, thanks!',
      })
    })

    it('finds the address among Cc and envelope recipients too', async () => {
      const cc = withAcmeCase()
      const bcc = withAcmeCase()

      const viaCc = await receiveMail(
        await received(rawMail({ cc: replyAddresses.addressFor('case-1') })),
        cc.deps,
      )
      const viaEnvelope = await receiveMail(
        await received(rawMail(), { recipients: [replyAddresses.addressFor('case-1')] }),
        bcc.deps,
      )

      expect([viaCc, viaEnvelope]).toEqual([
        { kind: 'comment', caseId: 'case-1' },
        { kind: 'comment', caseId: 'case-1' },
      ])
    })

    it('by a contact of another account opens a case in the sender’s account and leaves the other case untouched', async () => {
      // Arrange: gina (globex) writes to acme's case address.
      const { deps, cases } = withAcmeCase()
      const before = structuredClone(cases.cases.get('case-1'))
      const mail = rawMail({
        from: `Gina <${gina.email}>`,
        to: replyAddresses.addressFor('case-1'),
        subject: 'Re: Invoices fail to print',
        text: 'Hello, we have the same problem.',
      })

      // Act
      const outcome = await receiveMail(await received(mail), deps)

      // Assert: a globex case, nothing on acme's.
      expect(outcome).toMatchObject({ kind: 'case' })
      expect(cases.inserted).toHaveLength(1)
      expect(cases.inserted[0]?.case).toMatchObject({ accountId: 'globex', contactId: 'gina' })
      expect(cases.inserted[0]?.case.description).not.toContain('CS-1001')
      expect(cases.comments).toEqual([])
      expect(cases.events.filter((e) => e.caseId === 'case-1')).toEqual([])
      expect(cases.cases.get('case-1')).toEqual(before)
    })

    it('to a closed case opens a new case that names the old one', async () => {
      const { deps, cases } = withAcmeCase({ status: 'closed', closedAt: '2026-11-24T10:00:00.000Z' })
      const mail = rawMail({ to: replyAddresses.addressFor('case-1'), text: 'It broke again.' })

      const outcome = await receiveMail(await received(mail), deps)

      expect(outcome).toMatchObject({ kind: 'case' })
      expect(cases.comments).toEqual([])
      expect(cases.inserted[0]?.case.accountId).toBe('acme')
      expect(cases.inserted[0]?.case.description).toBe(
        'This e-mail answers case CS-1001, which is closed; it was opened as a new case.\n\nIt broke again.',
      )
    })

    it('with a forged signature opens a new case instead', async () => {
      const { deps, cases } = withAcmeCase()
      const forged = `case.case-1.${'0'.repeat(20)}@${replyDomain}`

      const outcome = await receiveMail(await received(rawMail({ to: forged })), deps)

      expect(outcome).toMatchObject({ kind: 'case' })
      expect(cases.comments).toEqual([])
    })
  })

  describe('a reply whose References name a message we sent', () => {
    /** Records that we sent `messageId` about case-1 of acme, as the notification handler does. */
    async function sentAboutCase1(fakes: ReturnType<typeof withAcmeCase>, messageId: string) {
      await fakes.mailLedger.recordSent({
        notificationId: 'notification-1',
        messageId,
        caseId: 'case-1',
        accountId: 'acme',
        sentAt: '2026-11-24T10:00:00.000Z',
      })
    }

    it('becomes a comment on that case, by the SES id in the Message-ID’s local part', async () => {
      // Arrange: a reply to support@ (not to the case address) quoting our message's id.
      const fakes = withAcmeCase()
      await sentAboutCase1(fakes, '0102019a1b2c3d4e-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee-000000')
      const mail = rawMail({
        references:
          '<CAB9x7Yq@mail.gmail.com> <0102019a1b2c3d4e-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee-000000@eu-west-1.amazonses.com>',
        text: 'Thanks, it works.',
      })

      // Act
      const outcome = await receiveMail(await received(mail), fakes.deps)

      // Assert
      expect(outcome).toEqual({ kind: 'comment', caseId: 'case-1' })
      expect(fakes.cases.comments[0]?.body).toBe('Thanks, it works.')
    })

    it('finds the thread by In-Reply-To as well', async () => {
      const fakes = withAcmeCase()
      await sentAboutCase1(fakes, 'ses-123456789')

      const outcome = await receiveMail(
        await received(rawMail({ inReplyTo: '<ses-123456789@email.amazonses.com>' })),
        fakes.deps,
      )

      expect(outcome).toEqual({ kind: 'comment', caseId: 'case-1' })
    })

    it('of another account opens a new case in the sender’s account', async () => {
      const fakes = withAcmeCase()
      await sentAboutCase1(fakes, 'ses-123456789')
      const mail = rawMail({ from: gina.email, references: '<ses-123456789@email.amazonses.com>' })

      const outcome = await receiveMail(await received(mail), fakes.deps)

      expect(outcome).toMatchObject({ kind: 'case' })
      expect(fakes.cases.inserted[0]?.case.accountId).toBe('globex')
      expect(fakes.cases.comments).toEqual([])
    })
  })

  describe('attachments', () => {
    it('become available case files of the case, uploaded by the contact, and the comment names them', async () => {
      // Arrange
      const { deps, files, fileStore, cases } = withAcmeCase()
      const mail = rawMail({
        to: replyAddresses.addressFor('case-1'),
        text: 'Here is the report.',
        attachments: [{ name: 'report.pdf', type: 'application/pdf', content: pdf }],
      })
      const input = await received(mail)

      // Act
      await receiveMail(input, deps)

      // Assert
      const stored = [...files.files.values()]
      expect(stored).toHaveLength(1)
      expect(stored[0]).toMatchObject({
        id: derivedId(`file:${input.messageId}:0`),
        caseId: 'case-1',
        accountId: 'acme',
        folderId: null,
        name: 'report.pdf',
        contentType: 'application/pdf',
        size: pdf.byteLength,
        status: 'available',
        uploadedBy: 'alice',
        uploaderRole: 'customer',
        objectVersionId: 'v-stored',
      })
      expect(fileStore.written.get(`acme/case-1/${stored[0]?.id}`)).toEqual({
        bytes: pdf,
        contentType: 'application/pdf',
      })
      expect(files.events.map((e) => [e.type, e.actor.userId, e.caseId])).toEqual([
        ['file.uploaded', 'alice', 'case-1'],
      ])
      expect(cases.comments[0]?.body).toBe(
        'Here is the report.\n\nAttachments added to the case files: report.pdf.',
      )
    })

    it('over 10 MB is named in the comment and not stored', async () => {
      // Arrange
      const { deps, files, fileStore, cases } = withAcmeCase()
      const big = new Uint8Array(11 * 1024 * 1024).fill(0x41)
      const mail = rawMail({
        to: replyAddresses.addressFor('case-1'),
        text: 'The full log.',
        attachments: [{ name: 'server.log', type: 'text/plain', content: big }],
      })

      // Act
      const outcome = await receiveMail(await received(mail), deps)

      // Assert
      expect(outcome).toEqual({ kind: 'comment', caseId: 'case-1' })
      expect(big.byteLength).toBeGreaterThan(maxFileBytes)
      expect(files.files.size).toBe(0)
      expect(fileStore.calls).toEqual([])
      expect(cases.comments[0]?.body).toBe(
        'The full log.\n\nAttachment "server.log" (11 MB) was not added: files may be at most 10 MB.',
      )
    })

    it('of a blocked type, by name or by content, is named and refused; the others are stored', async () => {
      const { deps, files, cases } = mailInFakes()
      const mail = rawMail({
        attachments: [
          { name: 'setup.exe', type: 'application/octet-stream', content: pdf },
          { name: 'invoice.pdf', type: 'application/pdf', content: new Uint8Array([0x4d, 0x5a, 0x90, 0x00]) },
          { name: 'notes.txt', type: 'text/plain', content: new TextEncoder().encode('notes') },
        ],
      })

      await receiveMail(await received(mail), deps)

      expect([...files.files.values()].map((f) => f.name)).toEqual(['notes.txt'])
      expect(cases.inserted[0]?.case.description).toBe(
        [
          'Printing an invoice shows error 42.',
          '',
          'Attachments added to the case files: notes.txt.',
          'Attachment "setup.exe" was not added: files ending in .exe may not be uploaded.',
          'Attachment "invoice.pdf" was not added: it is an executable (application/vnd.microsoft.portable-executable), which may not be uploaded.',
        ].join('\n'),
      )
    })

    it('of a new case become files of that case', async () => {
      const { deps, files } = mailInFakes()
      const mail = rawMail({ attachments: [{ name: 'report.pdf', type: 'application/pdf', content: pdf }] })

      const outcome = await receiveMail(await received(mail), deps)

      expect([...files.files.values()].map((f) => [f.caseId, f.status])).toEqual([
        [(outcome as { caseId: string }).caseId, 'available'],
      ])
    })
  })

  describe('redelivery', () => {
    it('handles a redelivered message once', async () => {
      const { deps, cases, mailer } = withAcmeCase()
      const input = await received(rawMail({ to: replyAddresses.addressFor('case-1') }))

      const first = await receiveMail(input, deps)
      const second = await receiveMail(input, deps)

      expect(first).toEqual({ kind: 'comment', caseId: 'case-1' })
      expect(second).toEqual({ kind: 'duplicate' })
      expect(cases.comments).toHaveLength(1)
      expect(mailer.sent).toEqual([])
    })

    it('a retry after a failure finds the case and files the failed attempt made, and makes them once', async () => {
      // Arrange: storing the second attachment fails once, after the case and the first file exist.
      const { deps, cases, files, fileStore } = mailInFakes()
      const mail = rawMail({
        attachments: [
          { name: 'a.pdf', type: 'application/pdf', content: pdf },
          { name: 'b.pdf', type: 'application/pdf', content: pdf },
        ],
      })
      const input = await received(mail)
      const store = fileStore.storeFile.bind(fileStore)
      let failures = 1
      fileStore.storeFile = async (ref, bytes, contentType) => {
        if (ref.fileId === derivedId(`file:${input.messageId}:1`) && failures-- > 0)
          throw new Error('S3 is unavailable')
        return store(ref, bytes, contentType)
      }

      // Act
      const failed = await rejectionOf(receiveMail(input, deps))
      const retried = await receiveMail(input, deps)

      // Assert
      expect(failed).toBeInstanceOf(Error)
      expect(cases.inserted).toHaveLength(1)
      expect(retried).toEqual({ kind: 'case', caseId: derivedId(`case:${input.messageId}`) })
      expect([...files.files.values()].map((f) => [f.name, f.status])).toEqual([
        ['a.pdf', 'available'],
        ['b.pdf', 'available'],
      ])
      expect(files.events.filter((e) => e.type === 'file.uploaded')).toHaveLength(2)
    })
  })

  it('answers a message without text with a placeholder, and keeps titles within 200 characters', async () => {
    const { deps, cases } = mailInFakes()

    await receiveMail(await received(rawMail({ subject: 'x'.repeat(300), text: '' })), deps)

    expect(cases.inserted[0]?.case.description).toBe('(no text)')
    expect(cases.inserted[0]?.case.title).toHaveLength(200)
  })

  it('shortens a text longer than the API allows, keeping the attachment notes', async () => {
    const { deps, cases } = mailInFakes()
    const mail = rawMail({
      text: 'y'.repeat(30_000),
      attachments: [{ name: 'empty.txt', type: 'text/plain', content: new Uint8Array() }],
    })

    await receiveMail(await received(mail), deps)

    const description = cases.inserted[0]?.case.description ?? ''
    expect(description).toHaveLength(20_000)
    expect(description).toContain('(The e-mail was shortened here')
    expect(description.endsWith('Attachment "empty.txt" was not added: it is empty.')).toBe(true)
  })
})

describe('caseTitleFrom', () => {
  it.each([
    ['Re: AW: WG: Fwd: Printer', 'Printer'],
    ['RE[2]: Printer', 'Printer'],
    ['  Printer\n\t jams  ', 'Printer jams'],
    ['Re:', '(no subject)'],
    ['', '(no subject)'],
    ['Reply needed', 'Reply needed'],
  ])('%j → %j', (subject, title) => {
    expect(caseTitleFrom(subject)).toBe(title)
  })
})
