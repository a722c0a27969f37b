import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { withWebhookDelivery } from '#src/runtime/webhook-delivery-dependencies.ts'
import { listDeliveries } from '#src/use-cases/webhooks/list-deliveries.ts'

export const handler = routeHandler(routes.listWebhookDeliveries, async ({ params, query, caller }) => ({
  body: await listDeliveries(params.webhookId, query, caller, withWebhookDelivery(dependencies())),
}))
