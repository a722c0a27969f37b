import { defineRoute, type RouteDefinition } from './route-table.ts'
import { PageQuery } from './schemas/common.ts'
import {
  CreateWebhookBody,
  NoContent,
  UpdateWebhookBody,
  WebhookIdParams,
  WebhookList,
  WebhookView,
  WebhookWithSecretView,
} from './schemas/webhooks.ts'

/** Admins (every account's events) and customer admins (their account's); others are refused (403). */
const webhookAdmins = { kind: 'roles', roles: ['customer_admin', 'admin'] } as const

/** Webhook subscriptions: `/v1/webhooks` (docs/integrations.md). Their deliveries: webhook-delivery-routes.ts. */
export const webhookRoutes = {
  listWebhooks: defineRoute({
    operationId: 'listWebhooks',
    method: 'GET',
    path: '/v1/webhooks',
    handler: 'webhooks/list-webhooks',
    access: webhookAdmins,
    summary: "Webhook subscriptions: an admin's list has every one, a customer admin's its account's",
    request: { query: PageQuery },
    response: { status: 200, body: WebhookList },
  }),
  createWebhook: defineRoute({
    operationId: 'createWebhook',
    method: 'POST',
    path: '/v1/webhooks',
    handler: 'webhooks/create-webhook',
    access: webhookAdmins,
    summary:
      'Subscribe an https URL to events. The response carries the signing secret, shown only here. A customer admin may name only event types customers may read (400); the URL must reach public addresses only (400 naming the rule); at most 20 per account, 100 for the operator (409)',
    idempotent: true,
    request: { body: CreateWebhookBody },
    versioned: {},
    response: { status: 201, body: WebhookWithSecretView },
  }),
  getWebhook: defineRoute({
    operationId: 'getWebhook',
    method: 'GET',
    path: '/v1/webhooks/{webhookId}',
    handler: 'webhooks/get-webhook',
    access: webhookAdmins,
    summary: "Read a subscription (a customer admin: its account's); the ETag is its version",
    request: { params: WebhookIdParams },
    versioned: {},
    response: { status: 200, body: WebhookView },
  }),
  updateWebhook: defineRoute({
    operationId: 'updateWebhook',
    method: 'PATCH',
    path: '/v1/webhooks/{webhookId}',
    handler: 'webhooks/update-webhook',
    access: webhookAdmins,
    summary:
      'Change a subscription (only the fields named; null clears). `active: true` re-enables a disabled one. Optional If-Match: the change applies only to that version (412 if stale)',
    request: { params: WebhookIdParams, body: UpdateWebhookBody },
    versioned: { ifMatch: 'optional' },
    response: { status: 200, body: WebhookView },
  }),
  deleteWebhook: defineRoute({
    operationId: 'deleteWebhook',
    method: 'DELETE',
    path: '/v1/webhooks/{webhookId}',
    handler: 'webhooks/delete-webhook',
    access: webhookAdmins,
    summary: 'Delete a subscription: nothing more is delivered to it',
    request: { params: WebhookIdParams },
    response: { status: 204, body: NoContent },
  }),
  rotateWebhookSecret: defineRoute({
    operationId: 'rotateWebhookSecret',
    method: 'POST',
    path: '/v1/webhooks/{webhookId}/rotate-secret',
    handler: 'webhooks/rotate-webhook-secret',
    access: webhookAdmins,
    summary:
      'Make a new signing secret current, returned only here; the previous one keeps signing (a second signature) for 24 hours',
    request: { params: WebhookIdParams },
    versioned: {},
    response: { status: 200, body: WebhookWithSecretView },
    problems: [409],
  }),
} satisfies Record<string, RouteDefinition>
