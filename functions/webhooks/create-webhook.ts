import { webhookRoutes } from '#src/http/webhook-routes.ts'
import { directory } from '#src/runtime/directory-dependency.ts'
import { idempotentRouteHandler } from '#src/runtime/idempotent-route-handler.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { clock, ids } from '#src/runtime/table-context.ts'
import { webhookStore } from '#src/runtime/webhook-store-dependency.ts'
import { webhookUrlGuard } from '#src/runtime/webhook-url-guard-dependency.ts'
import { createWebhook } from '#src/use-cases/webhooks/create-webhook.ts'
import { presentWebhookWithSecret } from '#src/use-cases/webhooks/present-webhook.ts'

const deps = lazyDependencies({ contacts: directory, webhooks: webhookStore, webhookUrlGuard, clock, ids })

export const handler = idempotentRouteHandler(webhookRoutes.createWebhook, async ({ body, caller }) => {
  const { webhook, secret } = await createWebhook(body, caller, deps)
  return {
    body: presentWebhookWithSecret(webhook, secret),
    headers: { location: `/v1/webhooks/${webhook.id}`, etag: `"${webhook.version}"` },
  }
})
