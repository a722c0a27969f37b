import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { withWebhookStore } from '#src/runtime/webhook-store-dependency.ts'
import { deleteWebhook } from '#src/use-cases/webhooks/delete-webhook.ts'

export const handler = routeHandler(routes.deleteWebhook, async ({ params, caller }) => {
  await deleteWebhook(params.webhookId, caller, withWebhookStore(dependencies()))
  return { body: null }
})
