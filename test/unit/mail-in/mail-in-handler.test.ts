import { describe, expect, it } from 'vitest'
import { handler, receiptsOf } from '#functions/mail/mail-in.ts'

/** The event SES's receipt-rule Lambda action sends, as the SES developer guide shows it. */
function sesEvent(overrides: { receipt?: Record<string, unknown>; mail?: Record<string, unknown> } = {}) {
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: {
            timestamp: '2026-11-25T09:55:02.028Z',
            source: 'prvs=144d0cba7=alice@acme.example',
            messageId: 'o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1',
            destination: ['case.c1.0123456789abcdef0123@reply.caseline.example'],
            headersTruncated: false,
            headers: [{ name: 'From', value: 'Alice <alice@acme.example>' }],
            commonHeaders: {
              returnPath: 'prvs=144d0cba7=alice@acme.example',
              from: ['Alice <alice@acme.example>'],
              date: 'Wed, 25 Nov 2026 09:55:00 +0000',
              to: ['case.c1.0123456789abcdef0123@reply.caseline.example'],
              messageId: '<customer-message-1@acme.example>',
              subject: 'Re: Invoices fail to print',
            },
            ...overrides.mail,
          },
          receipt: {
            timestamp: '2026-11-25T09:55:02.028Z',
            processingTimeMillis: 574,
            recipients: ['case.c1.0123456789abcdef0123@reply.caseline.example'],
            spamVerdict: { status: 'PASS' },
            virusVerdict: { status: 'PASS' },
            spfVerdict: { status: 'PASS' },
            dkimVerdict: { status: 'GRAY' },
            dmarcVerdict: { status: 'PASS' },
            dmarcPolicy: 'reject',
            action: {
              type: 'Lambda',
              invocationType: 'Event',
              functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:caseline-mail-in',
            },
            ...overrides.receipt,
          },
        },
      },
    ],
  }
}

describe('the mail-in handler', () => {
  it('reads the message id, envelope, recipients and every verdict from the SES receipt event', () => {
    // Act
    const receipts = receiptsOf(sesEvent())

    // Assert
    expect(receipts).toEqual([
      {
        messageId: 'o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1',
        envelopeSender: 'prvs=144d0cba7=alice@acme.example',
        recipients: ['case.c1.0123456789abcdef0123@reply.caseline.example'],
        verdicts: { spf: 'PASS', dkim: 'GRAY', spam: 'PASS', virus: 'PASS', dmarc: 'PASS' },
      },
    ])
  })

  it('takes a status SES may add later as what it is (not a pass), and a missing DMARC verdict as none', () => {
    const receipts = receiptsOf(
      sesEvent({ receipt: { virusVerdict: { status: 'SOMETHING_NEW' }, dmarcVerdict: undefined } }),
    )

    expect(receipts?.[0]?.verdicts).toMatchObject({ virus: 'SOMETHING_NEW', dmarc: '' })
  })

  it.each([
    ['an S3 notification', { Records: [{ eventSource: 'aws:s3', s3: {} }] }],
    ['a record without verdicts', sesEvent({ receipt: { spamVerdict: undefined } })],
    ['a message id that is no SES id', sesEvent({ mail: { messageId: '../uploads/x' } })],
    ['no records', { Records: [] }],
    ['nothing', undefined],
  ])('does not take %s', (_, event) => {
    expect(receiptsOf(event)).toBeUndefined()
  })

  it('drops a malformed event without touching anything (no environment is needed)', async () => {
    const result = await handler({ detail: 'not an SES event' })

    expect(result).toEqual({ outcomes: [] })
  })
})
