import { documentClientFor } from '#src/adapters/dynamodb/client.ts'
import { createWebhookRepository } from '#src/adapters/dynamodb/webhook-repository.ts'
import { createWebhookUrlGuard } from '#src/adapters/net/webhook-url-guard.ts'
import type { WebhookStore, WebhookUrlGuard } from '#src/use-cases/ports/webhooks.ts'
import type { AppDependencies } from './dependencies.ts'
import { extendDependencies } from './extend-dependencies.ts'

/**
 * Webhook subscriptions and the check of their URLs, for the webhook functions and the event
 * handler's fan-out (docs/integrations.md). Loopback receivers are allowed only where
 * `WEBHOOK_ALLOW_LOOPBACK=true` (the local runtime).
 */
export function withWebhookStore<T extends AppDependencies>(deps: T) {
  return extendDependencies<T, { webhooks: WebhookStore; webhookUrlGuard: WebhookUrlGuard }>(deps, {
    webhooks: ({ dynamodb, config, kbCursors }) =>
      // `kbCursors` is the process's cursor codec, the one every list signs its cursors with.
      createWebhookRepository(documentClientFor(dynamodb), config.tableName, kbCursors),
    webhookUrlGuard: ({ config }) =>
      createWebhookUrlGuard({ allowLoopback: config.events.allowLoopbackWebhooks }),
  })
}
