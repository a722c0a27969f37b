import { StaleWebhookError } from '#src/domain/errors.ts'
import { webhookTestType } from '#src/domain/events/envelope.ts'
import { webhookDisabledMail } from '#src/domain/notifications/webhook-disabled-mail.ts'
import { signDelivery, signingSecrets } from '#src/domain/webhook-signature.ts'
import {
  type Delivery,
  type DeliveryAttempt,
  disableAfterFailingMs,
  keptResponseBytes,
  maxDeliveryAttempts,
  retryDelaysMs,
  type Webhook,
} from '#src/domain/webhooks.ts'
import { errorFields, logger } from '#src/logger.ts'
import type { Clock } from '#src/use-cases/ports/common.ts'
import type { Mailer } from '#src/use-cases/ports/mail.ts'
import type {
  DeliveryQueue,
  DeliveryRef,
  DeliveryStore,
  SendOutcome,
  WebhookSender,
  WebhookStore,
} from '#src/use-cases/ports/webhooks.ts'

/**
 * How long a claimed attempt holds its delivery. Longer than an attempt can take (the receiver's
 * 10 s and the bookkeeping), so no second attempt starts beside a running one; shorter than the
 * queue's visibility timeout, so the message of a crashed attempt finds the lease passed when it
 * reappears (docs/integrations.md, nothing lost).
 */
export const deliveryLeaseMs = 60_000

/**
 * The `user-agent` of every delivery. Its version is the delivery format's (envelope and
 * signature scheme, both v1), which a receiver may key on, not the release's.
 */
export const webhookUserAgent = 'Caseline-Webhooks/1'

/** How often a change of the subscription's health is retried on a fresh read after a concurrent change. */
const maxHealthSaves = 3

export interface DeliverWebhookDeps {
  deliveries: Pick<DeliveryStore, 'claim' | 'find' | 'recordAttempt'>
  webhooks: Pick<WebhookStore, 'find' | 'save'>
  deliveryQueue: Pick<DeliveryQueue, 'enqueueAt'>
  webhookSender: WebhookSender
  mailer: Mailer
  clock: Clock
  /**
   * The time `webhook-timestamp` states: the real time of sending, as receivers check it against
   * their own clocks (Standard Webhooks allows five minutes), even where `clock` was moved (the
   * local runtime). @default clock
   */
  signingClock?: Clock
}

/** What one message of the delivery queue came to. */
export type DeliverWebhookResult =
  /** Nothing to do now: the delivery is gone or final, or another attempt holds it. */
  | { outcome: 'skipped'; reason: 'missing' | 'final' | 'running' | 'raced' }
  /** The message came before the delivery was due (a duplicate, a lost retry's stand-in): put back for then. */
  | { outcome: 'rescheduled'; at: string }
  /** An attempt was made (or found pointless) and recorded; `retrying` has its next one queued. */
  | {
      outcome: 'succeeded' | 'retrying' | 'failed'
      attempt: number
      httpStatus?: number | undefined
      nextAttemptAt?: string | undefined
      disabled?: boolean | undefined
    }

/**
 * Attempts one delivery (docs/integrations.md, deliveries and retries): the deliver function runs
 * this for every message of the delivery queue. Primary course:
 * 1. Claim the delivery: only a pending, due delivery no other attempt holds, leased for
 *    `deliveryLeaseMs`. Not claimable: see why; a delivery that is pending but not yet due is put
 *    back on the queue for its time (so a lost retry message is replaced by any later message),
 *    anything else is skipped (done, or another attempt runs).
 * 2. Load the subscription. Deleted, or inactive (paused or disabled): the delivery fails for good
 *    with an attempt that says why and was not sent. A test ping is sent even to an inactive
 *    subscription, so an endpoint can be checked before it is enabled again.
 * 3. Sign: `webhook-id` the event's id (stable across attempts, so receivers deduplicate),
 *    `webhook-timestamp` now, `webhook-signature` one `v1,…` per valid secret (the rotated-out one
 *    too until its overlap ends).
 * 4. POST through the sender (10 s, no redirects, public addresses only).
 * 5. Record the attempt: any 2xx succeeded; anything else (a redirect too), a timeout, a refused
 *    address or connection failed. Recording releases the claim.
 * 6. After a failure with attempts left, queue the next at `retryDelaysMs[n-1]` (the queue's delay
 *    or a one-time schedule); after the last, the delivery has failed. A test ping is tried once.
 * 7. Track the subscription's health (not for pings): a failure sets `failingSince`; three days of
 *    nothing but failures disable it, and the attempt that disables it e-mails the owner once. A
 *    success clears `failingSince`.
 *
 * An attempt that crashed between claim and record is not counted: its message reappears after the
 * queue's visibility timeout, the lease has passed, and the attempt is made again.
 */
export async function deliverWebhook(
  ref: DeliveryRef,
  deps: DeliverWebhookDeps,
): Promise<DeliverWebhookResult> {
  const now = deps.clock.now()
  const delivery = await deps.deliveries.claim(ref, now, new Date(now.getTime() + deliveryLeaseMs))
  if (!delivery) return notClaimed(ref, now, deps)

  const number = (delivery.attempts.at(-1)?.number ?? 0) + 1
  const isPing = delivery.eventType === webhookTestType
  const webhook = await deps.webhooks.find({ kind: 'all' }, ref.webhookId)
  const secrets = webhook ? signingSecrets(webhook.secrets, now) : []
  const unsendable = !webhook
    ? 'The subscription was deleted: not sent'
    : !webhook.active && !isPing
      ? 'The subscription is disabled: not sent'
      : secrets.length === 0
        ? 'The subscription has no valid signing secret: not sent'
        : undefined
  if (!webhook || unsendable) {
    await deps.deliveries.recordAttempt(
      ref,
      { number, at: now.toISOString(), outcome: 'failed', error: unsendable },
      { status: 'failed', updatedAt: now.toISOString() },
    )
    return { outcome: 'failed', attempt: number }
  }

  const headers = {
    ...signDelivery({
      messageId: delivery.eventId,
      at: (deps.signingClock ?? deps.clock).now(),
      body: delivery.payload,
      secrets,
    }),
    'content-type': 'application/json',
    'user-agent': webhookUserAgent,
  }
  const answer = await deps.webhookSender.post(webhook.url, headers, delivery.payload)
  const attempt = attemptOf(number, now, answer)
  const finishedAt = deps.clock.now()
  // Attempt n waits retryDelaysMs[n-1]; after the last (`maxDeliveryAttempts`) there is none.
  const retryDelay = number < maxDeliveryAttempts ? retryDelaysMs[number - 1] : undefined
  const retryAt =
    attempt.outcome === 'succeeded' || isPing || retryDelay === undefined
      ? undefined
      : new Date(finishedAt.getTime() + retryDelay)
  const status: Delivery['status'] =
    attempt.outcome === 'succeeded' ? 'succeeded' : retryAt ? 'pending' : 'failed'
  await deps.deliveries.recordAttempt(ref, attempt, {
    status,
    nextAttemptAt: retryAt?.toISOString(),
    updatedAt: finishedAt.toISOString(),
  })
  if (retryAt) await deps.deliveryQueue.enqueueAt(ref, retryAt)

  const disabled = isPing
    ? false
    : await trackHealth(webhook, attempt.outcome === 'succeeded', failureOf(attempt), finishedAt, deps)
  return {
    outcome: status === 'succeeded' ? 'succeeded' : retryAt ? 'retrying' : 'failed',
    attempt: number,
    httpStatus: attempt.httpStatus,
    nextAttemptAt: retryAt?.toISOString(),
    ...(disabled ? { disabled } : {}),
  }
}

/** Why a message found nothing to claim; a pending delivery not yet due is put back on the queue for its time. */
async function notClaimed(
  ref: DeliveryRef,
  now: Date,
  deps: DeliverWebhookDeps,
): Promise<DeliverWebhookResult> {
  const current = await deps.deliveries.find(ref)
  if (!current) return { outcome: 'skipped', reason: 'missing' }
  if (current.status !== 'pending') return { outcome: 'skipped', reason: 'final' }
  if (current.leaseUntil && Date.parse(current.leaseUntil) > now.getTime())
    return { outcome: 'skipped', reason: 'running' }
  if (current.nextAttemptAt && Date.parse(current.nextAttemptAt) > now.getTime()) {
    // Either a duplicate of a message already handled, or the stand-in for a retry message that was
    // never sent (a crash after recording the attempt): putting it back costs one message at worst.
    await deps.deliveryQueue.enqueueAt(ref, new Date(current.nextAttemptAt))
    return { outcome: 'rescheduled', at: current.nextAttemptAt }
  }
  return { outcome: 'skipped', reason: 'raced' }
}

/** What the receiver's answer (or its absence) makes of attempt `number`. */
export function attemptOf(number: number, at: Date, answer: SendOutcome): DeliveryAttempt {
  const latencyMs = Math.max(0, Math.round(answer.latencyMs))
  if (answer.kind === 'failed')
    return { number, at: at.toISOString(), outcome: 'failed', latencyMs, error: answer.error }
  const succeeded = answer.status >= 200 && answer.status < 300
  const response = keptPart(answer.body)
  return {
    number,
    at: at.toISOString(),
    outcome: succeeded ? 'succeeded' : 'failed',
    httpStatus: answer.status,
    latencyMs,
    ...(response ? { response } : {}),
    ...(answer.status >= 300 && answer.status < 400 ? { error: 'Redirects are not followed' } : {}),
  }
}

/** What went wrong in a failed attempt, in a few words (for the owner's mail). */
function failureOf(attempt: DeliveryAttempt): string | undefined {
  if (attempt.outcome === 'succeeded') return undefined
  return attempt.error ?? (attempt.httpStatus === undefined ? undefined : `HTTP ${attempt.httpStatus}`)
}

/** At most `keptResponseBytes` of UTF-8; a character cut in half at the end is dropped. */
function keptPart(body: string): string {
  const bytes = new TextEncoder().encode(body)
  if (bytes.length <= keptResponseBytes) return body
  return new TextDecoder().decode(bytes.slice(0, keptResponseBytes)).replace(/\uFFFD$/, '')
}

/** The subscription after an attempt's outcome, or undefined when its health does not change. */
export function nextHealth(webhook: Webhook, succeeded: boolean, now: Date): Webhook | undefined {
  const changed = { version: webhook.version + 1, updatedAt: now.toISOString() }
  if (succeeded) {
    if (webhook.failingSince === undefined) return undefined
    const { failingSince: _cleared, ...rest } = webhook
    return { ...rest, ...changed }
  }
  if (!webhook.active) return undefined
  const failingSince = webhook.failingSince ?? now.toISOString()
  if (now.getTime() - Date.parse(failingSince) >= disableAfterFailingMs)
    return {
      ...webhook,
      ...changed,
      failingSince,
      active: false,
      disabledAt: now.toISOString(),
      disabledReason: `Every delivery attempt failed for 3 days (since ${failingSince})`,
    }
  if (webhook.failingSince !== undefined) return undefined
  return { ...webhook, ...changed, failingSince }
}

/**
 * Saves the subscription's health after an attempt, retried on a fresh read when another change
 * (an admin's edit, a concurrent attempt) came first. Returns whether this attempt disabled it; only
 * that attempt mails the owner, so the mail goes out once.
 */
async function trackHealth(
  loaded: Webhook,
  succeeded: boolean,
  lastError: string | undefined,
  now: Date,
  deps: DeliverWebhookDeps,
): Promise<boolean> {
  let webhook: Webhook | undefined = loaded
  for (let save = 1; webhook; save++) {
    const next = nextHealth(webhook, succeeded, now)
    if (!next) return false
    try {
      await deps.webhooks.save(next, webhook.version)
    } catch (error) {
      if (!(error instanceof StaleWebhookError) || save >= maxHealthSaves) throw error
      webhook = await deps.webhooks.find({ kind: 'all' }, webhook.id)
      continue
    }
    if (webhook.active && !next.active) {
      await tellOwner(next, now, lastError, deps)
      return true
    }
    return false
  }
  return false
}

/** The one mail about a disabled endpoint. A failure is logged, not retried: the endpoint stays disabled either way. */
async function tellOwner(
  webhook: Webhook,
  now: Date,
  lastError: string | undefined,
  deps: DeliverWebhookDeps,
): Promise<void> {
  const mail = webhookDisabledMail(webhook, now, lastError)
  try {
    await deps.mailer.send({
      to: [{ address: webhook.ownerEmail }],
      ...mail,
      headers: { 'Auto-Submitted': 'auto-generated' },
      tags: { kind: 'webhook-disabled' },
    })
  } catch (error) {
    logger.error('webhook disabled, but its owner could not be mailed', {
      webhookId: webhook.id,
      ...errorFields(error),
    })
  }
}
