import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2'
import { mockClient } from 'aws-sdk-client-mock'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { createSesMailer, formatAddress } from '#src/adapters/aws/ses-mailer.ts'

const ses = mockClient(SESv2Client)

// Unit tests share one module graph: give the real client back to the files that run later.
afterAll(() => {
  ses.restore()
})

const mailer = createSesMailer({
  region: 'eu-central-1',
  from: 'support@caseline.example',
  fromName: 'Caseline Support',
  configurationSet: 'caseline-mail',
})

describe('SES mailer', () => {
  beforeEach(() => ses.reset())

  it('sends text and HTML from the support address with the reply address, headers, tags and configuration set', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' })

    const sent = await mailer.send({
      to: [{ address: 'alice@acme.example', name: 'Alice Acme' }],
      replyTo: 'case.1.abc@reply.caseline.example',
      subject: '[CS-1001] Ihr Fall wurde erfasst',
      text: 'Guten Tag',
      html: '<p>Guten Tag</p>',
      headers: { 'Auto-Submitted': 'auto-generated' },
      tags: { kind: 'case_received', caseNumber: 'CS-1001' },
    })

    expect(sent).toEqual({ messageId: 'ses-1' })
    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input
    expect(input).toEqual({
      FromEmailAddress: 'Caseline Support <support@caseline.example>',
      Destination: { ToAddresses: ['Alice Acme <alice@acme.example>'] },
      ReplyToAddresses: ['case.1.abc@reply.caseline.example'],
      ConfigurationSetName: 'caseline-mail',
      EmailTags: [
        { Name: 'kind', Value: 'case_received' },
        { Name: 'caseNumber', Value: 'CS-1001' },
      ],
      Content: {
        Simple: {
          Subject: { Data: '[CS-1001] Ihr Fall wurde erfasst', Charset: 'UTF-8' },
          Body: {
            Text: { Data: 'Guten Tag', Charset: 'UTF-8' },
            Html: { Data: '<p>Guten Tag</p>', Charset: 'UTF-8' },
          },
          Headers: [{ Name: 'Auto-Submitted', Value: 'auto-generated' }],
        },
      },
    })
  })

  it('lets a failed send fail, so the caller (the stream) retries it', async () => {
    ses
      .on(SendEmailCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }))

    await expect(
      mailer.send({ to: [{ address: 'a@b.example' }], subject: 's', text: 't', html: 'h' }),
    ).rejects.toThrow('Rate exceeded')
  })
})

describe('formatAddress', () => {
  it.each([
    ['Alice Acme', 'Alice Acme <alice@acme.example>'],
    ['Acme, Inc.', '"Acme, Inc." <alice@acme.example>'],
    ['Jürgen Müller', '=?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <alice@acme.example>'],
    [undefined, 'alice@acme.example'],
  ])('writes %s as a mailbox SES accepts', (name, expected) => {
    expect(formatAddress('alice@acme.example', name)).toBe(expected)
  })
})
