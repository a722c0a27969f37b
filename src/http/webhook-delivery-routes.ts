import { defineRoute, type RouteDefinition } from './route-table.ts'
import { PageQuery } from './schemas/common.ts'
import { DeliveryList, DeliveryParams, DeliveryView } from './schemas/webhook-deliveries.ts'
import { WebhookIdParams } from './schemas/webhooks.ts'

/** Admins (any subscription) and customer admins (their account's: another's is a 404). */
const webhookAdmins = { kind: 'roles', roles: ['customer_admin', 'admin'] } as const

/** A subscription's deliveries, their retry and the test ping (docs/integrations.md, deliveries and retries). */
export const webhookDeliveryRoutes = {
  listWebhookDeliveries: defineRoute({
    operationId: 'listWebhookDeliveries',
    method: 'GET',
    path: '/v1/webhooks/{webhookId}/deliveries',
    handler: 'webhooks/list-deliveries',
    access: webhookAdmins,
    summary:
      "A subscription's deliveries, newest first: status, every attempt (HTTP status, latency, the first 1 KB of the answer, the error), the next retry",
    request: { params: WebhookIdParams, query: PageQuery },
    response: { status: 200, body: DeliveryList },
  }),
  retryWebhookDelivery: defineRoute({
    operationId: 'retryWebhookDelivery',
    method: 'POST',
    path: '/v1/webhooks/{webhookId}/deliveries/{deliveryId}/retry',
    handler: 'webhooks/retry-delivery',
    access: webhookAdmins,
    summary:
      'Try a delivery again now (it keeps its attempts). A delivery still pending, or one of a disabled subscription, is a 409',
    webhookQueue: true,
    request: { params: DeliveryParams },
    response: { status: 202, body: DeliveryView },
    problems: [409],
  }),
  testWebhook: defineRoute({
    operationId: 'testWebhook',
    method: 'POST',
    path: '/v1/webhooks/{webhookId}/test',
    handler: 'webhooks/test-webhook',
    access: webhookAdmins,
    summary:
      'Send a signed `webhook.test` event to the subscription (also a disabled one), tried once; follow it in its deliveries',
    webhookQueue: true,
    request: { params: WebhookIdParams },
    response: { status: 202, body: DeliveryView },
  }),
} satisfies Record<string, RouteDefinition>
