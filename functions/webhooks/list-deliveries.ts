import { webhookDeliveryRoutes } from '#src/http/webhook-delivery-routes.ts'
import { cursorCodec } from '#src/runtime/cursor-codec.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { deliveryStore } from '#src/runtime/webhook-delivery-dependencies.ts'
import { webhookStore } from '#src/runtime/webhook-store-dependency.ts'
import { listDeliveries } from '#src/use-cases/webhooks/list-deliveries.ts'

const deps = lazyDependencies({ webhooks: webhookStore, deliveries: () => deliveryStore(cursorCodec) })

export const handler = routeHandler(
  webhookDeliveryRoutes.listWebhookDeliveries,
  async ({ params, query, caller }) => ({
    body: await listDeliveries(params.webhookId, query, caller, deps),
  }),
)
