import { describe, expect, it } from 'vitest'
import { handler } from '#functions/not-found.ts'
import { httpEvent } from '../http/events.ts'

describe('the $default route', () => {
  it('answers a known path with another method 405, with Allow from the route table', async () => {
    // Act
    const result = await handler(
      httpEvent({ method: 'DELETE', path: '/v1/cases/case-1', routeKey: '$default' }),
    )

    // Assert
    expect(result.statusCode).toBe(405)
    expect(result.headers).toMatchObject({
      allow: 'GET, HEAD, PATCH',
      'content-type': 'application/problem+json',
    })
    expect(JSON.parse(result.body ?? '')).toMatchObject({
      type: '/problems/method-not-allowed',
      status: 405,
      detail: '/v1/cases/case-1 does not answer DELETE; it answers GET, HEAD, PATCH.',
    })
  })

  it('answers an unknown path 404', async () => {
    const result = await handler(httpEvent({ method: 'GET', path: '/v1/nothing-here', routeKey: '$default' }))

    expect(result.statusCode).toBe(404)
    expect(result.headers?.allow).toBeUndefined()
  })
})
