import { describe, expect, it } from 'vitest'
import { stripQuotedReply } from '#src/use-cases/mail-in/quoted-reply.ts'

const reply = 'Thanks, restarting the print service fixed it.'

describe('stripQuotedReply', () => {
  it.each([
    ['Gmail (English)', 'On Mon, Nov 23, 2026 at 2:05 PM Caseline Support <support@caseline.example> wrote:'],
    ['Apple Mail', 'On 23. Nov 2026, at 14:05, Caseline Support <support@caseline.example> wrote:'],
    [
      'Gmail (German)',
      'Am Mo., 23. Nov. 2026 um 14:05 Uhr schrieb Caseline Support <support@caseline.example>:',
    ],
    ['Thunderbird (German)', 'Am 23.11.26 um 14:05 schrieb Caseline Support:'],
    ['Outlook (English)', '-----Original Message-----'],
    ['Outlook (German)', '-----Ursprüngliche Nachricht-----'],
  ])('cuts at a %s quote header', (_, marker) => {
    const text = `${reply}\n\n${marker}\nGuten Tag,\nbitte starten Sie den Druckdienst neu.\n`

    expect(stripQuotedReply(text)).toBe(reply)
  })

  it('finds an attribution wrapped onto two lines', () => {
    const text = `${reply}\n\nOn Mon, Nov 23, 2026 at 2:05 PM Caseline Support <\nsupport@caseline.example> wrote:\n\n> Please restart.`

    expect(stripQuotedReply(text)).toBe(reply)
  })

  it("cuts at Outlook's header block after a line of underscores", () => {
    const text = `${reply}\r\n\r\n________________________________\r\nVon: Caseline Support <support@caseline.example>\r\nGesendet: Montag, 23. November 2026 14:05\r\nAn: Alice\r\nBetreff: CS-1042\r\n\r\nBitte neu starten.`

    expect(stripQuotedReply(text)).toBe(reply)
  })

  it('cuts at a From/Sent header block without a separator line', () => {
    const text = `${reply}\n\nFrom: Caseline Support <support@caseline.example>\nSent: Monday, November 23, 2026 2:05 PM\nTo: Alice\n\nPlease restart.`

    expect(stripQuotedReply(text)).toBe(reply)
  })

  it('drops > lines, also between the lines of an inline answer', () => {
    const text = '> Which version do you use?\n7.2\n> And which printer?\nA Kyocera.\n'

    expect(stripQuotedReply(text)).toBe('7.2\nA Kyocera.')
  })

  it('keeps ordinary sentences that look a little like markers', () => {
    const text =
      'On Monday my colleague wrote:\nthe printer is fine.\nFrom: the logs it seems the queue hangs.\nAm Ende schrieb er:'

    expect(stripQuotedReply(text)).toBe(text)
  })

  it('keeps the full text when stripping would leave nothing', () => {
    const text = '> Please restart the print service.\n> Regards, Support\n'

    expect(stripQuotedReply(text)).toBe(text.trim())
  })
})
