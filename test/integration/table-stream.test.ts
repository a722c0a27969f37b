import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { caseEventOf } from '#src/adapters/dynamodb/stream-records.ts'
import type { CaseEvent } from '#src/domain/case.ts'
import { useLocalApi } from './local-api.ts'

/**
 * The local table stream (DynamoDB Local's own stream, read as Lambda's event source mapping does):
 * what reaches the event handler, in which order, and what happens when it fails. A stand-in handler
 * records the deliveries; the real one is exercised by the e-mail tests.
 */
const deliveries: CaseEvent[][] = []
let failNext: { eventType: string; times: number } | undefined
let failForever: string | undefined

async function recordingHandler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const events: CaseEvent[] = []
  for (const record of event.Records) {
    const caseEvent = caseEventOf(record)
    if (!caseEvent) continue
    const isPoison = failForever !== undefined && caseEvent.details?.reason === failForever
    const failsOnce = failNext !== undefined && caseEvent.type === failNext.eventType && failNext.times > 0
    if (isPoison || failsOnce) {
      if (failsOnce && failNext) failNext.times--
      deliveries.push(events)
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber as string }] }
    }
    events.push(caseEvent)
  }
  deliveries.push(events)
  return { batchItemFailures: [] }
}

const api = useLocalApi({ invokeStream: recordingHandler, stream: { maxAttempts: 3, retryDelayMs: 10 } })

const delivered = () => deliveries.flat()

async function createCase(token: string, title: string): Promise<{ id: string }> {
  const response = await api.request<{ id: string }>('POST', '/v1/cases', {
    token,
    body: { title, description: 'Steps to reproduce: none yet.', product: 'Caseline' },
  })
  expect(response.status).toBe(201)
  return response.body
}

describe('the local table stream', () => {
  it('hands every case event to the handler once, in the order written, and nothing else', async () => {
    // Arrange
    const alice = await api.tokenFor('alice@acme.example')
    const sam = await api.tokenFor('sam@vendor.example')
    const created = await createCase(alice, 'Stream order')

    // Act
    await api.request('POST', `/v1/cases/${created.id}/comments`, {
      token: sam,
      body: { body: 'Looking into it.' },
    })
    await api.request('POST', `/v1/cases/${created.id}/comments`, { token: alice, body: { body: 'Thanks!' } })
    await api.runtime.stream.settled()

    // Assert: case items, comments and idempotency records are in the stream too, but only events come out.
    const ofCase = delivered().filter((e) => e.caseId === created.id)
    expect(ofCase.map((e) => `${e.type}/${e.action}`)).toEqual([
      'case.created/create',
      'comment.added/comment',
      'case.updated/first_response',
      'comment.added/comment',
    ])
    expect(new Set(ofCase.map((e) => e.id)).size).toBe(ofCase.length)
  })

  it('delivers a failed record again, with everything after it, and nothing before it', async () => {
    // Arrange
    const alice = await api.tokenFor('alice@acme.example')
    const sam = await api.tokenFor('sam@vendor.example')
    const created = await createCase(alice, 'Retry me')
    await api.runtime.stream.settled()
    const before = delivered().length
    failNext = { eventType: 'case.escalated', times: 1 }

    // Act: the escalation fails once; the comment after it waits for it.
    await api.request('POST', `/v1/cases/${created.id}/escalations`, {
      token: alice,
      body: { reason: 'Urgent for us' },
    })
    await api.request('POST', `/v1/cases/${created.id}/comments`, { token: sam, body: { body: 'On it.' } })
    await api.runtime.stream.settled()

    // Assert
    const after = delivered()
      .slice(before)
      .filter((e) => e.caseId === created.id)
    expect(after.map((e) => e.type)).toEqual(['case.escalated', 'comment.added', 'case.updated'])
    expect(api.runtime.stream.deadLetters()).toEqual([])
  })

  it('sets a record that keeps failing aside after its attempts and moves on', async () => {
    // Arrange
    const alice = await api.tokenFor('alice@acme.example')
    const created = await createCase(alice, 'Poison')
    await api.runtime.stream.settled()
    failForever = 'poison pill'

    // Act
    await api.request('POST', `/v1/cases/${created.id}/escalations`, {
      token: alice,
      body: { reason: 'poison pill' },
    })
    const next = await createCase(alice, 'After the poison')
    await api.runtime.stream.settled()

    // Assert
    expect(api.runtime.stream.deadLetters()).toHaveLength(1)
    expect(api.runtime.stream.deadLetters()[0]?.attempts).toBe(3)
    expect(delivered().some((e) => e.caseId === next.id && e.type === 'case.created')).toBe(true)
    expect(delivered().some((e) => e.details?.reason === 'poison pill')).toBe(false)
  })
})
