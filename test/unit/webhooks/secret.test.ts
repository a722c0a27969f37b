import { createHmac } from 'node:crypto'
import { Webhook as StandardWebhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import {
  newWebhookSecret,
  rotateSecrets,
  validSecrets,
  webhookSigningKey,
} from '#src/domain/webhook-secret.ts'
import { secretOverlapMs } from '#src/domain/webhooks.ts'

const t0 = new Date('2026-11-25T10:00:00.000Z')
const at = (ms: number) => new Date(t0.getTime() + ms)
const hour = 3_600_000

describe('webhook secrets', () => {
  it('are whsec_ and the base64 of 24 random bytes, different every time', () => {
    const first = newWebhookSecret()
    const second = newWebhookSecret()

    expect(first).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/)
    expect(webhookSigningKey(first)).toHaveLength(24)
    expect(second).not.toBe(first)
  })

  it('sign as the standardwebhooks package verifies: HMAC keyed with the decoded bytes', () => {
    // Arrange
    const secret = newWebhookSecret(() => new Uint8Array(24).fill(7))
    const [id, timestamp, body] = ['evt_1', Math.floor(Date.now() / 1000), '{"type":"case.created"}']
    const signature = createHmac('sha256', webhookSigningKey(secret))
      .update(`${id}.${timestamp}.${body}`)
      .digest('base64')

    // Act
    const verified = new StandardWebhook(secret).verify(body, {
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': `v1,${signature}`,
    })

    // Assert
    expect(verified).toEqual({ type: 'case.created' })
  })

  it('rotation makes the new secret current and gives the old one 24 hours', () => {
    const secrets = [{ secret: 'whsec_old', createdAt: t0.toISOString() }]

    const rotated = rotateSecrets(secrets, 'whsec_new', at(hour))

    expect(rotated).toEqual([
      { secret: 'whsec_new', createdAt: at(hour).toISOString() },
      {
        secret: 'whsec_old',
        createdAt: t0.toISOString(),
        validUntil: at(hour + secretOverlapMs).toISOString(),
      },
    ])
  })

  it('a second rotation keeps the first one’s end and drops what expired', () => {
    const once = rotateSecrets([{ secret: 'whsec_a', createdAt: t0.toISOString() }], 'whsec_b', t0)

    const twice = rotateSecrets(once, 'whsec_c', at(2 * hour))
    const thrice = rotateSecrets(twice, 'whsec_d', at(secretOverlapMs + hour))

    expect(twice.map((s) => [s.secret, s.validUntil])).toEqual([
      ['whsec_c', undefined],
      ['whsec_b', at(2 * hour + secretOverlapMs).toISOString()],
      ['whsec_a', at(secretOverlapMs).toISOString()],
    ])
    expect(thrice.map((s) => s.secret)).toEqual(['whsec_d', 'whsec_c', 'whsec_b'])
  })

  it('a rotated-out secret signs until its validUntil, not after', () => {
    const rotated = rotateSecrets([{ secret: 'whsec_old', createdAt: t0.toISOString() }], 'whsec_new', t0)

    expect(validSecrets(rotated, at(secretOverlapMs - 1)).map((s) => s.secret)).toEqual([
      'whsec_new',
      'whsec_old',
    ])
    expect(validSecrets(rotated, at(secretOverlapMs)).map((s) => s.secret)).toEqual(['whsec_new'])
  })
})
