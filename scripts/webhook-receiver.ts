/**
 * A tiny webhook receiver for trying Caseline's webhooks locally (README, "Follow your cases from
 * another system"; docs/integrations.md): it verifies each delivery's Standard Webhooks signature
 * with the `standardwebhooks` package and prints the event, one line each.
 *
 *   node --import tsx scripts/webhook-receiver.ts [port]   (the secret is read from WEBHOOK_SECRET)
 *
 * Without WEBHOOK_SECRET it still answers 200 but prints "unverified". A delivery whose signature
 * does not verify is answered 401, which Caseline records as a failed attempt and retries.
 */
import { createServer } from 'node:http'
import { Webhook } from 'standardwebhooks'

const port = Number(process.argv[2] ?? 4000)
const secret = process.env.WEBHOOK_SECRET
const verifier = secret ? new Webhook(secret) : undefined

const server = createServer((request, response) => {
  const chunks: Buffer[] = []
  request.on('data', (chunk: Buffer) => chunks.push(chunk))
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8')
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name, String(value ?? '')]),
    )
    let event: { id?: string; type?: string; sequence?: number; caseId?: string }
    try {
      event = verifier ? (verifier.verify(body, headers) as typeof event) : JSON.parse(body)
    } catch (error) {
      console.log(`refused ${headers['webhook-id'] ?? '?'}: ${(error as Error).message}`)
      response.writeHead(401).end()
      return
    }
    const state = verifier ? 'verified' : 'unverified'
    console.log(`${state} ${event.type} ${event.id} sequence ${event.sequence} case ${event.caseId ?? '-'}`)
    response.writeHead(204).end()
  })
})

server.listen(port, '127.0.0.1', () => console.log(`webhook receiver on http://127.0.0.1:${port}/`))
