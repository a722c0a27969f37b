import { webhookRoutes } from '#src/http/webhook-routes.ts'
import { directory } from '#src/runtime/directory-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { webhookStore } from '#src/runtime/webhook-store-dependency.ts'
import { getWebhook } from '#src/use-cases/webhooks/get-webhook.ts'
import { presentWebhook } from '#src/use-cases/webhooks/present-webhook.ts'

const deps = lazyDependencies({ contacts: directory, webhooks: webhookStore })

export const handler = routeHandler(webhookRoutes.getWebhook, async ({ params, caller }) => {
  const view = presentWebhook(await getWebhook(params.webhookId, caller, deps))
  return { body: view, headers: { etag: `"${view.version}"` } }
})
