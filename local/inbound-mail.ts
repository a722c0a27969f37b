import { randomBytes } from 'node:crypto'
import {
  CreateBucketCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3'
import type { SESEvent } from 'aws-lambda'
import { parseMail } from '#src/adapters/mail/parse-mail.ts'
import type { ReceiveMailOutcome } from '#src/use-cases/receive-mail.ts'

/** What the mail-in handler answers (Lambda drops it for an `Event` invocation; locally it is the route's answer). */
export interface MailInResult {
  outcomes: (ReceiveMailOutcome & { messageId: string })[]
}

export interface LocalInboundMailOptions {
  /** s3rver's address. */
  s3Endpoint: string
  /** The inbound-mail bucket (`INBOUND_MAIL_BUCKET` of the handler); created if missing. */
  bucket: string
  /** The key prefix (`INBOUND_MAIL_PREFIX` of the handler). */
  prefix: string
  credentials: NonNullable<S3ClientConfig['credentials']>
  region: string
  /** Invokes the mail-in handler as Lambda would, with the SES receipt event. */
  invoke: (event: SESEvent) => Promise<unknown>
}

export interface LocalInboundMail {
  /** Receives `raw` as SES would with every verdict passing; answers what mail-in made of it, and the message id it got. */
  deliver(raw: Buffer): Promise<ReceiveMailOutcome & { messageId: string }>
}

/** An id of SES's shape: 28 lower-case letters and digits, fresh for every delivery. */
function newSesMessageId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'
  return [...randomBytes(28)].map((byte) => alphabet[byte % alphabet.length]).join('')
}

/** SES lists a header once per occurrence, values unfolded; enough of it for the event's `headers`. */
function headersOf(raw: Buffer): { name: string; value: string }[] {
  const text = raw.toString('latin1')
  const end = text.search(/\r?\n\r?\n/)
  return (end < 0 ? text : text.slice(0, end))
    .replace(/\r?\n[ \t]+/g, ' ')
    .split(/\r?\n/)
    .map((line) => /^([^:\s]+):\s*(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ name: match[1] as string, value: match[2] as string }))
}

/**
 * `POST /local/inbound-mail` (docs/email.md): SES's way in, on this machine. What SES does in AWS for
 * a receipt rule with an S3 action followed by a Lambda action, this does with the same services
 * and shapes: it stores the raw message in the local S3 under prefix + a fresh message id, then
 * invokes the mail-in handler with the SES receipt event, every verdict `PASS` (the message is
 * taken as authenticated: there is no SMTP session here to check). The envelope is read from the
 * message: its From is the envelope sender, its To and Cc the recipients.
 */
export function createLocalInboundMail(options: LocalInboundMailOptions): LocalInboundMail {
  const client = new S3Client({
    region: options.region,
    endpoint: options.s3Endpoint,
    forcePathStyle: true,
    credentials: options.credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })
  let bucketReady: Promise<void> | undefined
  const ensureBucket = async () => {
    try {
      await client.send(new HeadBucketCommand({ Bucket: options.bucket }))
    } catch {
      await client.send(new CreateBucketCommand({ Bucket: options.bucket }))
    }
  }

  return {
    async deliver(raw) {
      bucketReady ??= ensureBucket()
      bucketReady.catch(() => {
        bucketReady = undefined // try again with the next delivery
      })
      await bucketReady

      const messageId = newSesMessageId()
      await client.send(
        new PutObjectCommand({ Bucket: options.bucket, Key: `${options.prefix}${messageId}`, Body: raw }),
      )
      const message = await parseMail(raw)
      const at = new Date().toISOString()
      const pass = { status: 'PASS' as const }
      const from = message.from?.address ?? ''
      const recipients = [...message.to, ...message.cc]
      const event: SESEvent = {
        Records: [
          {
            eventSource: 'aws:ses',
            eventVersion: '1.0',
            ses: {
              mail: {
                timestamp: at,
                source: from,
                messageId,
                destination: recipients,
                headersTruncated: false,
                headers: headersOf(raw),
                commonHeaders: {
                  returnPath: from,
                  from: message.from ? [from] : [],
                  date: at,
                  to: message.to,
                  ...(message.cc.length > 0 ? { cc: message.cc } : {}),
                  messageId: message.messageId ? `<${message.messageId}>` : '',
                  subject: message.subject,
                },
              },
              receipt: {
                timestamp: at,
                processingTimeMillis: 0,
                recipients,
                spfVerdict: pass,
                dkimVerdict: pass,
                spamVerdict: pass,
                virusVerdict: pass,
                dmarcVerdict: pass,
                dmarcPolicy: 'none',
                action: {
                  type: 'Lambda',
                  functionArn: `arn:aws:lambda:${options.region}:000000000000:function:caseline-local-mail-in`,
                  invocationType: 'Event',
                },
              },
            },
          },
        ],
      }
      const result = (await options.invoke(event)) as MailInResult
      const outcome = result.outcomes.find((o) => o.messageId === messageId)
      if (!outcome) throw new Error(`the mail-in handler reported nothing for message ${messageId}`)
      return outcome
    },
  }
}
