import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { idempotentRouteHandler } from '#src/runtime/idempotent-route-handler.ts'
import { withWebhookStore } from '#src/runtime/webhook-store-dependency.ts'
import { createWebhook } from '#src/use-cases/webhooks/create-webhook.ts'
import { presentWebhookWithSecret } from '#src/use-cases/webhooks/present-webhook.ts'

export const handler = idempotentRouteHandler(routes.createWebhook, async ({ body, caller }) => {
  const { webhook, secret } = await createWebhook(body, caller, withWebhookStore(dependencies()))
  return {
    body: presentWebhookWithSecret(webhook, secret),
    headers: { location: `/v1/webhooks/${webhook.id}`, etag: `"${webhook.version}"` },
  }
})
