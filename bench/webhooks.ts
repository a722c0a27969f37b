/**
 * Webhook delivery latency and cost (docs/integrations.md, docs/performance.md "Integrations").
 * `npm run bench` runs it against its local runtime (bench/run.ts); `npx tsx bench/webhooks.ts`
 * runs it alone, with a local runtime of its own, and prints its lines.
 *
 * 1. Latency: a real HTTP receiver on 127.0.0.1 is subscribed (as root, `case.commented` only);
 *    then `BENCH_WEBHOOK_CHANGES` (default 100) public comments on one case, one after another, each
 *    waiting for its delivery: the time from the comment's API response to the arrival of the
 *    delivery whose envelope names the comment (`data.comment.id`). Every delivery must arrive
 *    exactly once.
 * 2. Cost per 1,000 deliveries in AWS, from what the measured deliveries really did: the DynamoDB
 *    calls on delivery items and the subscription (the call counter; capacity units as AWS bills
 *    them, bench/capacity.ts), the SQS sends and the PutEvents entries (counted at the clients),
 *    the deliver function's measured invocation time;
 *    receives, deletes and Lambda invocations per batch are a model (see `costOf`).
 *
 * Locally the bench's runtime delivers no queue message by itself (`timerTickMs: 0`): this module
 * polls the queue every `queuePollMs`, as Lambda's SQS pollers (long polling) do in AWS. The table
 * stream is polled every 100 ms (local/table-stream.ts), which dominates the local figure.
 */
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { EventBridgeClient } from '@aws-sdk/client-eventbridge'
import { SQSClient } from '@aws-sdk/client-sqs'
import type { LocalRuntime } from '#local/server.ts'
import { localClock } from '#src/adapters/local-clock.ts'
import { entries } from '#src/runtime/entries.ts'
import { isRead, type RecordedCall } from './call-counter.ts'
import { percentile } from './stats.ts'

const projectRoot = fileURLToPath(new URL('..', import.meta.url))
const round = (value: number, digits = 2) => Number(value.toFixed(digits))
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** How often the queue is looked at for due messages (Lambda's pollers long-poll: at once in AWS). */
const queuePollMs = 10
/** How long one change may take to arrive before it counts as not delivered. */
const arrivalTimeoutMs = 15_000
/** After the last change: time for a late duplicate to show up before the count. */
const duplicateGraceMs = 1_000

/** One line of the bench's table (bench/run.ts `check`). */
export interface WebhookCheck {
  section: string
  figure: string
  value: string
  target: string
  pass: boolean | null
}

export interface WebhookBenchOptions {
  runtime: LocalRuntime
  /** The DynamoDB calls of the handlers since the last take (bench/call-counter.ts). */
  take: () => RecordedCall[]
  /** A bearer token for a user of the local runtime (`POST /local/token`). */
  tokenFor: (email: string) => Promise<string>
  /** @default BENCH_WEBHOOK_CHANGES or 100 */
  changes?: number
  log?: (message: string) => void
}

// The receiver ------------------------------------------------------------------------------------

interface Arrival {
  /** performance.now() when the whole request had arrived. */
  at: number
  headers: IncomingHttpHeaders
  envelope: { id: string; type: string; data?: { comment?: { id?: string } } }
}

/** A webhook receiver on a loopback port: answers 200 at once and notes every delivery by comment id. */
async function startReceiver() {
  const arrivals = new Map<string, Arrival[]>()
  const waiting = new Map<string, (arrival: Arrival) => void>()
  let malformed = 0
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const at = performance.now()
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
      let envelope: Arrival['envelope']
      try {
        envelope = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Arrival['envelope']
      } catch {
        malformed += 1
        return
      }
      const commentId = envelope.data?.comment?.id
      if (!commentId) return
      const arrival = { at, headers: request.headers, envelope }
      arrivals.set(commentId, [...(arrivals.get(commentId) ?? []), arrival])
      waiting.get(commentId)?.(arrival)
      waiting.delete(commentId)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    arrivals,
    malformed: () => malformed,
    /** The first arrival for the comment, or undefined after `timeoutMs`. */
    first(commentId: string, timeoutMs: number): Promise<Arrival | undefined> {
      const already = arrivals.get(commentId)?.[0]
      if (already) return Promise.resolve(already)
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(commentId)
          resolve(undefined)
        }, timeoutMs)
        waiting.set(commentId, (arrival) => {
          clearTimeout(timer)
          resolve(arrival)
        })
      })
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

// Counting what the handlers send to SQS and EventBridge -----------------------------------------------

interface AwsSends {
  /** SendMessage and SendMessageBatch requests, and the messages in them. */
  sqsRequests: number
  sqsMessages: number
  /** PutEvents requests, and the entries in them (EventBridge bills entries). */
  putEventsRequests: number
  putEventsEntries: number
  /** The largest entry's Detail, bytes: one billed entry per 64 KB chunk. */
  largestDetailBytes: number
}

type Send = (command: { constructor: { name: string }; input: Record<string, unknown> }) => Promise<unknown>

/**
 * Counts the commands the handlers' own SQS and EventBridge clients send (the delivery queue
 * adapter and the event bus adapter build theirs inside), by wrapping `send` on the two client
 * classes while the deliveries are measured. Answers the counts and a restore.
 */
function countAwsSends(): { counts: AwsSends; restore: () => void } {
  const counts: AwsSends = {
    sqsRequests: 0,
    sqsMessages: 0,
    putEventsRequests: 0,
    putEventsEntries: 0,
    largestDetailBytes: 0,
  }
  const sqs = SQSClient.prototype as unknown as { send: Send }
  const bus = EventBridgeClient.prototype as unknown as { send: Send }
  const sqsOwn = Object.hasOwn(sqs, 'send')
  const busOwn = Object.hasOwn(bus, 'send')
  const sqsSend = sqs.send
  const busSend = bus.send
  sqs.send = function (this: unknown, command, ...rest: unknown[]) {
    const name = command.constructor.name
    if (name === 'SendMessageCommand' || name === 'SendMessageBatchCommand') {
      counts.sqsRequests += 1
      counts.sqsMessages += Array.isArray(command.input.Entries) ? command.input.Entries.length : 1
    }
    return (sqsSend as (...args: unknown[]) => Promise<unknown>).call(this, command, ...rest)
  }
  bus.send = function (this: unknown, command, ...rest: unknown[]) {
    if (command.constructor.name === 'PutEventsCommand') {
      const list = (command.input.Entries ?? []) as { Detail?: string }[]
      counts.putEventsRequests += 1
      counts.putEventsEntries += list.length
      for (const entry of list)
        counts.largestDetailBytes = Math.max(counts.largestDetailBytes, Buffer.byteLength(entry.Detail ?? ''))
    }
    return (busSend as (...args: unknown[]) => Promise<unknown>).call(this, command, ...rest)
  }
  return {
    counts,
    restore() {
      if (sqsOwn) sqs.send = sqsSend
      else delete (sqs as { send?: Send }).send
      if (busOwn) bus.send = busSend
      else delete (bus as { send?: Send }).send
    },
  }
}

// What a DynamoDB call was for ----------------------------------------------------------------------

/** Whose cost a call is: one delivery's, one event's (whatever the subscriptions), or neither. */
type CallKind = 'delivery' | 'subscription read' | 'subscriptions query' | 'feed' | 'other'

/** The partition keys a (marshalled) call addresses: of its key or item, its transaction's items, its Query's `:pk`. */
function partitionsOf(input: Record<string, unknown>): string[] {
  // The counter sees the document client's input, marshalled (`{ S: "…" }`) or not.
  type Value = string | { S?: string } | undefined
  const text = (value: Value) => (typeof value === 'string' ? value : value?.S)
  type Keyed = { pk?: Value }
  const keyed = [input.Key, input.Item] as (Keyed | undefined)[]
  const transaction = (input.TransactItems ?? []) as Record<string, { Key?: Keyed; Item?: Keyed }>[]
  for (const entry of transaction)
    for (const action of Object.values(entry)) keyed.push(action.Key ?? action.Item)
  const partitions = keyed.map((key) => text(key?.pk)).filter((pk): pk is string => pk !== undefined)
  const queried = text((input.ExpressionAttributeValues as Record<string, Value> | undefined)?.[':pk'])
  return queried ? [...partitions, queried] : partitions
}

/**
 * Sorts the calls by keys (src/adapters/dynamodb/keys.ts): a delivery item (`WEBHOOK#<id>`: the
 * fan-out's conditional put, the attempt's claim and record) and the attempt's read of its
 * subscription (GetItem in `WEBHOOKS`) are per delivery; the fan-out's Query of every
 * subscription (`WEBHOOKS`) and the feed append (`PUBLISHED#` marker, `FEED#` heads and entries)
 * are per event, whatever the number of subscriptions. Anything else (mail, metrics, the request
 * itself) is the change's own cost, counted in the case lifecycle.
 */
export function callKind(call: RecordedCall): CallKind {
  const partitions = partitionsOf(call.input)
  if (partitions.some((pk) => pk.startsWith('PUBLISHED#') || pk.startsWith('FEED#'))) return 'feed'
  if (partitions.some((pk) => pk.startsWith('WEBHOOK#'))) return 'delivery'
  if (partitions.includes('WEBHOOKS'))
    return call.operation === 'Query' ? 'subscriptions query' : 'subscription read'
  return 'other'
}

// Prices and the cost model --------------------------------------------------------------------------

interface Prices {
  date: string
  dynamodb: { perMillionWriteRequestUnits: number; perMillionReadRequestUnits: number }
  lambda: { perMillionRequests: number; perGbSecondArm: number }
  sqs: { perMillionRequests: number; chunkKb: number; date: string }
  eventBridge: { perMillionEvents: number; chunkKb: number; date: string }
}

/** What the measured deliveries did, per delivery (or per event), averaged over the run. */
interface Measured {
  deliveries: number
  events: number
  deliveryRcu: number
  deliveryWcu: number
  eventRcu: number
  eventWcu: number
  sqsSendRequests: number
  putEventsEntries: number
  largestDetailBytes: number
  /** Mean wall time of one deliver invocation (one message), ms. */
  invocationMs: number
}

/**
 * The deliver function's event source mapping (lib/constructs/webhook-deliveries.ts) takes up to
 * 10 messages per batch within a 1 s window. The headline assumes a trickle — every batch holds one
 * message, as when changes come one after another as here — so each delivery costs a receive, a
 * delete and an invocation of its own; `full` is the busy queue, 10 per batch. The pollers' empty
 * receives (long polling, a few per minute per poller, whatever the traffic) are a fixed monthly
 * cost, not a delivery's (docs/performance.md).
 */
export const receiveBatch = { trickle: 1, full: 10 } as const

/** The parts of 1,000 deliveries' cost in dollars, for `batch` messages per receive. */
function costOf(m: Measured, prices: Prices, batch: number) {
  const perDelivery = (count: number) => count / m.deliveries
  const memoryGb = entries.deliverWebhook.memorySize / 1024
  const thousand = 1000
  // One invocation per batch; its messages run concurrently, so a batch lasts about as long as one
  // delivery: the measured invocation, billed by the millisecond, shared by the batch.
  const invocationsPerDelivery = 1 / batch
  const gbSecondsPerDelivery = (Math.ceil(m.invocationMs) / 1000) * memoryGb * invocationsPerDelivery
  // The fan-out's sends are counted; receive and delete (DeleteMessageBatch) once per batch.
  const sqsRequestsPerDelivery = perDelivery(m.sqsSendRequests) + 2 / batch
  return {
    dynamodb:
      (thousand *
        (perDelivery(m.deliveryRcu) * prices.dynamodb.perMillionReadRequestUnits +
          perDelivery(m.deliveryWcu) * prices.dynamodb.perMillionWriteRequestUnits)) /
      1e6,
    sqs: (thousand * sqsRequestsPerDelivery * prices.sqs.perMillionRequests) / 1e6,
    lambdaRequests: (thousand * invocationsPerDelivery * prices.lambda.perMillionRequests) / 1e6,
    lambdaDuration: thousand * gbSecondsPerDelivery * prices.lambda.perGbSecondArm,
    sqsRequestsPerDelivery,
    gbSecondsPerDelivery,
  }
}

/** What 1,000 events cost the integrations whatever the subscriptions: the feed append, the subscriptions' Query, the PutEvents entry. */
function perEventCostOf(m: Measured, prices: Prices) {
  const perEvent = (count: number) => count / m.events
  const chunks = Math.max(1, Math.ceil(m.largestDetailBytes / (prices.eventBridge.chunkKb * 1024)))
  return {
    dynamodb:
      (1000 *
        (perEvent(m.eventRcu) * prices.dynamodb.perMillionReadRequestUnits +
          perEvent(m.eventWcu) * prices.dynamodb.perMillionWriteRequestUnits)) /
      1e6,
    eventBridge: (1000 * perEvent(m.putEventsEntries) * chunks * prices.eventBridge.perMillionEvents) / 1e6,
  }
}

// The bench ------------------------------------------------------------------------------------------

export async function benchWebhooks(options: WebhookBenchOptions) {
  const { runtime, take } = options
  const log = options.log ?? ((message: string) => console.error(`[webhooks] ${message}`))
  const changes = options.changes ?? Number(process.env.BENCH_WEBHOOK_CHANGES ?? 100)
  const prices = JSON.parse(await readFile(path.join(projectRoot, 'bench', 'prices.json'), 'utf8')) as Prices

  async function send(token: string, method: string, route: string, body?: unknown) {
    const response = await fetch(`${runtime.url}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await response.text()
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : {}
    if (response.status >= 300) throw new Error(`${method} ${route} answered ${response.status}: ${text}`)
    return json
  }

  const root = await options.tokenFor('root@vendor.example')
  const alice = await options.tokenFor('alice@acme.example')
  const receiver = await startReceiver()

  // The queue's consumer: every due message at once, as the event source mapping hands them over;
  // the wall time until they are all handled is one deliver invocation.
  const invocations: { messages: number; ms: number }[] = []
  let polling = true
  const poller = (async () => {
    while (polling) {
      const started = performance.now()
      const messages = runtime.webhookQueue.deliverDue(localClock.now())
      if (messages === 0) {
        await sleep(queuePollMs)
        continue
      }
      await runtime.webhookQueue.idle()
      invocations.push({ messages, ms: performance.now() - started })
    }
  })()

  try {
    // Nothing from earlier steps may reach the new subscription.
    await runtime.stream.settled()
    const webhook = await send(root, 'POST', '/v1/webhooks', {
      url: receiver.url,
      eventTypes: ['case.commented'],
      description: 'bench receiver',
    })
    const filed = await send(alice, 'POST', '/v1/cases', {
      title: 'Webhook latency bench',
      description: 'Every comment on this case is delivered to one webhook receiver.',
      product: 'Caseline ERP',
      severity: 'standard',
    })
    const caseId = filed.id as string

    async function comment(index: number): Promise<{ id: string; respondedAt: number }> {
      const created = await send(alice, 'POST', `/v1/cases/${caseId}/comments`, {
        body: `Webhook bench comment ${index}`,
      })
      return { id: created.id as string, respondedAt: performance.now() }
    }

    // Warm-up: the first delivery loads the deliver function and its clients (a cold start).
    const warm = await comment(0)
    if (!(await receiver.first(warm.id, arrivalTimeoutMs)))
      throw new Error('the warm-up comment was never delivered to the receiver')
    await runtime.stream.settled()
    await runtime.webhookQueue.idle()
    take()
    invocations.length = 0

    log(`${changes} public comments, each awaited at the receiver`)
    const sends = countAwsSends()
    const latencies: number[] = []
    const commentIds: string[] = []
    try {
      for (let i = 1; i <= changes; i++) {
        const sent = await comment(i)
        commentIds.push(sent.id)
        const arrival = await receiver.first(sent.id, arrivalTimeoutMs)
        if (arrival) latencies.push(arrival.at - sent.respondedAt)
      }
      await runtime.stream.settled()
      await sleep(duplicateGraceMs)
      await runtime.stream.settled()
      await runtime.webhookQueue.idle()
    } finally {
      sends.restore()
    }
    const calls = take()

    const counts = commentIds.map((id) => receiver.arrivals.get(id)?.length ?? 0)
    const exactlyOnce = counts.filter((count) => count === 1).length
    const duplicated = counts.filter((count) => count > 1).length
    const missing = counts.filter((count) => count === 0).length

    const byKind = (kind: CallKind, read: boolean) =>
      calls
        .filter((call) => callKind(call) === kind && isRead(call.operation) === read)
        .reduce((sum, call) => sum + call.capacityUnits, 0)
    const deliveredMessages = invocations.reduce((sum, i) => sum + i.messages, 0)
    const measured: Measured = {
      deliveries: deliveredMessages,
      events: commentIds.length,
      deliveryRcu: byKind('delivery', true) + byKind('subscription read', true),
      deliveryWcu: byKind('delivery', false) + byKind('subscription read', false),
      eventRcu: byKind('feed', true) + byKind('subscriptions query', true),
      eventWcu: byKind('feed', false) + byKind('subscriptions query', false),
      sqsSendRequests: sends.counts.sqsRequests,
      putEventsEntries: sends.counts.putEventsEntries,
      largestDetailBytes: sends.counts.largestDetailBytes,
      invocationMs: invocations.reduce((sum, i) => sum + i.ms, 0) / Math.max(1, invocations.length),
    }
    const trickle = costOf(measured, prices, receiveBatch.trickle)
    const full = costOf(measured, prices, receiveBatch.full)
    const totalOf = (parts: ReturnType<typeof costOf>) =>
      parts.dynamodb + parts.sqs + parts.lambdaRequests + parts.lambdaDuration
    const perThousand = totalOf(trickle)
    const perThousandFull = totalOf(full)
    const perEvent = perEventCostOf(measured, prices)
    const perThousandEvents = perEvent.dynamodb + perEvent.eventBridge

    // Tidy up: the subscription would otherwise receive whatever the rest of the run publishes.
    await send(root, 'DELETE', `/v1/webhooks/${webhook.id as string}`)

    const p50 = percentile(latencies, 0.5)
    const p99 = percentile(latencies, 0.99)
    const describeCalls = (kinds: CallKind[]) => {
      const tally = new Map<string, number>()
      for (const call of calls.filter((c) => kinds.includes(callKind(c))))
        tally.set(call.operation, (tally.get(call.operation) ?? 0) + 1)
      return [...tally].map(([operation, count]) => `${round(count / changes, 2)} ${operation}`).join(' + ')
    }
    const dollars = (value: number) => `$${value.toFixed(6)}`
    const checks: WebhookCheck[] = [
      {
        section: 'webhooks',
        figure: `delivery latency, API response → receiver (${latencies.length} changes)`,
        value: `p50 ${round(p50, 1)} ms / p99 ${round(p99, 1)} ms (local: table stream polled every 100 ms, queue every ${queuePollMs} ms; in AWS add the stream's and the queue's 1 s batching windows)`,
        target: 'reported',
        pass: null,
      },
      {
        section: 'webhooks',
        figure: `delivered exactly once (of ${changes})`,
        value: `${exactlyOnce}${duplicated ? `, ${duplicated} more than once` : ''}${missing ? `, ${missing} never` : ''}`,
        target: `all ${changes}`,
        pass: exactlyOnce === changes,
      },
      {
        section: 'cost',
        figure: `per 1,000 webhook deliveries (1 per receive; prices ${prices.date}, SQS ${prices.sqs.date})`,
        value: `${dollars(perThousand)} (DynamoDB ${dollars(trickle.dynamodb)} = ${round(measured.deliveryRcu / measured.deliveries, 1)} RCU + ${round(measured.deliveryWcu / measured.deliveries, 1)} WCU each [${describeCalls(['delivery', 'subscription read'])}], SQS ${dollars(trickle.sqs)} = ${round(trickle.sqsRequestsPerDelivery, 2)} requests each, Lambda ${dollars(trickle.lambdaRequests)} requests + ${dollars(trickle.lambdaDuration)} for ${Math.ceil(measured.invocationMs)} ms at ${entries.deliverWebhook.memorySize} MB; 10 per receive: ${dollars(perThousandFull)})`,
        target: 'reported',
        pass: null,
      },
      {
        section: 'cost',
        figure: 'per 1,000 events, whatever the subscriptions',
        value: `${dollars(perThousandEvents)} (feed append and the subscriptions' Query ${dollars(perEvent.dynamodb)} = ${round(measured.eventRcu / measured.events, 1)} RCU + ${round(measured.eventWcu / measured.events, 1)} WCU each [${describeCalls(['feed', 'subscriptions query'])}], EventBridge ${dollars(perEvent.eventBridge)} = ${round(measured.putEventsEntries / measured.events, 2)} PutEvents entries each)`,
        target: 'reported',
        pass: null,
      },
    ]
    const results = {
      changes,
      // No list of samples: a JSON array of numbers is not as biome formats it, and results.json is checked.
      latencyMs: { p50: round(p50, 1), p99: round(p99, 1), count: latencies.length },
      local: { streamPollMs: 100, queuePollMs },
      deliveredExactlyOnce: exactlyOnce,
      deliveredMoreThanOnce: duplicated,
      notDelivered: missing,
      measured: {
        ...measured,
        invocationMs: round(measured.invocationMs, 1),
        sqsSendMessages: sends.counts.sqsMessages,
        putEventsRequests: sends.counts.putEventsRequests,
        calls: calls
          .filter((call) => callKind(call) !== 'other')
          .map((call) => ({
            operation: call.operation,
            kind: callKind(call),
            capacityUnits: call.capacityUnits,
            reportedByDynamoDbLocal: call.reportedByDynamoDbLocal,
          })),
      },
      cost: {
        prices: { sqs: prices.sqs, eventBridge: prices.eventBridge, date: prices.date },
        deliverMemoryMb: entries.deliverWebhook.memorySize,
        receiveBatch,
        perThousandDeliveries: perThousand,
        parts: trickle,
        perThousandDeliveriesFullBatches: perThousandFull,
        partsFullBatches: full,
        /** What each second the receiver takes to answer adds (the deliver function waits for it). */
        perThousandPerReceiverSecond:
          1000 * (entries.deliverWebhook.memorySize / 1024) * prices.lambda.perGbSecondArm,
        perThousandEvents,
        perEventParts: perEvent,
      },
    }
    return { checks, results }
  } finally {
    polling = false
    await poller
    await receiver.close()
  }
}

// Run alone: `npx tsx bench/webhooks.ts` ----------------------------------------------------------------
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { startLocalRuntime } = await import('#local/server.ts')
  const { tableContext } = await import('#src/runtime/table-context.ts')
  const { countCalls } = await import('./call-counter.ts')
  const runtime = await startLocalRuntime({ port: 0, timerTickMs: 0 })
  const counter = countCalls(tableContext().dynamodb, runtime.dynamodbEndpoint)
  try {
    const { checks, results } = await benchWebhooks({
      runtime,
      take: counter.take,
      async tokenFor(email) {
        const response = await fetch(`${runtime.url}/local/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email }),
        })
        return ((await response.json()) as { token: string }).token
      },
    })
    for (const c of checks)
      console.log(
        `${c.section.padEnd(9)} ${c.figure.padEnd(46)} ${(c.pass === null ? 'info' : c.pass ? 'PASS' : 'MISS').padEnd(4)} ${c.value}  [${c.target}]`,
      )
    if (process.env.BENCH_WEBHOOK_DUMP) console.log(JSON.stringify(results, null, 2))
  } finally {
    counter.close()
    await runtime.stop()
  }
}
