import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { routeHandler } from '#src/runtime/route-handler.ts'
import { withWebhookDelivery } from '#src/runtime/webhook-delivery-dependencies.ts'
import { sendTestEvent } from '#src/use-cases/webhooks/send-test-event.ts'

export const handler = routeHandler(routes.testWebhook, async ({ params, caller }) => ({
  body: await sendTestEvent(params.webhookId, caller, withWebhookDelivery(dependencies())),
}))
