import { describe, expect, it } from 'vitest'
import { htmlToText } from '#src/adapters/mail/html-to-text.ts'
import { parseMail } from '#src/adapters/mail/parse-mail.ts'
import { fixture, rawMail } from '../fakes/mail-in.ts'

describe('parseMail', () => {
  describe('a Gmail reply (multipart/alternative, quoted-printable UTF-8, German)', () => {
    it('decodes sender, recipients including group members, and the encoded-word subject', async () => {
      // Act
      const message = await parseMail(fixture('gmail-reply-de.eml'))

      // Assert
      expect(message.from).toEqual({ address: 'alice@acme.example', name: 'Alice Alber' })
      expect(message.to).toEqual(['case.c1.abc@reply.caseline.example'])
      expect(message.cc).toEqual(['adam@acme.example', 'bob@acme.example', 'carol@acme.example'])
      expect(message.subject).toBe('AW: [CS-1042] Drucker läuft nicht')
    })

    it('takes the text part, umlauts and typographic quotes decoded', async () => {
      const message = await parseMail(fixture('gmail-reply-de.eml'))

      expect(message.text).toContain('der Drucker läuft leider immer noch nicht.')
      expect(message.text).toContain('„Papierstau in Fach 2“, obwohl kein Papier drin ist. Grüße aus Graz!')
      expect(message.text).not.toContain('<div')
    })

    it('gives message ids without angle brackets, References oldest first', async () => {
      const message = await parseMail(fixture('gmail-reply-de.eml'))

      expect(message.messageId).toBe('CAB9x7Yq=8vQ3nT+u0dPq4Zk6@mail.gmail.com')
      expect(message.inReplyTo).toBe(
        '0102019a1b2c3d4e-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee-000000@eu-west-1.amazonses.com',
      )
      expect(message.references).toEqual([
        '0102019a1b2c3d4e-11111111-2222-3333-4444-555555555555-000000@eu-west-1.amazonses.com',
        '0102019a1b2c3d4e-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee-000000@eu-west-1.amazonses.com',
      ])
      expect(message.autoSubmitted).toBeUndefined()
      expect(message.attachments).toEqual([])
    })
  })

  describe('an Outlook mail with an attachment (ISO-8859-1, RFC 2231 file name)', () => {
    it('decodes the Latin-1 text and the base64 encoded-word subject', async () => {
      const message = await parseMail(fixture('outlook-attachment-latin1.eml'))

      expect(message.subject).toBe('Prüfbericht für Fall CS-1043')
      expect(message.text).toMatch(/^Hallo,\n\nanbei der Prüfbericht\. Bitte um Rückmeldung bis Freitag\./)
      expect(message.from).toEqual({ address: 'Gina@Globex.example', name: 'Gomez, Gina' })
    })

    it('gives the attachment with its decoded name, media type and exact bytes', async () => {
      const message = await parseMail(fixture('outlook-attachment-latin1.eml'))

      expect(message.attachments).toHaveLength(1)
      const [attachment] = message.attachments
      expect(attachment?.fileName).toBe('Prüfbericht.pdf')
      expect(attachment?.mediaType).toBe('application/pdf')
      expect(attachment?.content).toBeInstanceOf(Uint8Array)
      expect(Buffer.from(attachment?.content ?? []).toString('latin1')).toBe(
        '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
      )
    })
  })

  describe('an HTML-only mail', () => {
    it('renders the HTML as plain text: paragraphs, entities, list items, link targets; no markup or styles', async () => {
      const message = await parseMail(fixture('html-only.eml'))

      expect(message.subject).toBe('Export schlägt fehl – Fehler 42')
      expect(message.text).toBe(
        [
          'Hello,',
          '',
          'the export to CSV fails with error 42 & the log says "timeout".',
          '',
          '- Version 7.2',
          '- Windows 11',
          'See the log <https://files.globex.example/log.txt>.',
          '',
          'Thanks, Gina',
        ].join('\n'),
      )
    })
  })

  describe('an out-of-office reply', () => {
    it('reports Auto-Submitted and Precedence for loop protection', async () => {
      const message = await parseMail(fixture('out-of-office.eml'))

      expect(message.autoSubmitted).toBe('auto-replied')
      expect(message.precedence).toBe('bulk')
    })
  })

  it('recognises mailing-list and legacy auto-reply headers', async () => {
    const list = await parseMail(Buffer.from(rawMail({ headers: ['List-Id: <support.lists.acme.example>'] })))
    const legacy = await parseMail(Buffer.from(rawMail({ headers: ['X-Autoreply: yes'] })))
    const plain = await parseMail(Buffer.from(rawMail()))

    expect([list.isListMail, legacy.isLegacyAutoReply]).toEqual([true, true])
    expect([plain.isListMail, plain.isLegacyAutoReply]).toEqual([false, false])
  })

  it('copes with a message without sender, subject or body', async () => {
    const message = await parseMail(Buffer.from('To: support@caseline.example\r\n\r\n'))

    expect(message).toMatchObject({
      from: undefined,
      subject: '',
      text: '',
      messageId: undefined,
      references: [],
    })
  })
})

describe('htmlToText', () => {
  it('marks blockquotes as quotes, nested ones deeper', () => {
    const text = htmlToText(
      '<div>Yes, done.</div><blockquote>Did it work?<blockquote>Try again.</blockquote></blockquote>',
    )

    expect(text).toBe('Yes, done.\n> Did it work?\n> > Try again.')
  })

  it('keeps preformatted text, drops scripts and comments, and keeps a lone < as text', () => {
    const text = htmlToText(
      '<script>alert(1)</script><!-- tracking --><pre>  indented\n  code</pre><p>a < b &#x263A; &unknown;</p>',
    )

    expect(text).toBe('  indented\n  code\na < b ☺ &unknown;')
  })

  it('does not repeat a link target that is its own label', () => {
    expect(htmlToText('<a href="mailto:bob@x.example">bob@x.example</a>')).toBe('bob@x.example')
    expect(htmlToText('<a href="javascript:evil()">click</a>')).toBe('click')
  })

  it('stays fast on markup without closing brackets', () => {
    const started = performance.now()
    htmlToText(`${'<a'.repeat(50_000)}${'<'.repeat(50_000)}`)

    expect(performance.now() - started).toBeLessThan(1_000)
  })
})
