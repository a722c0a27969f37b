import { StaleWebhookError } from '#src/domain/errors.ts'
import type { AccessScope } from '#src/domain/identity.ts'
import type { Webhook } from '#src/domain/webhooks.ts'
import type { Paged, PageRequest } from '#src/use-cases/ports/common.ts'
import type { WebhookStore, WebhookUrlGuard } from '#src/use-cases/ports/webhooks.ts'

/**
 * An in-memory webhook store keeping the DynamoDB repository's rules: a subscription outside the
 * scope is not found, a save is conditional on the version read.
 */
export class InMemoryWebhookStore implements WebhookStore {
  readonly webhooks = new Map<string, Webhook>()
  /** Set to make the next save find another version stored (a concurrent write). */
  failNextSaveAsStale = false

  constructor(webhooks: Webhook[] = []) {
    for (const webhook of webhooks) this.webhooks.set(webhook.id, webhook)
  }

  async create(webhook: Webhook) {
    if (this.webhooks.has(webhook.id)) throw new Error(`webhook ${webhook.id} exists`)
    this.webhooks.set(webhook.id, webhook)
  }

  async find(scope: AccessScope, webhookId: string) {
    const found = this.webhooks.get(webhookId)
    return found && (scope.kind === 'all' || found.accountId === scope.accountId) ? found : undefined
  }

  async list(scope: AccessScope, page: PageRequest): Promise<Paged<Webhook>> {
    const items = [...this.webhooks.values()].filter(
      (webhook) => scope.kind === 'all' || webhook.accountId === scope.accountId,
    )
    return { items: items.slice(0, page.limit), nextCursor: null }
  }

  async save(next: Webhook, expectedVersion: number) {
    const stored = this.webhooks.get(next.id)
    if (this.failNextSaveAsStale || !stored || stored.version !== expectedVersion) {
      this.failNextSaveAsStale = false
      throw new StaleWebhookError(next.id)
    }
    this.webhooks.set(next.id, next)
  }

  async remove(webhookId: string) {
    this.webhooks.delete(webhookId)
  }

  async all() {
    return [...this.webhooks.values()]
  }
}

/** A URL guard that records the URLs it checked and refuses those it was told to. */
export class RecordingUrlGuard implements WebhookUrlGuard {
  readonly checked: string[] = []
  readonly refusals = new Map<string, Error>()

  async check(url: string) {
    this.checked.push(url)
    const refusal = this.refusals.get(url)
    if (refusal) throw refusal
  }
}

/** A stored subscription (the operator's unless `accountId` is given). */
export function aWebhook(overrides: Partial<Webhook> = {}): Webhook {
  return {
    id: 'hook-1',
    url: 'https://hooks.example.com/caseline',
    active: true,
    ownerId: 'root',
    ownerEmail: 'root@vendor.example',
    secrets: [{ secret: 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', createdAt: '2026-11-01T00:00:00.000Z' }],
    version: 1,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  }
}
