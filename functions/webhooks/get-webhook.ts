import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { withWebhookStore } from '#src/runtime/webhook-store-dependency.ts'
import { getWebhook } from '#src/use-cases/webhooks/get-webhook.ts'
import { presentWebhook } from '#src/use-cases/webhooks/present-webhook.ts'

export const handler = routeHandler(routes.getWebhook, async ({ params, caller }) => {
  const view = presentWebhook(await getWebhook(params.webhookId, caller, withWebhookStore(dependencies())))
  return { body: view, headers: { etag: `"${view.version}"` } }
})
