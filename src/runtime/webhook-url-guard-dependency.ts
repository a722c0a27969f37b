import { createWebhookUrlGuard } from '#src/adapters/net/webhook-url-guard.ts'
import type { WebhookUrlGuard } from '#src/use-cases/ports/webhooks.ts'
import { tableContext } from './table-context.ts'

/**
 * The check of a subscription's URL, for the functions that create or change one. A module of its
 * own: the address rules build their ranges when loaded (ipaddr.js), which every other webhook
 * function would otherwise carry (docs/performance.md). Loopback receivers are allowed only where
 * `WEBHOOK_ALLOW_LOOPBACK=true` (the local runtime).
 */
export function webhookUrlGuard(): WebhookUrlGuard {
  return createWebhookUrlGuard({ allowLoopback: tableContext().config.events.allowLoopbackWebhooks })
}
