import { webhookDeliveryRoutes } from '#src/http/webhook-delivery-routes.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { clock } from '#src/runtime/table-context.ts'
import { deliveryQueue, deliveryStore } from '#src/runtime/webhook-delivery-dependencies.ts'
import { webhookStore } from '#src/runtime/webhook-store-dependency.ts'
import { retryDelivery } from '#src/use-cases/webhooks/retry-delivery.ts'

const deps = lazyDependencies({ webhooks: webhookStore, deliveries: deliveryStore, deliveryQueue, clock })

export const handler = routeHandler(
  webhookDeliveryRoutes.retryWebhookDelivery,
  async ({ params, caller }) => ({
    body: await retryDelivery(params, caller, deps),
  }),
)
