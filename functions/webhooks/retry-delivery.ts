import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { withWebhookDelivery } from '#src/runtime/webhook-delivery-dependencies.ts'
import { retryDelivery } from '#src/use-cases/webhooks/retry-delivery.ts'

export const handler = routeHandler(routes.retryWebhookDelivery, async ({ params, caller }) => ({
  body: await retryDelivery(params, caller, withWebhookDelivery(dependencies())),
}))
