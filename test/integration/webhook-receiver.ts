import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request a test receiver got: headers as strings and the raw body, exactly as sent. */
export interface ReceivedDelivery {
  headers: Record<string, string>
  body: string
  receivedAt: number
}

/** What the receiver answers the n-th request (1-based): a status, or `hang` to never answer. */
export type ReceiverPlan = (n: number) => number | 'hang'

/**
 * A real HTTP receiver on a loopback port for webhook tests (docs/integrations.md): it records
 * every request and answers by plan (200 by default).
 */
export interface TestReceiver {
  url: string
  received: ReceivedDelivery[]
  /** Resolves once `count` requests matching `match` arrived; rejects after `timeoutMs`. */
  waitFor(
    count: number,
    match?: (delivery: ReceivedDelivery) => boolean,
    timeoutMs?: number,
  ): Promise<ReceivedDelivery[]>
  close(): Promise<void>
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value ?? '')]))
}

export async function startReceiver(plan: ReceiverPlan = () => 200): Promise<TestReceiver> {
  const received: ReceivedDelivery[] = []
  const hanging = new Set<() => void>()
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      received.push({
        headers: flatten(request.headers),
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now(),
      })
      const answer = plan(received.length)
      if (answer === 'hang') {
        hanging.add(() => response.destroy())
        return
      }
      response.writeHead(answer, { 'content-type': 'text/plain' }).end(`answered ${answer}`)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    async waitFor(count, match = () => true, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const matching = received.filter(match)
        if (matching.length >= count) return matching
        if (Date.now() > deadline)
          throw new Error(
            `expected ${count} matching deliveries within ${timeoutMs} ms, got ${matching.length}`,
          )
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
    },
    async close() {
      for (const end of hanging) end()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
