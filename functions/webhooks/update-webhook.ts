import { optionalIfMatchVersion } from '#src/http/preconditions.ts'
import { webhookRoutes } from '#src/http/webhook-routes.ts'
import { directory } from '#src/runtime/directory-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { clock } from '#src/runtime/table-context.ts'
import { webhookStore } from '#src/runtime/webhook-store-dependency.ts'
import { webhookUrlGuard } from '#src/runtime/webhook-url-guard-dependency.ts'
import { presentWebhook } from '#src/use-cases/webhooks/present-webhook.ts'
import { updateWebhook } from '#src/use-cases/webhooks/update-webhook.ts'

const deps = lazyDependencies({ contacts: directory, webhooks: webhookStore, webhookUrlGuard, clock })

export const handler = routeHandler(
  webhookRoutes.updateWebhook,
  async ({ params, headers, body, caller }) => {
    // If-Match is optional: without it the named fields are applied to the subscription as stored now.
    const expectedVersion = optionalIfMatchVersion(headers)
    const view = presentWebhook(await updateWebhook(params.webhookId, expectedVersion, body, caller, deps))
    return { body: view, headers: { etag: `"${view.version}"` } }
  },
)
