import type { EventEnvelope } from '#src/domain/events/envelope.ts'
import type { Delivery, DeliveryAttempt } from '#src/domain/webhooks.ts'
import type { Paged, PageRequest } from '#src/use-cases/ports/common.ts'
import type {
  DeliveryQueue,
  DeliveryRef,
  DeliveryStore,
  SendOutcome,
  WebhookSender,
} from '#src/use-cases/ports/webhooks.ts'

const keyOf = (ref: DeliveryRef) => `${ref.webhookId}/${ref.deliveryId}`

/**
 * An in-memory delivery store keeping the DynamoDB repository's rules: creating keeps an existing
 * delivery, a claim holds only for a pending, due delivery whose lease has passed, recording an
 * attempt releases the lease, and only a final delivery reopens.
 */
/** A `case.created` envelope as the fan-out hands deliveries their payload. */
export const caseCreatedEnvelope: EventEnvelope = {
  id: 'evt_1',
  type: 'case.created',
  version: 1,
  time: '2026-11-25T09:00:00.000Z',
  accountId: 'acme',
  sequence: 1,
  data: {},
}

export class InMemoryDeliveryStore implements DeliveryStore {
  readonly deliveries = new Map<string, Delivery>()

  constructor(deliveries: Delivery[] = []) {
    for (const delivery of deliveries)
      this.deliveries.set(keyOf({ webhookId: delivery.webhookId, deliveryId: delivery.id }), delivery)
  }

  get(ref: DeliveryRef): Delivery | undefined {
    return this.deliveries.get(keyOf(ref))
  }

  async createMany(deliveries: Delivery[]) {
    return deliveries.map((delivery) => {
      const key = keyOf({ webhookId: delivery.webhookId, deliveryId: delivery.id })
      const existing = this.deliveries.get(key)
      if (existing) return existing
      this.deliveries.set(key, delivery)
      return delivery
    })
  }

  async find(ref: DeliveryRef) {
    return this.get(ref)
  }

  async list(webhookId: string, page: PageRequest): Promise<Paged<Delivery>> {
    const items = [...this.deliveries.values()]
      .filter((delivery) => delivery.webhookId === webhookId)
      .sort((a, b) => b.id.localeCompare(a.id))
    return { items: items.slice(0, page.limit), nextCursor: null }
  }

  async claim(ref: DeliveryRef, now: Date, leaseUntil: Date) {
    const delivery = this.get(ref)
    if (delivery?.status !== 'pending' || !delivery.nextAttemptAt) return undefined
    if (Date.parse(delivery.nextAttemptAt) > now.getTime()) return undefined
    if (delivery.leaseUntil && Date.parse(delivery.leaseUntil) > now.getTime()) return undefined
    const claimed = { ...delivery, leaseUntil: leaseUntil.toISOString() }
    this.deliveries.set(keyOf(ref), claimed)
    return claimed
  }

  async recordAttempt(
    ref: DeliveryRef,
    attempt: DeliveryAttempt,
    next: Pick<Delivery, 'status' | 'nextAttemptAt' | 'updatedAt'>,
  ) {
    const delivery = this.get(ref)
    if (!delivery) return
    const { leaseUntil: _released, nextAttemptAt: _previous, ...rest } = delivery
    this.deliveries.set(keyOf(ref), {
      ...rest,
      attempts: [...delivery.attempts, attempt],
      status: next.status,
      updatedAt: next.updatedAt,
      ...(next.nextAttemptAt ? { nextAttemptAt: next.nextAttemptAt } : {}),
    })
  }

  async reopen(ref: DeliveryRef, at: string) {
    const delivery = this.get(ref)
    if (!delivery || delivery.status === 'pending') return undefined
    const reopened: Delivery = { ...delivery, status: 'pending', nextAttemptAt: at, updatedAt: at }
    this.deliveries.set(keyOf(ref), reopened)
    return reopened
  }
}

/** Records what was queued: now, or for later. */
export class RecordingDeliveryQueue implements DeliveryQueue {
  readonly enqueued: DeliveryRef[] = []
  readonly scheduled: { ref: DeliveryRef; at: Date }[] = []

  async enqueue(refs: DeliveryRef[]) {
    this.enqueued.push(...refs)
  }

  async enqueueAt(ref: DeliveryRef, at: Date) {
    this.scheduled.push({ ref, at })
  }
}

/** Answers each post with the next scripted outcome (the last one repeats) and records the requests. */
export class ScriptedSender implements WebhookSender {
  readonly requests: { url: string; headers: Record<string, string>; body: string }[] = []
  private readonly outcomes: SendOutcome[]

  constructor(...outcomes: SendOutcome[]) {
    this.outcomes = outcomes
  }

  async post(url: string, headers: Record<string, string>, body: string): Promise<SendOutcome> {
    this.requests.push({ url, headers, body })
    const outcome = this.outcomes[Math.min(this.requests.length - 1, this.outcomes.length - 1)]
    if (!outcome) throw new Error('no outcome scripted')
    return outcome
  }
}

/** A receiver's answer with `status`. */
export const answered = (status: number, body = ''): SendOutcome => ({
  kind: 'answered',
  status,
  latencyMs: 42,
  body,
})

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(private current: Date) {}
  now() {
    return new Date(this.current)
  }
  set(at: Date) {
    this.current = new Date(at)
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms)
  }
}
