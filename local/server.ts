import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { APIGatewayProxyResultV2 } from 'aws-lambda'
import type { JWTPayload } from 'jose'
import * as z from 'zod'
import { createDocumentClient } from '#src/adapters/dynamodb/client.ts'
import {
  createDirectoryRepository,
  type DirectoryRepository,
} from '#src/adapters/dynamodb/directory-repository.ts'
import { createTableInput } from '#src/adapters/dynamodb/table-definition.ts'
import { localClock } from '#src/adapters/local-clock.ts'
import { AppError, ForbiddenError, NotFoundError, UnauthorizedError } from '#src/domain/errors.ts'
import { corsAllowHeaders, corsExposeHeaders, corsMaxAgeSeconds } from '#src/http/cors.ts'
import type { HttpEvent, HttpResult } from '#src/http/http-handler.ts'
import { problemResponse } from '#src/http/problem.ts'
import { parseJsonBody, parseRequestPart } from '#src/http/request.ts'
import { routeList } from '#src/http/routes.ts'
import { lambdaContext, toHttpApiEvent } from './api-gateway-event.ts'
import { moveLocalClock } from './clock-route.ts'
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.ts'
import { createLocalInboundMail } from './inbound-mail.ts'
import { createRouter } from './router.ts'
import { type LocalS3, type S3NotificationEvent, startLocalS3 } from './s3-local.ts'
import {
  type InvokeTarget,
  type LocalSchedulerEndpoint,
  startSchedulerEndpoint,
} from './scheduler-endpoint.ts'
import { seedDemo } from './seed.ts'
import { type LocalMail, type LocalSes, startLocalSes } from './ses-local.ts'
import { type LocalTableStream, type StreamTarget, startLocalTableStream } from './table-stream.ts'
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
  issuer: TokenIssuer
  stop(): Promise<void>
}

type LambdaHandler = (
  event: HttpEvent,
  context: ReturnType<typeof lambdaContext>,
) => Promise<APIGatewayProxyResultV2>

/** The timer handler's signature: Scheduler invokes it with the schedule's Input as the event. */
type TimerHandler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>

/** Module under `functions/` that Scheduler invokes (the timer function in AWS). */
const timerHandlerModule = 'timers/fire-timer'

/** Module under `functions/` that S3 notifications of new uploads invoke (the file-ready function in AWS). */
const fileReadyHandlerModule = 'files/file-ready'

/** Module under `functions/` that SES's receipt rule invokes (the mail-in function in AWS). */
const mailInHandlerModule = 'mail/mail-in'

/** Module under `functions/` that the table stream invokes (the event handler in AWS). */
const streamHandlerModule = 'events/table-stream'

/** The demo's mail settings (DESIGN §1: `support@caseline.local` locally). */
const supportAddress = 'support@caseline.local'
const replyDomain = 'reply.caseline.local'
/** Where "SES" stores received mail locally, as the receipt rule's S3 action does in AWS. */
const inboundBucket = 'caseline-local-inbound'
const inboundPrefix = 'inbound/'
/** SES accepts messages of up to 40 MB; a raw message is about a third larger than its attachments. */
const maxInboundMailBytes = 40 * 1024 * 1024
const queueAddresses = {
  support: 'support-team@vendor.example',
  consulting: 'consulting-team@vendor.example',
}
const filesBucket = 'caseline-local-files'
const localAccessKey = { id: 'local', secret: 'local' }

const maxBodyBytes = 10 * 1024 * 1024
const region = 'us-east-1'

/** Imports a handler module the way Lambda does at cold start: once, on its first request. */
function handlerLoader() {
  const loaded = new Map<string, Promise<unknown>>()
  return <H = LambdaHandler>(module: string): Promise<H> => {
    let handler = loaded.get(module)
    if (!handler) {
      const url = new URL(`../functions/${module}.ts`, import.meta.url).href
      handler = import(url).then((m: { handler: H }) => m.handler)
      // A module that failed to load (not written yet, say) is tried again next time.
      handler.catch(() => loaded.delete(module))
      loaded.set(module, handler)
    }
    return handler as Promise<H>
  }
}

async function readBody(request: IncomingMessage, limitBytes = maxBodyBytes): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > limitBytes)
      throw new AppError(
        413,
        'payload-too-large',
        'Payload too large',
        `Request bodies are limited to ${limitBytes / 1024 / 1024} MB.`,
      )
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

function send(response: ServerResponse, result: APIGatewayProxyResultV2): void {
  const structured: HttpResult = typeof result === 'string' ? { statusCode: 200, body: result } : result
  const body = structured.body
    ? Buffer.from(structured.body, structured.isBase64Encoded ? 'base64' : 'utf8')
    : Buffer.alloc(0)
  response.writeHead(structured.statusCode ?? 200, {
    ...(typeof result === 'string' ? { 'content-type': 'application/json' } : {}),
    ...(structured.headers as Record<string, string>),
    ...(structured.cookies?.length ? { 'set-cookie': structured.cookies } : {}),
    'content-length': String(body.length),
  })
  response.end(body)
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, {
    statusCode: status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
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
    response.setHeader('access-control-allow-methods', 'GET,POST,PUT,PATCH,DELETE')
    response.setHeader('access-control-allow-headers', corsAllowHeaders.join(','))
    response.setHeader('access-control-max-age', String(corsMaxAgeSeconds))
  }
  return true
}

async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region })
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }))
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFoundException') throw error
    await client.send(new CreateTableCommand(createTableInput(tableName)))
  } finally {
    client.destroy()
  }
}

const TokenRequest = z.strictObject({ email: z.email() })

/** `POST /local/token`: a real signed token for a known, active demo or registered user (DESIGN §3). */
async function issueToken(
  body: Buffer,
  directory: DirectoryRepository,
  issuer: TokenIssuer,
): Promise<string> {
  const { email } = parseRequestPart(TokenRequest, parseJsonBody(body.toString('utf8'), false), 'body')
  const owner = await directory.findEmailOwner(email)
  if (owner?.kind === 'contact') {
    const contact = await directory.findContact(owner.userId)
    if (!contact) throw new NotFoundError(`No user has the address ${email}.`)
    if (!contact.active) throw new ForbiddenError(`The contact ${email} has been deactivated.`)
    return issuer.issue({
      sub: contact.id,
      email: contact.email,
      groups: [contact.role],
      accountId: contact.accountId,
    })
  }
  if (owner?.kind === 'staff') {
    const member = await directory.findStaffMember(owner.userId)
    if (!member) throw new NotFoundError(`No user has the address ${email}.`)
    if (!member.active) throw new ForbiddenError(`The user ${email} has been deactivated.`)
    return issuer.issue({ sub: member.id, email: member.email, groups: [member.role] })
  }
  throw new NotFoundError(`No user has the address ${email}.`)
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
 * Runs the whole backend on this machine: DynamoDB Local, the table from the one table definition,
 * the demo seed, a token issuer, and an HTTP server that turns each request into the API Gateway
 * event the route's Lambda handler receives in AWS.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  let ready = false
  const server: Server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 3000, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const url = `http://localhost:${port}`

  let dynamodb: DynamoDbLocal | undefined
  let scheduler: LocalSchedulerEndpoint | undefined
  let s3: LocalS3 | undefined
  let ses: LocalSes | undefined
  let stream: LocalTableStream | undefined
  let ticker: NodeJS.Timeout | undefined
  try {
    if (!options.dynamodbEndpoint) dynamodb = await startDynamoDbLocal()
    const loadHandler = handlerLoader()
    // Timers: the local Scheduler endpoint invokes the timer handler as Scheduler invokes the Lambda
    // function, with the schedule's Input as the event.
    scheduler = await startSchedulerEndpoint({
      region,
      // Timers are set by the event handler on the table stream: wait for it between deliveries.
      afterDelivery: () => stream?.settled() ?? Promise.resolve(),
      invoke:
        options.invokeTimer ??
        (async (input) => {
          const handler = await loadHandler<TimerHandler>(timerHandlerModule)
          return handler(input, lambdaContext('fire-timer', 10_000))
        }),
    })
    const timers = scheduler
    // Case files: s3rver, whose notifications of new uploads invoke the file-ready handler with the
    // S3 event, as S3 (through EventBridge) invokes the function in AWS.
    s3 = await startLocalS3({
      bucket: filesBucket,
      accessKeyId: localAccessKey.id,
      secretAccessKey: localAccessKey.secret,
      notify: async (event) => {
        const handler =
          await loadHandler<(e: S3NotificationEvent, c: unknown) => Promise<unknown>>(fileReadyHandlerModule)
        return handler(event, lambdaContext('file-ready', 30_000))
      },
      onFailure: (event, error) =>
        console.error('file-ready failed for', event.Records.map((r) => r.s3.object.key).join(', '), error),
    })
    const files = s3
    ses = await startLocalSes()
    const mail = ses
    const dynamodbEndpoint = options.dynamodbEndpoint ?? (dynamodb as DynamoDbLocal).endpoint
    const tableName = options.tableName ?? 'caseline-local'

    // The handlers read this at their cold start, exactly as Lambda functions read their configuration.
    Object.assign(process.env, {
      TABLE_NAME: tableName,
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: localAccessKey.id,
      AWS_SECRET_ACCESS_KEY: localAccessKey.secret,
      DYNAMODB_ENDPOINT: dynamodbEndpoint,
      CURSOR_SECRET: randomBytes(32).toString('base64url'),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Timers: the SDK talks to the local endpoint; the ARNs are well-formed stand-ins that the
      // endpoint stores and the adapter passes on, as in AWS.
      SCHEDULER_ENDPOINT: timers.url,
      SCHEDULE_GROUP: 'caseline-local',
      TIMER_TARGET_ARN: `arn:aws:lambda:${region}:000000000000:function:caseline-local-fire-timer`,
      SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/caseline-local-scheduler',
      TIMER_DLQ_ARN: `arn:aws:sqs:${region}:000000000000:caseline-local-timer-dead-letters`,
      // Every handler reads the clock that POST /local/clock moves.
      CLOCK: 'local',
      // Case files: s3rver's bucket; the presigned URLs point at s3rver, reachable from this machine.
      FILES_BUCKET: files.bucket,
      S3_ENDPOINT: files.endpoint,
      // E-mail: aws-ses-v2-local; survey links point at this API (a portal's page in AWS).
      SES_ENDPOINT: mail.endpoint,
      MAIL_FROM: supportAddress,
      MAIL_REPLY_DOMAIN: replyDomain,
      MAIL_QUEUE_ADDRESSES: JSON.stringify(queueAddresses),
      SURVEY_URL: `${url}/v1/surveys/{token}`,
      // E-mail in: the bucket the receipt rule's S3 action writes to.
      INBOUND_MAIL_BUCKET: inboundBucket,
      INBOUND_MAIL_PREFIX: inboundPrefix,
    })

    await ensureTable(dynamodbEndpoint, tableName)
    const directory = createDirectoryRepository(
      createDocumentClient({ region, endpoint: dynamodbEndpoint }),
      tableName,
    )
    await seedDemo(directory)
    // The event handler reads the table's stream, as the Lambda event source mapping does in AWS.
    stream = await startLocalTableStream({
      endpoint: dynamodbEndpoint,
      region,
      credentials: { accessKeyId: localAccessKey.id, secretAccessKey: localAccessKey.secret },
      tableName,
      ...options.stream,
      invoke:
        options.invokeStream ??
        (async (event) => {
          const handler = await loadHandler<StreamTarget>(streamHandlerModule)
          return handler(event)
        }),
    })
    const events = stream
    // E-mail in: POST /local/inbound-mail stores the raw message and invokes the mail-in handler with
    // the SES receipt event (verdicts passing), as the receipt rule's S3 and Lambda actions do.
    const inboundMail = createLocalInboundMail({
      s3Endpoint: files.endpoint,
      bucket: inboundBucket,
      prefix: inboundPrefix,
      credentials: { accessKeyId: localAccessKey.id, secretAccessKey: localAccessKey.secret },
      region,
      invoke: async (event) => {
        const handler = await loadHandler<(e: unknown, c: unknown) => Promise<unknown>>(mailInHandlerModule)
        return handler(event, lambdaContext('mail-in', 60_000))
      },
    })
    const issuer = await createTokenIssuer(`${url}/local`)
    const router = createRouter(routeList)

    /** One line per timer fired, with the request log. */
    function logFired(fired: Awaited<ReturnType<LocalSchedulerEndpoint['fireDue']>>): void {
      if (!options.logRequests) return
      for (const timer of fired)
        console.log(
          `timer ${timer.name} (due ${timer.dueAt ?? timer.scheduledAt}) → ${timer.outcome}${timer.error ? `: ${timer.error}` : ''}`,
        )
    }

    const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
      const method = request.method ?? 'GET'
      const path = new URL(request.url ?? '/', url).pathname
      if (allowCors(request, response) && method === 'OPTIONS') {
        response.writeHead(204).end()
        return
      }
      if (method === 'GET' && path === '/health') {
        return sendJson(response, ready ? 200 : 503, {
          status: ready ? 'ok' : 'starting',
          services: {
            dynamodb: ready ? 'ready' : 'starting',
            scheduler: ready ? 'ready' : 'starting',
            s3: ready ? 'ready' : 'starting',
            ses: ready ? 'ready' : 'starting',
            stream: ready ? 'ready' : 'starting',
          },
        })
      }
      if (!ready)
        return send(
          response,
          problemResponse(new AppError(503, 'starting', 'Starting', 'The local runtime is still starting.')),
        )
      if (method === 'GET' && path === '/local/.well-known/jwks.json')
        return sendJson(response, 200, issuer.jwks())
      if (method === 'POST' && path === '/local/token') {
        return sendJson(response, 200, {
          token: await issueToken(await readBody(request), directory, issuer),
        })
      }
      // Timers (DESIGN §3): move the local clock and fire what became due; see what is pending.
      if (method === 'POST' && path === '/local/clock') {
        const moved = await moveLocalClock(
          parseJsonBody((await readBody(request)).toString('utf8'), false),
          timers,
          () => events.settled(),
        )
        logFired(moved.fired)
        return sendJson(response, 200, moved)
      }
      if (method === 'GET' && path === '/local/clock')
        return sendJson(response, 200, { now: localClock.now().toISOString() })
      if (method === 'GET' && path === '/local/timers') {
        await events.settled()
        return sendJson(response, 200, timers.timers())
      }
      // E-mail (DESIGN §3): what was sent, newest first, once the events written so far were handled.
      if (method === 'GET' && path === '/local/mail') {
        await events.settled()
        return sendJson(response, 200, await mail.sentMail())
      }
      if (method === 'POST' && path === '/local/inbound-mail')
        return sendJson(
          response,
          200,
          await inboundMail.deliver(await readBody(request, maxInboundMailBytes)),
        )
      if (method === 'GET' && path === '/local/dead-letters')
        return sendJson(response, 200, { stream: events.deadLetters() })

      const match = router.match(method, path)
      const body = await readBody(request)
      if (!match) {
        const notFound = await loadHandler('not-found')
        const event = toHttpApiEvent({
          request,
          body,
          routeKey: '$default',
          pathParameters: {},
          claims: undefined,
        })
        return send(response, await notFound(event, lambdaContext('not-found')))
      }
      // API Gateway's JWT authorizer rejects before the function runs; so does this.
      const claims = match.route.access.kind === 'public' ? undefined : await verifiedClaims(request, issuer)
      const event = toHttpApiEvent({
        request,
        body,
        routeKey: `${match.route.method} ${match.route.path}`,
        pathParameters: match.pathParameters,
        claims,
      })
      const handler = await loadHandler(match.route.handler)
      send(response, await handler(event, lambdaContext(match.route.operationId)))
    }

    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const started = performance.now()
      handle(request, response)
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
    ready = true

    // Timers also fire by themselves as real time passes, as they do in AWS.
    const tickMs = options.timerTickMs ?? 1000
    let ticking = false
    if (tickMs > 0) {
      ticker = setInterval(() => {
        if (ticking) return
        ticking = true
        timers
          .fireDue(localClock.now())
          .then(logFired)
          .catch((error: unknown) => console.error('firing timers failed', error))
          .finally(() => {
            ticking = false
          })
      }, tickMs)
    }

    return {
      url,
      port,
      tableName,
      dynamodbEndpoint,
      schedulerEndpoint: timers.url,
      s3: files,
      stream: events,
      ses: mail,
      issuer,
      async stop() {
        ready = false
        clearInterval(ticker)
        server.closeAllConnections()
        await new Promise<void>((resolve) => server.close(() => resolve()))
        // After any timer still firing or upload still being checked has finished: they may be writing to the table.
        await timers.stop()
        await files.stop()
        await events.stop()
        await mail.stop()
        await dynamodb?.stop()
      },
    }
  } catch (error) {
    clearInterval(ticker)
    server.close()
    await scheduler?.stop()
    await s3?.stop()
    await stream?.stop()
    await ses?.stop()
    await dynamodb?.stop()
    throw error
  }
}
