// Ports of webhook subscriptions and their deliveries.
// The use cases depend on these interfaces; adapters implement them (docs/architecture.md).
import type { AccessScope } from '#src/domain/identity.ts'
import type { Delivery, DeliveryAttempt, Webhook } from '#src/domain/webhooks.ts'
import type { Paged, PageRequest } from './common.ts'

export interface WebhookStore {
  /** Stores a new subscription (its id is new). */
  create(webhook: Webhook): Promise<void>
  /** The subscription if it lies within the scope (an operator's only for `all`); otherwise undefined. */
  find(scope: AccessScope, webhookId: string): Promise<Webhook | undefined>
  list(scope: AccessScope, page: PageRequest): Promise<Paged<Webhook>>
  /** Replaces the subscription if its version is still `expectedVersion`; throws StaleWebhookError otherwise. */
  save(next: Webhook, expectedVersion: number): Promise<void>
  /** Deletes the subscription (its deliveries expire by themselves). */
  remove(webhookId: string): Promise<void>
  /** Every subscription, active or not, read consistently: the fan-out matches each event against them. */
  all(): Promise<Webhook[]>
}

/** Where a delivery is: enough to find it again. */
export interface DeliveryRef {
  webhookId: string
  deliveryId: string
}

export interface DeliveryStore {
  /** Stores the deliveries that do not exist yet (by id); returns each as stored now, new or not. */
  createMany(deliveries: Delivery[]): Promise<Delivery[]>
  find(ref: DeliveryRef): Promise<Delivery | undefined>
  /** A subscription's deliveries, newest first. */
  list(webhookId: string, page: PageRequest): Promise<Paged<Delivery>>
  /**
   * Takes the delivery for one attempt: only if it is `pending`, due at `now` and no other attempt
   * holds it (`leaseUntil` passed). Returns it as claimed, or undefined when it is not to be tried now.
   */
  claim(ref: DeliveryRef, now: Date, leaseUntil: Date): Promise<Delivery | undefined>
  /** Records an attempt and the delivery's next state, releasing the claim. */
  recordAttempt(
    ref: DeliveryRef,
    attempt: DeliveryAttempt,
    next: Pick<Delivery, 'status' | 'nextAttemptAt' | 'updatedAt'>,
  ): Promise<void>
  /** Makes a delivery `pending` again for an explicit retry (its attempts stay). */
  reopen(ref: DeliveryRef, at: string): Promise<Delivery | undefined>
}

/** Hands deliveries to the function that attempts them (an SQS queue in AWS). */
export interface DeliveryQueue {
  /** To be attempted as soon as possible. */
  enqueue(refs: DeliveryRef[]): Promise<void>
  /** To be attempted at `at`: by the queue's own delay up to 15 minutes, by a one-time schedule later. */
  enqueueAt(ref: DeliveryRef, at: Date): Promise<void>
}

/** What a receiver answered, or why it could not answer. */
export type SendOutcome =
  | { kind: 'answered'; status: number; latencyMs: number; body: string }
  | { kind: 'failed'; error: string; latencyMs: number }

/** POSTs a delivery to its receiver: 10 s timeout, no redirects, and only to a public address. */
export interface WebhookSender {
  post(url: string, headers: Record<string, string>, body: string): Promise<SendOutcome>
}

/** Checks that a URL may receive webhooks (https, public address); throws a ValidationError naming the rule. */
export interface WebhookUrlGuard {
  check(url: string): Promise<void>
}
