import * as z from 'zod'
import { EventType } from '#src/domain/events/envelope.ts'
import type { CreateWebhookInput } from '#src/use-cases/webhooks/create-webhook.ts'
import type {
  WebhookView as WebhookViewOfUseCase,
  WebhookWithSecretView as WebhookWithSecretViewOfUseCase,
} from '#src/use-cases/webhooks/present-webhook.ts'
import type { UpdateWebhookInput } from '#src/use-cases/webhooks/update-webhook.ts'
import { resourceId } from './cases.ts'

/** A receiver's URL: checked by the use case (https, public addresses only; docs/integrations.md). */
const webhookUrl = z.string().trim().min(1).max(2048).meta({
  description:
    'Where to POST the events: https, and a host that resolves only to public addresses (400 naming the rule otherwise)',
  example: 'https://itsm.acme.example/hooks/caseline',
})

const subscribedTypes = z
  .array(EventType)
  .min(1)
  .max(EventType.options.length)
  .meta({ description: "The event types to deliver; absent: every type the subscription's owner may read" })

const description = z.string().trim().min(1).max(500)

export const WebhookIdParams = z.object({ webhookId: resourceId })

/** A subscription as the API shows it (`presentWebhook`): never a secret. */
export const WebhookView = z
  .object({
    id: z.string(),
    url: z.string(),
    eventTypes: z.array(EventType).optional().meta({ description: 'Absent: every type it may receive' }),
    description: z.string().optional(),
    active: z
      .boolean()
      .meta({ description: 'false: paused, or disabled after 3 days of failures (`disabledAt`)' }),
    accountId: z.string().optional().meta({
      description:
        "The account whose customer admin subscribed (its events only); absent: the operator's (every account)",
    }),
    ownerId: z.string().meta({ description: 'Who subscribed: told by e-mail if the endpoint is disabled' }),
    secretCreatedAt: z.iso.datetime().meta({ description: 'When the current signing secret was made' }),
    previousSecretValidUntil: z.iso.datetime().optional().meta({
      description: 'After a rotation: until when the previous secret still signs (a second signature)',
    }),
    failingSince: z.iso
      .datetime()
      .optional()
      .meta({ description: 'Since when every delivery attempt has failed' }),
    disabledAt: z.iso.datetime().optional(),
    disabledReason: z.string().optional(),
    version: z
      .int()
      .min(1)
      .meta({ description: 'Counts changes; sent as `ETag`, checked against `If-Match`' }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ description: 'A webhook subscription' }) satisfies z.ZodType<WebhookViewOfUseCase>
export type WebhookView = z.infer<typeof WebhookView>

/** The create and rotate responses: the view and, this once, the secret. */
export const WebhookWithSecretView = WebhookView.extend({
  secret: z.string().meta({
    description: 'The signing secret (`whsec_…`), shown only in this response: verify deliveries with it',
  }),
}).meta({
  description: 'A webhook subscription with its new signing secret',
}) satisfies z.ZodType<WebhookWithSecretViewOfUseCase>
export type WebhookWithSecretView = z.infer<typeof WebhookWithSecretView>

export const WebhookList = z.object({ items: z.array(WebhookView), nextCursor: z.string().nullable() })

/** `POST /v1/webhooks`. */
export const CreateWebhookBody = z.strictObject({
  url: webhookUrl,
  eventTypes: subscribedTypes.optional(),
  description: description.optional(),
  active: z.boolean().default(true).meta({ description: 'false creates it paused' }),
}) satisfies z.ZodType<CreateWebhookInput>
export type CreateWebhookBody = z.infer<typeof CreateWebhookBody>

/** `PATCH /v1/webhooks/{webhookId}`: only the fields to change; `null` clears. */
export const UpdateWebhookBody = z
  .strictObject({
    url: webhookUrl.optional(),
    eventTypes: subscribedTypes.nullable().optional().meta({ description: 'null: every type again' }),
    description: description.nullable().optional(),
    active: z
      .boolean()
      .optional()
      .meta({ description: 'false pauses; true resumes, and re-enables a subscription that was disabled' }),
  })
  .superRefine(
    (body, ctx) => {
      if (Object.keys(body).length === 0) {
        ctx.addIssue({ code: 'custom', path: [], message: 'names no field to change' })
      }
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  ) satisfies z.ZodType<UpdateWebhookInput>
export type UpdateWebhookBody = z.infer<typeof UpdateWebhookBody>

/** `DELETE /v1/webhooks/{webhookId}` answers 204 without a body. */
export const NoContent = z.null().meta({ description: 'No content' })
