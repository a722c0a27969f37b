import { webhookRoutes } from '#src/http/webhook-routes.ts'
import { directory } from '#src/runtime/directory-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { webhookStore } from '#src/runtime/webhook-store-dependency.ts'
import { deleteWebhook } from '#src/use-cases/webhooks/delete-webhook.ts'

const deps = lazyDependencies({ contacts: directory, webhooks: webhookStore })

export const handler = routeHandler(webhookRoutes.deleteWebhook, async ({ params, caller }) => {
  await deleteWebhook(params.webhookId, caller, deps)
  return { body: null }
})
