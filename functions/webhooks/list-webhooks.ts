import { webhookRoutes } from '#src/http/webhook-routes.ts'
import { cursorCodec } from '#src/runtime/cursor-codec.ts'
import { directory } from '#src/runtime/directory-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { webhookStore } from '#src/runtime/webhook-store-dependency.ts'
import { listWebhooks } from '#src/use-cases/webhooks/list-webhooks.ts'
import { presentWebhook } from '#src/use-cases/webhooks/present-webhook.ts'

const deps = lazyDependencies({ contacts: directory, webhooks: () => webhookStore(cursorCodec) })

export const handler = routeHandler(webhookRoutes.listWebhooks, async ({ query, caller }) => {
  const page = await listWebhooks(query, caller, deps)
  return { body: { items: page.items.map(presentWebhook), nextCursor: page.nextCursor } }
})
