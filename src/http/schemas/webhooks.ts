import { EventType, eventTypes } from '#src/domain/events/envelope.ts'
import type { CreateWebhookInput } from '#src/use-cases/webhooks/create-webhook.ts'
import type {
  WebhookView as WebhookViewOfUseCase,
  WebhookWithSecretView as WebhookWithSecretViewOfUseCase,
} from '#src/use-cases/webhooks/present-webhook.ts'
import type { UpdateWebhookInput } from '#src/use-cases/webhooks/update-webhook.ts'
import * as z from '#src/zod.ts'
import { idOf, namesAFieldToChange } from './common.ts'

/** A receiver's URL: checked by the use case (https, public addresses only; docs/integrations.md). */
const webhookUrl = z.string().check(z.trim(), z.minLength(1), z.maxLength(2048)).register(z.globalRegistry, {
  description:
    'Where to POST the events: https, and a host that resolves only to public addresses (400 naming the rule otherwise)',
  example: 'https://itsm.acme.example/hooks/caseline',
})

const subscribedTypes = z
  .array(EventType)
  .check(z.minLength(1), z.maxLength(eventTypes.length))
  .register(z.globalRegistry, {
    description: "The event types to deliver; absent: every type the subscription's owner may read",
  })

const description = z.string().check(z.trim(), z.minLength(1), z.maxLength(500))

/** The `{webhookId}` of every route under `/v1/webhooks/{webhookId}`. */
export const webhookIdParam = idOf('The webhook subscription (of its owner; anyone else’s is 404)')
export const WebhookIdParams = z.object({ webhookId: webhookIdParam })

/** A subscription as the API shows it (`presentWebhook`): never a secret. */
export const WebhookView = z
  .object({
    id: z.string(),
    url: z.string(),
    eventTypes: z
      .optional(z.array(EventType))
      .register(z.globalRegistry, { description: 'Absent: every type it may receive' }),
    description: z.optional(z.string()),
    active: z.boolean().register(z.globalRegistry, {
      description: 'false: paused, or disabled after 3 days of failures (`disabledAt`)',
    }),
    accountId: z.optional(z.string()).register(z.globalRegistry, {
      description:
        "The account whose customer admin subscribed (its events only); absent: the operator's (every account)",
    }),
    ownerId: z.string().register(z.globalRegistry, {
      description: 'Who subscribed: told by e-mail if the endpoint is disabled',
    }),
    secretCreatedAt: z.iso
      .datetime()
      .register(z.globalRegistry, { description: 'When the current signing secret was made' }),
    previousSecretValidUntil: z.optional(z.iso.datetime()).register(z.globalRegistry, {
      description: 'After a rotation: until when the previous secret still signs (a second signature)',
    }),
    failingSince: z
      .optional(z.iso.datetime())
      .register(z.globalRegistry, { description: 'Since when every delivery attempt has failed' }),
    disabledAt: z.optional(z.iso.datetime()),
    disabledReason: z.optional(z.string()),
    version: z.int().check(z.minimum(1)).register(z.globalRegistry, {
      description: 'Counts changes; sent as `ETag`, checked against `If-Match`',
    }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .register(z.globalRegistry, {
    description: 'A webhook subscription',
  }) satisfies z.core.$ZodType<WebhookViewOfUseCase>
export type WebhookView = z.infer<typeof WebhookView>

/** The create and rotate responses: the view and, this once, the secret. */
export const WebhookWithSecretView = z
  .extend(WebhookView, {
    secret: z.string().register(z.globalRegistry, {
      description: 'The signing secret (`whsec_…`), shown only in this response: verify deliveries with it',
    }),
  })
  .register(z.globalRegistry, {
    description: 'A webhook subscription with its new signing secret',
  }) satisfies z.core.$ZodType<WebhookWithSecretViewOfUseCase>
export type WebhookWithSecretView = z.infer<typeof WebhookWithSecretView>

export const WebhookList = z.object({ items: z.array(WebhookView), nextCursor: z.nullable(z.string()) })

/** `POST /v1/webhooks`. */
export const CreateWebhookBody = z.strictObject({
  url: webhookUrl,
  eventTypes: z.optional(subscribedTypes),
  description: z.optional(description),
  active: z
    ._default(z.boolean(), true)
    .register(z.globalRegistry, { description: 'false creates it paused' }),
}) satisfies z.core.$ZodType<CreateWebhookInput>
export type CreateWebhookBody = z.infer<typeof CreateWebhookBody>

/** `PATCH /v1/webhooks/{webhookId}`: only the fields to change; `null` clears. */
export const UpdateWebhookBody = z
  .strictObject({
    url: z.optional(webhookUrl),
    eventTypes: z
      .optional(z.nullable(subscribedTypes))
      .register(z.globalRegistry, { description: 'null: every type again' }),
    description: z.optional(z.nullable(description)),
    active: z.optional(z.boolean()).register(z.globalRegistry, {
      description: 'false pauses; true resumes, and re-enables a subscription that was disabled',
    }),
  })
  .check(namesAFieldToChange()) satisfies z.core.$ZodType<UpdateWebhookInput>
export type UpdateWebhookBody = z.infer<typeof UpdateWebhookBody>

/** `DELETE /v1/webhooks/{webhookId}` answers 204 without a body. */
export const NoContent = z.null().register(z.globalRegistry, { description: 'No content' })
