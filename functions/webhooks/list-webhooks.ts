import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { withWebhookStore } from '#src/runtime/webhook-store-dependency.ts'
import { listWebhooks } from '#src/use-cases/webhooks/list-webhooks.ts'
import { presentWebhook } from '#src/use-cases/webhooks/present-webhook.ts'

export const handler = routeHandler(routes.listWebhooks, async ({ query, caller }) => {
  const page = await listWebhooks(query, caller, withWebhookStore(dependencies()))
  return { body: { items: page.items.map(presentWebhook), nextCursor: page.nextCursor } }
})
