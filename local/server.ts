import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { JWTPayload } from 'jose'
import { createDocumentClient } from '#src/adapters/dynamodb/client.ts'
import { createDirectoryRepository } from '#src/adapters/dynamodb/directory-repository.ts'
import { localClock } from '#src/adapters/local-clock.ts'
import { AppError, UnauthorizedError } from '#src/domain/errors.ts'
import { corsAllowHeaders, corsExposeHeaders, corsMaxAgeSeconds } from '#src/http/cors.ts'
import { problemResponse } from '#src/http/problem.ts'
import { routeList } from '#src/http/routes.ts'
import { entries } from '#src/runtime/entries.ts'
import { adminRoutes, healthRoute } from './admin-routes.ts'
import { lambdaContext, toHttpApiEvent } from './api-gateway-event.ts'
import { invokeAs, recordTableAsStageTable } from './aws-call-recorder.ts'
import { createLocalDailySchedule } from './daily-schedule.ts'
import { localHandlerEnvironment, localStage } from './environment.ts'
import type { LocalEventBridge } from './eventbridge-endpoint.ts'
import { entryTargets, handlerLoader } from './handlers.ts'
import { readBody, send } from './http-io.ts'
import { createLocalInboundMail } from './inbound-mail.ts'
import { createRouter } from './router.ts'
import type { LocalS3 } from './s3-local.ts'
import type { FiredTimer, InvokeTarget } from './scheduler-endpoint.ts'
import { seedDemo } from './seed.ts'
import { ensureTable, type LocalServices, startLocalServices, startTimerTicker } from './services.ts'
import type { LocalMail } from './ses-local.ts'
import type { LocalSqsQueue, QueueTarget } from './sqs-endpoint.ts'
import type { LocalTableStream, StreamTarget } from './table-stream.ts'
import { createTokenIssuer, type TokenIssuer } from './token-issuer.ts'

export interface LocalRuntimeOptions {
  /** Port for the API; 0 picks a free one. Default 3000. */
  port?: number
  /** Use an already running DynamoDB Local instead of starting one (tests share one JVM). */
  dynamodbEndpoint?: string
  /** Table name; tests use a fresh one per file so their data never mixes. */
  tableName?: string
  /** One line per request on stdout. */
  logRequests?: boolean
  /** How often due timers fire by themselves, as real time passes; 0: only on `POST /local/clock`. @default 1000 */
  timerTickMs?: number
  /** What a due timer invokes. @default the timer handler `functions/timers/fire-timer.ts`, as Scheduler invokes it in AWS */
  invokeTimer?: InvokeTarget
  /** What the table stream invokes. @default the event handler `functions/events/table-stream.ts` */
  invokeStream?: StreamTarget
  /** What a due message of the webhook queue invokes. @default the deliver function `functions/webhooks/deliver-webhook.ts` */
  invokeWebhookDelivery?: QueueTarget
  /** Stream polling and retry pace; tests shorten the backoff. */
  stream?: { pollMs?: number; retryDelayMs?: number; maxAttempts?: number }
}

export interface LocalRuntime {
  url: string
  port: number
  tableName: string
  dynamodbEndpoint: string
  /** The local EventBridge Scheduler endpoint the handlers' SchedulerClient talks to. */
  schedulerEndpoint: string
  /** The local S3 (s3rver) and the case-files bucket in it. */
  s3: Pick<LocalS3, 'endpoint' | 'bucket' | 'settled'>
  /** The table stream: `settled()` waits until every event written so far was handled (mail sent). */
  stream: Pick<LocalTableStream, 'settled' | 'deadLetters'>
  /** aws-ses-v2-local: the SES endpoint and the mail sent through it. */
  ses: { endpoint: string; sentMail(): Promise<LocalMail[]> }
  /** The local EventBridge endpoint: what was published on the stage's bus; fault injection for tests. */
  eventBus: Pick<LocalEventBridge, 'url' | 'busName' | 'busArn' | 'published' | 'failNextPuts'>
  /** The webhook delivery queue: its messages and dead letters; `idle()` waits for deliveries in flight. */
  webhookQueue: Pick<
    LocalSqsQueue,
    'url' | 'queueUrl' | 'queueArn' | 'messages' | 'deadLetters' | 'deliverDue' | 'deliveryCount' | 'idle'
  >
  issuer: TokenIssuer
  stop(): Promise<void>
}

/**
 * CORS as the HTTP API answers it, for any origin: locally every portal under development may call.
 * Returns whether the request came from a browser origin.
 */
function allowCors(request: IncomingMessage, response: ServerResponse): boolean {
  const origin = request.headers.origin
  if (!origin) return false
  response.setHeader('access-control-allow-origin', origin)
  response.setHeader('vary', 'origin')
  response.setHeader('access-control-expose-headers', corsExposeHeaders.join(','))
  if (request.method === 'OPTIONS') {
    response.setHeader('access-control-allow-methods', 'GET,HEAD,POST,PUT,PATCH,DELETE')
    response.setHeader('access-control-allow-headers', corsAllowHeaders.join(','))
    response.setHeader('access-control-max-age', String(corsMaxAgeSeconds))
  }
  return true
}

async function verifiedClaims(request: IncomingMessage, issuer: TokenIssuer): Promise<JWTPayload> {
  const header = request.headers.authorization
  const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1]
  if (!token)
    throw new UnauthorizedError(
      'Send a bearer token in the Authorization header (POST /local/token gives one).',
    )
  const claims = await issuer.verify(token)
  if (!claims) throw new UnauthorizedError('The bearer token is invalid or has expired.')
  return claims
}

/**
 * What every request but `/health` gets while the runtime starts (or stops): 503 at once, with
 * `Retry-After`, rather than a connection held open until start-up ends.
 */
export const startingProblem = () =>
  problemResponse(
    new AppError(503, 'starting', 'Starting', 'The local runtime is still starting.', {
      headers: { 'retry-after': '1' },
    }),
  )

/**
 * Runs the whole backend on this machine: the local services (local/services.ts), the table from
 * the one table definition, the demo seed, a token issuer, and an HTTP server that turns each
 * request into the API Gateway event the route's Lambda handler receives in AWS, beside the local
 * runtime's own routes (local/admin-routes.ts). The handlers read the environment
 * `localHandlerEnvironment` sets (local/environment.ts), as Lambda functions read theirs.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  let ready = false
  /** The request handling, once the services it needs are up. */
  let handle: ((request: IncomingMessage, response: ServerResponse) => Promise<void>) | undefined
  const health = healthRoute(() => ready)
  /** Until then `/health` says so and everything else gets 503, rather than hanging until start-up ends. */
  const whileStarting = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname
    if (request.method === 'GET' && path === '/health') return health.handle(request, response)
    send(response, startingProblem())
  }
  const server: Server = createServer((request, response) => {
    const started = performance.now()
    ;(handle ?? whileStarting)(request, response)
      .catch((error: unknown) => {
        if (!response.headersSent) send(response, problemResponse(error))
      })
      .finally(() => {
        if (options.logRequests) {
          console.log(
            `${request.method} ${request.url} → ${response.statusCode} (${(performance.now() - started).toFixed(0)} ms)`,
          )
        }
      })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 3000, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const url = `http://localhost:${port}`

  let services: LocalServices | undefined
  let stopTicking = () => {}
  try {
    const loadHandler = handlerLoader()
    // The entries of the entries table, invoked by the local stand-ins of their triggers.
    const targets = entryTargets(loadHandler)
    services = await startLocalServices({
      dynamodbEndpoint: options.dynamodbEndpoint,
      invokeTimer: options.invokeTimer ?? targets.fireTimer,
      notifyUpload: targets.fileReady,
      deliverWebhook: options.invokeWebhookDelivery ?? targets.deliverWebhook,
    })
    const { dynamodbEndpoint, scheduler: timers, s3: files, ses: mail, eventBus, webhookQueue } = services
    const tableName = options.tableName ?? localStage.tableName

    // The handlers read this at their cold start, exactly as Lambda functions read their configuration.
    Object.assign(
      process.env,
      localHandlerEnvironment({
        apiUrl: url,
        tableName,
        dynamodbEndpoint,
        schedulerEndpoint: timers.url,
        filesBucket: files.bucket,
        s3Endpoint: files.endpoint,
        sesEndpoint: mail.endpoint,
        eventBridgeEndpoint: eventBus.url,
        sqsEndpoint: webhookQueue.url,
        webhookQueueUrl: webhookQueue.queueUrl,
        webhookQueueArn: webhookQueue.queueArn,
      }),
    )

    await ensureTable(dynamodbEndpoint, tableName)
    recordTableAsStageTable(tableName)
    const directory = createDirectoryRepository(
      createDocumentClient({ region: localStage.region, endpoint: dynamodbEndpoint }),
      tableName,
    )
    await seedDemo(directory)
    const events = await services.startTableStream({
      tableName,
      ...options.stream,
      invoke: options.invokeStream ?? targets.tableStream,
    })
    // E-mail in: POST /local/inbound-mail stores the raw message and invokes the mail-in handler with
    // the SES receipt event (verdicts passing), as the receipt rule's S3 and Lambda actions do.
    const inboundMail = createLocalInboundMail({
      s3Endpoint: files.endpoint,
      bucket: localStage.inboundMail.bucket,
      prefix: localStage.inboundMail.prefix,
      credentials: { accessKeyId: localStage.accessKey.id, secretAccessKey: localStage.accessKey.secret },
      region: localStage.region,
      invoke: targets.mailIn,
    })
    const issuer = await createTokenIssuer(`${url}/local`)
    const router = createRouter(routeList)

    /** One line per timer fired, with the request log. */
    function logFired(fired: FiredTimer[]): void {
      if (!options.logRequests) return
      for (const timer of fired)
        console.log(
          `timer ${timer.name} (due ${timer.dueAt ?? timer.scheduledAt}) → ${timer.outcome}${timer.error ? `: ${timer.error}` : ''}`,
        )
    }

    // The daily retention rule's stand-in: clock moves past a UTC midnight run it (docs/privacy.md).
    const daily = createLocalDailySchedule(targets.purgeEndedCases, localClock.now(), {
      region: localStage.region,
      account: '000000000000',
      ruleArn: localStage.retentionRuleArn,
    })

    const localRoutes = adminRoutes({
      isReady: () => ready,
      issuer,
      directory,
      scheduler: timers,
      stream: events,
      ses: mail,
      inboundMail,
      eventBus,
      webhookQueue,
      daily,
      onFired: logFired,
    })

    handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
      const method = request.method ?? 'GET'
      const path = new URL(request.url ?? '/', url).pathname
      if (allowCors(request, response) && method === 'OPTIONS') {
        response.writeHead(204).end()
        return
      }
      const localRoute = localRoutes.get(`${method} ${path}`)
      if (localRoute?.whileStarting) return localRoute.handle(request, response)
      if (!ready) return send(response, startingProblem())
      if (localRoute) return localRoute.handle(request, response)

      // HEAD is GET without the body: the GET route's handler answers, and Node's response to a
      // HEAD request sends its headers (Content-Length included) but never the body. In AWS each
      // GET route has a HEAD route to the same function (docs/architecture.md, API conventions).
      const match = router.match(method === 'HEAD' ? 'GET' : method, path)
      const body = await readBody(request)
      if (!match) {
        const event = toHttpApiEvent({
          request,
          body,
          routeKey: '$default',
          pathParameters: {},
          claims: undefined,
        })
        const answer = await invokeAs(entries.notFound, async () => {
          const notFound = await loadHandler(entries.notFound.handler)
          return notFound(event, lambdaContext(entries.notFound.name))
        })
        return send(response, answer)
      }
      // API Gateway's JWT authorizer rejects before the function runs; so does this.
      const claims = match.route.access.kind === 'public' ? undefined : await verifiedClaims(request, issuer)
      const event = toHttpApiEvent({
        request,
        body,
        // The route API Gateway matched: a HEAD request comes in through the GET route's HEAD twin.
        routeKey: `${method === 'HEAD' ? 'HEAD' : match.route.method} ${match.route.path}`,
        pathParameters: match.pathParameters,
        claims,
      })
      const { route } = match
      const answer = await invokeAs({ handler: route.handler, name: route.operationId }, async () => {
        const handler = await loadHandler(route.handler)
        return handler(event, lambdaContext(route.operationId))
      })
      send(response, answer)
    }

    ready = true

    // Timers also fire, and queued deliveries go out, by themselves as real time passes, as in AWS.
    const stopTimers = startTimerTicker(timers, options.timerTickMs ?? 1000, logFired, webhookQueue)
    // And the daily job, when real time passes a UTC midnight while the server runs.
    const dailyTicker =
      (options.timerTickMs ?? 1000) > 0
        ? setInterval(() => void daily.runIfDue(localClock.now()), 60_000)
        : undefined
    stopTicking = () => {
      stopTimers()
      clearInterval(dailyTicker)
    }

    const running = services
    return {
      url,
      port,
      tableName,
      dynamodbEndpoint,
      schedulerEndpoint: timers.url,
      s3: files,
      stream: events,
      ses: mail,
      eventBus,
      webhookQueue,
      issuer,
      async stop() {
        ready = false
        stopTicking()
        server.closeAllConnections()
        await new Promise<void>((resolve) => server.close(() => resolve()))
        await running.stop()
      },
    }
  } catch (error) {
    stopTicking()
    server.close()
    await services?.stop()
    throw error
  }
}
