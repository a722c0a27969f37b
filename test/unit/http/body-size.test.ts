import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type HttpResult, httpHandler, maxJsonBodyBytes } from '#src/http/http-handler.ts'
import { routes } from '#src/http/routes.ts'
import { aCase } from '../fakes/core.ts'
import { httpEvent, lambdaContext } from './events.ts'

function createCaseHandler() {
  const served: unknown[] = []
  const handler = httpHandler(routes.createCase, async ({ body }) => {
    served.push(body)
    return { body: aCase() }
  })
  const post = async (body: string, isBase64Encoded = false) =>
    (await handler(httpEvent({ body, isBase64Encoded }), lambdaContext)) as HttpResult
  return { post, served }
}

/** A JSON object padded with `filler` to exactly `bytes` bytes of UTF-8. */
function bodyOfBytes(bytes: number, filler = 'x'): string {
  const frame = JSON.stringify({ title: 'T', description: '', product: 'ERP' })
  const room = bytes - Buffer.byteLength(frame)
  const fill = filler.repeat(Math.floor(room / Buffer.byteLength(filler)))
  const body = frame.replace('"description":""', `"description":"${fill}"`)
  return body + ' '.repeat(bytes - Buffer.byteLength(body))
}

beforeEach(() => {
  vi.stubEnv('LOG_LEVEL', 'silent')
})

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('the request body size limit', () => {
  it('answers 413 as a problem document for one byte over the limit, before parsing', async () => {
    // Arrange
    const { post, served } = createCaseHandler()

    // Act
    const result = await post(bodyOfBytes(maxJsonBodyBytes + 1))

    // Assert
    expect(result.statusCode).toBe(413)
    expect(result.headers?.['content-type']).toBe('application/problem+json')
    expect(JSON.parse(result.body ?? '')).toMatchObject({
      type: '/problems/payload-too-large',
      status: 413,
      detail: expect.stringContaining('at most 256 KB'),
    })
    expect(served).toEqual([])
  })

  it('lets a body of exactly the limit through to validation', async () => {
    const { post } = createCaseHandler()

    const result = await post(bodyOfBytes(maxJsonBodyBytes))

    // The description is far over its 20,000 characters: a 400 naming it, not a 413.
    expect(result.statusCode).toBe(400)
    expect(JSON.parse(result.body ?? '').errors).toEqual([
      expect.objectContaining({ pointer: '/description' }),
    ])
  })

  it('counts bytes, not characters', async () => {
    const { post } = createCaseHandler()
    const body = bodyOfBytes(maxJsonBodyBytes + 3, '€')

    const result = await post(body)

    expect(body.length).toBeLessThan(maxJsonBodyBytes)
    expect(result.statusCode).toBe(413)
  })

  it('measures a base64-encoded body by what it decodes to', async () => {
    const { post } = createCaseHandler()
    const over = Buffer.from(bodyOfBytes(maxJsonBodyBytes + 1)).toString('base64')
    const within = Buffer.from(bodyOfBytes(maxJsonBodyBytes)).toString('base64')

    expect((await post(over, true)).statusCode).toBe(413)
    expect((await post(within, true)).statusCode).toBe(400)
  })
})
