import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createWebhookSender } from '#src/adapters/net/webhook-sender.ts'
import { checkedLookup } from '#src/adapters/net/webhook-url-guard.ts'

/** A receiver on the loopback interface; each test says how it answers. */
let answer: (request: http.IncomingMessage, response: http.ServerResponse) => void
let received: { url: string | undefined; headers: http.IncomingHttpHeaders; body: string }[]
let server: http.Server
let base: string

beforeEach(async () => {
  received = []
  answer = (_request, response) => response.end('ok')
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      received.push({ url: request.url, headers: request.headers, body: Buffer.concat(chunks).toString() })
      answer(request, response)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterEach(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

const local = createWebhookSender({ allowLoopback: true })

describe('createWebhookSender', () => {
  it('POSTs the body with the headers and reports a 2xx answer', async () => {
    // Arrange
    answer = (_request, response) => response.writeHead(204).end()

    // Act
    const outcome = await local.post(
      `${base}/hook`,
      { 'webhook-id': 'evt_1', 'content-type': 'application/json' },
      '{"a":1}',
    )

    // Assert
    expect(outcome).toMatchObject({ kind: 'answered', status: 204, body: '' })
    expect(received[0]).toMatchObject({ url: '/hook', body: '{"a":1}' })
    expect(received[0]?.headers).toMatchObject({ 'webhook-id': 'evt_1', 'content-length': '7' })
  })

  it('reports a 500 and what the receiver said', async () => {
    answer = (_request, response) => response.writeHead(500).end('boom')

    const outcome = await local.post(`${base}/hook`, {}, '{}')

    expect(outcome).toMatchObject({ kind: 'answered', status: 500, body: 'boom' })
    if (outcome.kind === 'answered') expect(outcome.latencyMs).toBeGreaterThanOrEqual(0)
  })

  it('does not follow a redirect', async () => {
    answer = (request, response) =>
      request.url === '/hook'
        ? response.writeHead(302, { location: `${base}/elsewhere` }).end()
        : response.end('followed')

    const outcome = await local.post(`${base}/hook`, {}, '{}')

    expect(outcome).toMatchObject({ kind: 'answered', status: 302 })
    expect(received.map((request) => request.url)).toEqual(['/hook'])
  })

  it('gives up on a receiver that does not answer in time', async () => {
    answer = (_request, response) => setTimeout(() => response.end('late'), 2_000).unref()
    const impatient = createWebhookSender({ allowLoopback: true, timeoutMs: 200 })

    const outcome = await impatient.post(`${base}/hook`, {}, '{}')

    expect(outcome).toMatchObject({ kind: 'failed', error: 'No answer within 0.2 s' })
    if (outcome.kind === 'failed') expect(outcome.latencyMs).toBeLessThan(1_500)
  })

  it('reads at most 1 KB of the answer', async () => {
    answer = (_request, response) => {
      response.writeHead(200)
      response.write('a'.repeat(4096))
      // Never ends: the sender must stop reading on its own.
    }

    const outcome = await local.post(`${base}/hook`, {}, '{}')

    expect(outcome).toMatchObject({ kind: 'answered', status: 200 })
    if (outcome.kind === 'answered') expect(outcome.body).toBe('a'.repeat(1024))
  })

  it('refuses a loopback address where loopback receivers are not allowed', async () => {
    const port = (server.address() as AddressInfo).port
    const strict = createWebhookSender({ allowLoopback: false })

    const outcome = await strict.post(`https://127.0.0.1:${port}/hook`, {}, '{}')

    expect(outcome).toMatchObject({ kind: 'failed' })
    if (outcome.kind === 'failed') expect(outcome.error).toMatch(/^Address refused: loopback address/)
    expect(received).toEqual([])
  })

  it('refuses plain http where loopback receivers are not allowed', async () => {
    const strict = createWebhookSender({ allowLoopback: false })

    const outcome = await strict.post(`${base}/hook`, {}, '{}')

    expect(outcome).toMatchObject({ kind: 'failed' })
    expect(received).toEqual([])
  })

  it('refuses a host name that resolves to a private address when it connects (DNS rebinding)', async () => {
    const rebound = createWebhookSender({
      allowLoopback: false,
      lookup: checkedLookup(false, (_host, _options, callback) =>
        callback(null, [{ address: '10.0.0.7', family: 4 }]),
      ),
    })

    const outcome = await rebound.post('https://hooks.example.com/caseline', {}, '{}')

    expect(outcome).toMatchObject({ kind: 'failed' })
    if (outcome.kind === 'failed') expect(outcome.error).toContain('private address 10.0.0.7')
  })
})
