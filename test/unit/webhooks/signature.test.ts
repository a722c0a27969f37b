import { Webhook as StandardWebhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import { deliveryIdOf } from '#src/domain/delivery-id.ts'
import { signDelivery, signingSecrets } from '#src/domain/webhook-signature.ts'

const current = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const rotatedOut = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD'
const body = JSON.stringify({ id: 'evt_1', type: 'case.created', version: 1, sequence: 3, data: {} })

describe('signDelivery', () => {
  it('signs so that a Standard Webhooks receiver verifies the delivery', () => {
    // Arrange
    const headers = signDelivery({ messageId: 'evt_1', at: new Date(), body, secrets: [current] })

    // Act
    const verified = new StandardWebhook(current).verify(body, { ...headers })

    // Assert
    expect(verified).toEqual(JSON.parse(body))
    expect(headers['webhook-id']).toBe('evt_1')
  })

  it('signs with both secrets during a rotation, so either one verifies', () => {
    const headers = signDelivery({ messageId: 'evt_1', at: new Date(), body, secrets: [current, rotatedOut] })

    expect(headers['webhook-signature'].split(' ')).toHaveLength(2)
    expect(() => new StandardWebhook(current).verify(body, { ...headers })).not.toThrow()
    expect(() => new StandardWebhook(rotatedOut).verify(body, { ...headers })).not.toThrow()
  })

  it('does not verify with a secret it did not sign with, nor a changed body', () => {
    const headers = signDelivery({ messageId: 'evt_1', at: new Date(), body, secrets: [current] })

    expect(() => new StandardWebhook(rotatedOut).verify(body, { ...headers })).toThrow()
    expect(() => new StandardWebhook(current).verify(`${body} `, { ...headers })).toThrow()
  })

  it('carries the attempt time in epoch seconds', () => {
    const headers = signDelivery({
      messageId: 'evt_1',
      at: new Date('2026-11-25T10:00:00.900Z'),
      body,
      secrets: [current],
    })

    expect(headers['webhook-timestamp']).toBe(String(Date.parse('2026-11-25T10:00:00Z') / 1000))
  })
})

describe('signingSecrets', () => {
  const now = new Date('2026-11-25T10:00:00.000Z')

  it('keeps a rotated-out secret until its overlap ends, then drops it', () => {
    const secrets = [
      { secret: current, createdAt: '2026-11-25T09:00:00.000Z' },
      { secret: rotatedOut, createdAt: '2026-11-01T00:00:00.000Z', validUntil: '2026-11-26T09:00:00.000Z' },
    ]

    expect(signingSecrets(secrets, now)).toEqual([current, rotatedOut])
    expect(signingSecrets(secrets, new Date('2026-11-26T09:00:00.000Z'))).toEqual([current])
  })
})

describe('deliveryIdOf', () => {
  it('is the same for the same event and subscription, and differs for another subscription', () => {
    const time = '2026-11-25T10:00:00.000Z'

    expect(deliveryIdOf('evt_1', 'hook-1', time)).toBe(deliveryIdOf('evt_1', 'hook-1', time))
    expect(deliveryIdOf('evt_1', 'hook-2', time)).not.toBe(deliveryIdOf('evt_1', 'hook-1', time))
    expect(deliveryIdOf('evt_1', 'hook-1', time)).toMatch(/^[0-9a-z]{25}$/)
  })

  it('sorts by the event time', () => {
    const earlier = deliveryIdOf('evt_z', 'hook-1', '2026-11-25T09:59:59.999Z')
    const later = deliveryIdOf('evt_a', 'hook-1', '2026-11-25T10:00:00.000Z')
    const muchLater = deliveryIdOf('evt_a', 'hook-1', '2036-01-01T00:00:00.000Z')

    expect([muchLater, earlier, later].sort()).toEqual([earlier, later, muchLater])
  })
})
