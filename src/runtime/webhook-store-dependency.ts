import type { CursorCodec } from '#src/adapters/cursor.ts'
import { createWebhookRepository } from '#src/adapters/dynamodb/webhook-repository.ts'
import type { WebhookStore } from '#src/use-cases/ports/webhooks.ts'
import { noCursors, tableContext } from './table-context.ts'

/**
 * Webhook subscriptions (docs/integrations.md), for the webhook functions and the event handler's
 * fan-out. Their list needs `cursorCodec` (`cursor-codec.ts`).
 */
export function webhookStore(cursors: () => Promise<CursorCodec> = noCursors): WebhookStore {
  const { doc, config } = tableContext()
  return createWebhookRepository(doc, config.tableName, cursors)
}
