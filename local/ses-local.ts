import type { Server } from 'node:http'
import { createRequire } from 'node:module'
import { freePort } from './free-port.ts'

// A CommonJS module whose `exports.default` ESM interop would wrap once more: load it as CommonJS.
const { default: startSesServer } = createRequire(import.meta.url)(
  'aws-ses-v2-local',
) as typeof import('aws-ses-v2-local')

/** One sent e-mail as `GET /local/mail` lists it (README.md). */
export interface LocalMail {
  messageId: string
  from: string
  to: string[]
  replyTo: string | null
  subject: string
  text: string
  html: string
  headers: Record<string, string>
  sentAt: string
}

export interface LocalSes {
  /** The SES v2 endpoint the handlers' SESv2Client talks to. */
  endpoint: string
  /** Sent mail, newest first, read back over aws-ses-v2-local's HTTP store API. */
  sentMail(): Promise<LocalMail[]>
  stop(): Promise<void>
}

/** aws-ses-v2-local's stored e-mail (`GET /store`). */
interface StoredEmail {
  messageId: string
  from: string
  replyTo: string[]
  destination: { to: string[]; cc: string[]; bcc: string[] }
  subject: string
  body: { html?: string; text?: string }
  headers?: { name: string; value: string }[]
  /** Epoch seconds. */
  at: number
}

/** `Alice <alice@acme.example>` → `alice@acme.example`: the list shows who received it, not how they are named. */
function bareAddress(mailbox: string): string {
  return /<([^<>]+)>\s*$/.exec(mailbox)?.[1] ?? mailbox
}

/**
 * aws-ses-v2-local on a free port: it speaks the SES v2 API (SendEmail) to the real SDK client and
 * keeps what was sent, so the local runtime can show it at `GET /local/mail` and tests can read it.
 */
export async function startLocalSes(): Promise<LocalSes> {
  const port = await freePort()
  const server: Server = await startSesServer({ host: '127.0.0.1', port })
  const endpoint = `http://127.0.0.1:${port}`
  return {
    endpoint,
    async sentMail() {
      const response = await fetch(`${endpoint}/store`)
      if (!response.ok) throw new Error(`aws-ses-v2-local answered ${response.status}`)
      const { emails } = (await response.json()) as { emails: StoredEmail[] }
      return emails
        .map((email) => ({
          messageId: email.messageId,
          from: email.from,
          to: [...email.destination.to, ...email.destination.cc].map(bareAddress),
          replyTo: email.replyTo[0] ?? null,
          subject: email.subject,
          text: email.body.text ?? '',
          html: email.body.html ?? '',
          headers: Object.fromEntries((email.headers ?? []).map((h) => [h.name, h.value])),
          sentAt: new Date(email.at * 1000).toISOString(),
        }))
        .reverse()
    },
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
