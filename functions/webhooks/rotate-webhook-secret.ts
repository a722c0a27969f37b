import { webhookRoutes } from '#src/http/webhook-routes.ts'
import { directory } from '#src/runtime/directory-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { clock } from '#src/runtime/table-context.ts'
import { webhookStore } from '#src/runtime/webhook-store-dependency.ts'
import { presentWebhookWithSecret } from '#src/use-cases/webhooks/present-webhook.ts'
import { rotateWebhookSecret } from '#src/use-cases/webhooks/rotate-webhook-secret.ts'

const deps = lazyDependencies({ contacts: directory, webhooks: webhookStore, clock })

export const handler = routeHandler(webhookRoutes.rotateWebhookSecret, async ({ params, caller }) => {
  const { webhook, secret } = await rotateWebhookSecret(params.webhookId, caller, deps)
  return { body: presentWebhookWithSecret(webhook, secret), headers: { etag: `"${webhook.version}"` } }
})
