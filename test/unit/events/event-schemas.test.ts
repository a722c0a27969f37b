import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { eventCatalogue } from '#src/domain/events/catalogue.ts'
import { eventAudienceOf, eventTypes, mayReceive, webhookTestType } from '#src/domain/events/envelope.ts'
import {
  eventEnvelopeSchemaOf,
  eventIndex,
  eventJsonSchemaOf,
  WebhookTestEnvelope,
  webhookTestJsonSchema,
} from '#src/domain/events/event-schemas.ts'
import { buildOpenApiDocument } from '#src/http/openapi.ts'
import { routeList } from '#src/http/routes.ts'

const committed = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../docs/events/${name}.json`, import.meta.url), 'utf8'))

/** A JSON round trip: what the generator writes, without zod's in-memory details. */
const asWritten = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

describe('the event catalogue', () => {
  it('has an entry for every event type, at version 1', () => {
    expect(Object.keys(eventCatalogue).sort()).toEqual([...eventTypes].sort())
    expect(new Set(Object.values(eventCatalogue).map((entry) => entry.version))).toEqual(new Set([1]))
  })

  it('keeps internal notes, SLA warnings and breaches and survey answers from customers', () => {
    const hiddenFromCustomers = eventTypes.filter(
      (type) =>
        !mayReceive(
          { kind: 'account', accountId: 'acme', role: 'customer_admin' },
          { accountId: 'acme', audience: eventAudienceOf[type] },
        ),
    )
    expect(hiddenFromCustomers.sort()).toEqual(
      ['case.note_added', 'case.sla_breached', 'case.sla_warning', 'survey.answered'].sort(),
    )
  })
})

describe('the event envelopes', () => {
  it('fixes the type and version and checks the data', () => {
    // Arrange
    const envelope = {
      id: 'evt_h-1',
      type: 'survey.answered',
      version: 1,
      time: '2026-11-25T10:00:00.000Z',
      accountId: 'acme',
      caseId: 'case-1',
      sequence: 7,
      data: { rating: 5 },
    }
    const schema = eventEnvelopeSchemaOf('survey.answered')

    // Act + Assert
    expect(schema.parse(envelope)).toEqual(envelope)
    expect(schema.safeParse({ ...envelope, type: 'case.created' }).success).toBe(false)
    expect(schema.safeParse({ ...envelope, data: { rating: 9 } }).success).toBe(false)
    expect(schema.safeParse({ ...envelope, caseId: undefined }).success).toBe(false)
  })

  it('describes the webhook ping with sequence 0', () => {
    const ping = {
      id: 'evt_ping',
      type: webhookTestType,
      version: 1,
      time: '2026-11-25T10:00:00.000Z',
      sequence: 0,
      data: { webhookId: 'wh-1', message: 'Hello from Caseline' },
    }
    expect(WebhookTestEnvelope.parse(ping)).toEqual(ping)
    expect(WebhookTestEnvelope.safeParse({ ...ping, sequence: 3 }).success).toBe(false)
  })
})

describe('docs/events (run `npm run openapi` after changing the catalogue)', () => {
  it.each(eventTypes)('holds the JSON Schema of %s', (type) => {
    expect(committed(type)).toEqual(asWritten(eventJsonSchemaOf(type)))
  })

  it('holds the JSON Schema of the webhook ping and the index', () => {
    expect(committed(webhookTestType)).toEqual(asWritten(webhookTestJsonSchema()))
    expect(committed('index')).toEqual(asWritten(eventIndex()))
    expect(Object.keys(committed('index') as object)).toEqual([...eventTypes])
  })

  it('writes open objects without zod date-time patterns, so receivers tolerate added fields', () => {
    const text = JSON.stringify(eventJsonSchemaOf('case.created'))
    expect(text).not.toContain('"additionalProperties":false')
    expect(text).toContain('"format":"date-time"')
    expect(text).not.toContain('"pattern"')
  })
})

describe('the OpenAPI webhooks section', () => {
  const document = buildOpenApiDocument(routeList) as unknown as {
    webhooks: Record<
      string,
      { post: { description: string; requestBody: { content: Record<string, { schema: unknown }> } } }
    >
  }

  it('has one entry per event type and the ping, whose body is the published JSON Schema', () => {
    expect(Object.keys(document.webhooks)).toEqual([...eventTypes, webhookTestType])
    for (const type of eventTypes) {
      const { $schema: _dialect, ...schema } = eventJsonSchemaOf(type)
      expect(document.webhooks[type]?.post.requestBody.content['application/json']?.schema).toEqual(schema)
    }
  })

  it('names the audience and the signature headers', () => {
    const description = document.webhooks['case.note_added']?.post.description ?? ''
    expect(description).toContain('Audience: `staff`')
    for (const header of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      expect(description).toContain(header)
    }
  })
})
