import { ifMatchVersion } from '#src/http/preconditions.ts'
import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { withWebhookStore } from '#src/runtime/webhook-store-dependency.ts'
import { presentWebhook } from '#src/use-cases/webhooks/present-webhook.ts'
import { updateWebhook } from '#src/use-cases/webhooks/update-webhook.ts'

export const handler = routeHandler(routes.updateWebhook, async ({ params, headers, body, caller }) => {
  // If-Match is optional: without it the named fields are applied to the subscription as stored now.
  const expectedVersion = headers['if-match']?.trim() ? ifMatchVersion(headers) : undefined
  const view = presentWebhook(
    await updateWebhook(params.webhookId, expectedVersion, body, caller, withWebhookStore(dependencies())),
  )
  return { body: view, headers: { etag: `"${view.version}"` } }
})
