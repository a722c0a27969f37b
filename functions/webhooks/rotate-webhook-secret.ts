import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { withWebhookStore } from '#src/runtime/webhook-store-dependency.ts'
import { presentWebhookWithSecret } from '#src/use-cases/webhooks/present-webhook.ts'
import { rotateWebhookSecret } from '#src/use-cases/webhooks/rotate-webhook-secret.ts'

export const handler = routeHandler(routes.rotateWebhookSecret, async ({ params, caller }) => {
  const { webhook, secret } = await rotateWebhookSecret(
    params.webhookId,
    caller,
    withWebhookStore(dependencies()),
  )
  return { body: presentWebhookWithSecret(webhook, secret), headers: { etag: `"${webhook.version}"` } }
})
