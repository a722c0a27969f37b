import type { IncomingMessage, ServerResponse } from 'node:http'
import type { DirectoryRepository } from '#src/adapters/dynamodb/directory-repository.ts'
import { localClock } from '#src/adapters/local-clock.ts'
import { ForbiddenError, NotFoundError } from '#src/domain/errors.ts'
import { parseJsonBody, parseRequestPart } from '#src/http/request.ts'
import * as z from '#src/zod.ts'
import { moveLocalClock } from './clock-route.ts'
import type { LocalDailySchedule } from './daily-schedule.ts'
import type { LocalEventBridge } from './eventbridge-endpoint.ts'
import { readBody, sendJson } from './http-io.ts'
import type { LocalInboundMail } from './inbound-mail.ts'
import type { FiredTimer, LocalSchedulerEndpoint } from './scheduler-endpoint.ts'
import type { LocalSes } from './ses-local.ts'
import type { LocalSqsQueue } from './sqs-endpoint.ts'
import type { LocalTableStream } from './table-stream.ts'
import type { TokenIssuer } from './token-issuer.ts'

/** SES accepts messages of up to 40 MB; a raw message is about a third larger than its attachments. */
const maxInboundMailBytes = 40 * 1024 * 1024

/** What the local-only routes work with: the running services, the token issuer, the directory. */
export interface AdminRouteContext {
  /** Whether every local service is ready (the runtime has started and is not stopping). */
  isReady(): boolean
  issuer: TokenIssuer
  directory: DirectoryRepository
  scheduler: LocalSchedulerEndpoint
  stream: LocalTableStream
  ses: LocalSes
  inboundMail: LocalInboundMail
  eventBus: Pick<LocalEventBridge, 'published'>
  webhookQueue: Pick<LocalSqsQueue, 'deliverDue' | 'idle' | 'deliveryCount' | 'deadLetters'>
  /** The daily jobs (retention) a clock move runs when it passes a UTC midnight. */
  daily?: Pick<LocalDailySchedule, 'runIfDue'>
  /** Told of every timer a clock move fired. */
  onFired(fired: FiredTimer[]): void
}

export interface AdminRoute {
  /** Answered while the runtime is still starting (or stopping); every other route then gets 503. */
  whileStarting?: boolean
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>
}

const TokenRequest = z.strictObject({ email: z.email() })

/** `GET /local/events?type=&limit=`: of one event type (the bus's detail-type), at most `limit`. */
const EventsQuery = z.strictObject({
  type: z.optional(z.string().check(z.minLength(1))),
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1000))),
})

/** `POST /local/token`: a real signed token for a known, active demo or registered user (README.md, demo users). */
async function issueToken(
  body: Buffer,
  directory: DirectoryRepository,
  issuer: TokenIssuer,
): Promise<string> {
  const { email } = parseRequestPart(TokenRequest, parseJsonBody(body.toString('utf8'), false), 'body')
  const owner = await directory.findEmailOwner(email)
  if (owner?.kind === 'contact') {
    const contact = await directory.findContact(owner.userId)
    if (!contact) throw new NotFoundError(`No user has the address ${email}.`)
    if (!contact.active) throw new ForbiddenError(`The contact ${email} has been deactivated.`)
    return issuer.issue({
      sub: contact.id,
      email: contact.email,
      groups: [contact.role],
      accountId: contact.accountId,
    })
  }
  if (owner?.kind === 'staff') {
    const member = await directory.findStaffMember(owner.userId)
    if (!member) throw new NotFoundError(`No user has the address ${email}.`)
    if (!member.active) throw new ForbiddenError(`The user ${email} has been deactivated.`)
    return issuer.issue({ sub: member.id, email: member.email, groups: [member.role] })
  }
  throw new NotFoundError(`No user has the address ${email}.`)
}

/** `GET /health`: 200 once every local service is ready, 503 while starting or stopping. */
export function healthRoute(isReady: () => boolean): AdminRoute {
  return {
    whileStarting: true,
    handle: async (_, response) => {
      const ready = isReady()
      const state = ready ? 'ready' : 'starting'
      sendJson(response, ready ? 200 : 503, {
        status: ready ? 'ok' : 'starting',
        services: {
          dynamodb: state,
          scheduler: state,
          s3: state,
          ses: state,
          stream: state,
          eventbridge: state,
          sqs: state,
        },
      })
    },
  }
}

/**
 * The local runtime's own routes, beside the API: `/health`, the token issuer standing in for
 * Cognito (`/local/token`, its JWKS), the clock and timers standing in for time passing and
 * Scheduler, the mail sent and received through the local SES, the events published on the local
 * bus, and the dead letters of the table stream and the webhook queue.
 * README.md lists them. Keyed by `METHOD path`.
 */
export function adminRoutes(context: AdminRouteContext): ReadonlyMap<string, AdminRoute> {
  const { issuer, directory, scheduler, stream, ses, inboundMail, eventBus, webhookQueue } = context
  return new Map<string, AdminRoute>([
    ['GET /health', healthRoute(context.isReady)],
    [
      'GET /local/.well-known/jwks.json',
      { handle: async (_, response) => sendJson(response, 200, issuer.jwks()) },
    ],
    [
      'POST /local/token',
      {
        handle: async (request, response) =>
          sendJson(response, 200, { token: await issueToken(await readBody(request), directory, issuer) }),
      },
    ],
    // Move the local clock and fire what became due; see what is pending (docs/architecture.md, timers as hints).
    [
      'POST /local/clock',
      {
        handle: async (request, response) => {
          const moved = await moveLocalClock(
            parseJsonBody((await readBody(request)).toString('utf8'), false),
            scheduler,
            () => stream.settled(),
            webhookQueue,
            context.daily,
          )
          context.onFired(moved.fired)
          sendJson(response, 200, moved)
        },
      },
    ],
    [
      'GET /local/clock',
      { handle: async (_, response) => sendJson(response, 200, { now: localClock.now().toISOString() }) },
    ],
    [
      'GET /local/timers',
      {
        handle: async (_, response) => {
          await stream.settled()
          sendJson(response, 200, scheduler.timers())
        },
      },
    ],
    // What was sent, newest first, once the events written so far were handled (docs/email.md).
    [
      'GET /local/mail',
      {
        handle: async (_, response) => {
          await stream.settled()
          sendJson(response, 200, await ses.sentMail())
        },
      },
    ],
    [
      'POST /local/inbound-mail',
      {
        handle: async (request, response) =>
          sendJson(response, 200, await inboundMail.deliver(await readBody(request, maxInboundMailBytes))),
      },
    ],
    // What the event handler put on the bus, newest first, once the changes made so far were handled
    // (docs/integrations.md, locally).
    [
      'GET /local/events',
      {
        handle: async (request, response) => {
          const query = Object.fromEntries(new URL(request.url ?? '/', 'http://localhost').searchParams)
          const filter = parseRequestPart(EventsQuery, query, 'query')
          await stream.settled()
          sendJson(response, 200, eventBus.published(filter))
        },
      },
    ],
    [
      'GET /local/dead-letters',
      {
        handle: async (_, response) =>
          sendJson(response, 200, { stream: stream.deadLetters(), webhooks: webhookQueue.deadLetters() }),
      },
    ],
  ])
}
