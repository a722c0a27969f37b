import { webhookDeliveryRoutes } from '#src/http/webhook-delivery-routes.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { clock, ids } from '#src/runtime/table-context.ts'
import { deliveryQueue, deliveryStore } from '#src/runtime/webhook-delivery-dependencies.ts'
import { webhookStore } from '#src/runtime/webhook-store-dependency.ts'
import { sendTestEvent } from '#src/use-cases/webhooks/send-test-event.ts'

const deps = lazyDependencies({
  webhooks: webhookStore,
  deliveries: deliveryStore,
  deliveryQueue,
  clock,
  ids,
})

export const handler = routeHandler(webhookDeliveryRoutes.testWebhook, async ({ params, caller }) => ({
  body: await sendTestEvent(params.webhookId, caller, deps),
}))
