import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2'
import type { Mailer, OutgoingMail } from '#src/use-cases/ports/mail.ts'

export interface SesMailerOptions {
  region: string
  /** The support address every mail is sent from (a verified SES identity). */
  from: string
  fromName: string
  /** Tracks bounces and complaints (CloudWatch alarms: docs/deploy.md). */
  configurationSet?: string | undefined
  /** Only locally: aws-ses-v2-local. */
  endpoint?: string | undefined
}

/**
 * `Caseline Support <support@…>`: a plain name as it is, one with specials quoted (RFC 5322), one
 * with non-ASCII letters as an encoded word (RFC 2047), which SES requires of display names.
 */
export function formatAddress(address: string, name?: string | undefined): string {
  if (!name) return address
  const displayName = /^[A-Za-z0-9 .'_-]*$/.test(name)
    ? name
    : /^[\x20-\x7e]*$/.test(name)
      ? `"${name.replace(/["\\]/g, '\\$&')}"`
      : `=?UTF-8?B?${Buffer.from(name, 'utf8').toString('base64')}?=`
  return `${displayName} <${address}>`
}

/** SES tags allow only [A-Za-z0-9_-]; anything else is replaced so a tag can never fail a send. */
const tagValue = (value: string) => value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256) || '_'

/** The Mailer on SES v2 (aws-ses-v2-local speaks the same API locally). */
export function createSesMailer(options: SesMailerOptions): Mailer {
  const client = new SESv2Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  })
  return {
    async send(mail: OutgoingMail) {
      const headers = Object.entries(mail.headers ?? {}).map(([Name, Value]) => ({ Name, Value }))
      const result = await client.send(
        new SendEmailCommand({
          FromEmailAddress: formatAddress(options.from, options.fromName),
          Destination: { ToAddresses: mail.to.map((to) => formatAddress(to.address, to.name)) },
          ReplyToAddresses: mail.replyTo ? [mail.replyTo] : undefined,
          ConfigurationSetName: options.configurationSet,
          EmailTags: Object.entries(mail.tags ?? {}).map(([Name, Value]) => ({
            Name,
            Value: tagValue(Value),
          })),
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: 'UTF-8' },
              Body: {
                Text: { Data: mail.text, Charset: 'UTF-8' },
                Html: { Data: mail.html, Charset: 'UTF-8' },
              },
              ...(headers.length > 0 ? { Headers: headers } : {}),
            },
          },
        }),
      )
      if (!result.MessageId) throw new Error('SES answered without a MessageId')
      return { messageId: result.MessageId }
    },
  }
}
