import * as z from '#src/zod.ts'
import { eventCatalogue, WebhookTestData } from './catalogue.ts'
import { EventEnvelope, type EventType, eventAudienceOf, eventTypes, webhookTestType } from './envelope.ts'

/** Events about a case (and its survey) carry the case's id. */
const carriesCase = (type: EventType) => type.startsWith('case.') || type.startsWith('survey.')

/** The envelope of one event type as it is delivered: its type, version and data fixed by the catalogue. */
export function eventEnvelopeSchemaOf(type: EventType) {
  const entry = eventCatalogue[type]
  return z
    .extend(EventEnvelope, {
      type: z.literal(type).register(z.globalRegistry, { description: 'The event type' }),
      version: z
        .literal(entry.version)
        .register(z.globalRegistry, { description: "The version of the type's `data` schema" }),
      accountId: z
        .string()
        .register(z.globalRegistry, { description: 'The account (tenant) the event belongs to' }),
      ...(carriesCase(type) && {
        caseId: z.string().register(z.globalRegistry, { description: 'The case' }),
      }),
      data: entry.data,
    })
    .register(z.globalRegistry, {
      title: type,
      description: `${entry.description} Audience: \`${eventAudienceOf[type]}\`.`,
    })
}

/**
 * The `webhook.test` ping (`POST /v1/webhooks/{id}/test`): delivered and signed like an event, but
 * never in the feed or on the bus, so its `sequence` means nothing and is 0.
 */
export const WebhookTestEnvelope = z
  .extend(z.omit(EventEnvelope, { caseId: true }), {
    type: z.literal(webhookTestType),
    version: z.literal(1),
    sequence: z
      .literal(0)
      .register(z.globalRegistry, { description: 'Always 0: a ping has no place in the sequence' }),
    data: WebhookTestData,
  })
  .register(z.globalRegistry, {
    title: webhookTestType,
    description:
      'A test ping of a webhook subscription, sent on request; it is not a fact and is never in the feed.',
  })

/** A JSON Schema document (draft 2020-12). */
export type JsonSchema = Record<string, unknown>

/**
 * zod's JSON Schema, tidied for readers and receivers: a date-time keeps its `format` without
 * zod's long pattern, and objects stay open (no `additionalProperties: false`), so a field added
 * to an event in the same version never breaks a strict receiver (docs/integrations.md).
 */
function jsonSchemaOf(schema: z.core.$ZodType): JsonSchema {
  return z.toJSONSchema(schema, {
    override: ({ jsonSchema }) => {
      if (jsonSchema.format === 'date-time') delete jsonSchema.pattern
      if (jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties
    },
  }) as JsonSchema
}

/** The JSON Schema of the envelope of `type` (what docs/events/<type>.json holds). */
export function eventJsonSchemaOf(type: EventType): JsonSchema {
  return jsonSchemaOf(eventEnvelopeSchemaOf(type))
}

/** The JSON Schema of the `webhook.test` ping (docs/events/webhook.test.json). */
export function webhookTestJsonSchema(): JsonSchema {
  return jsonSchemaOf(WebhookTestEnvelope)
}

/** The catalogue at a glance (docs/events/index.json): each type's version, audience and description. */
export function eventIndex(): Record<EventType, { version: number; audience: string; description: string }> {
  return Object.fromEntries(
    eventTypes.map((type) => {
      const { version, description } = eventCatalogue[type]
      const audience = eventAudienceOf[type]
      return [type, { version, audience, description }]
    }),
  ) as Record<EventType, { version: number; audience: string; description: string }>
}
