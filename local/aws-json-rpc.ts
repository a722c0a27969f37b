import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * The wire side shared by the local EventBridge and SQS endpoints: the AWS JSON RPC protocols
 * (`awsJson1_0`, `awsJson1_1`) as the SDK clients speak them. Every call is `POST /` with the
 * operation in `X-Amz-Target: <Service>.<Operation>` and a JSON body; the answer is JSON, and an
 * error names its type in `__type` (and `x-amzn-errortype`), from which the SDK builds the
 * modelled exception.
 */

/** Most an operation of these stand-ins accepts: SQS's and EventBridge's own request limits are far below. */
const maxBodyBytes = 1024 * 1024

/** An error the SDK turns into the service's exception, by its `__type`. */
export class AwsJsonError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    /** `x-amzn-query-error` for query-compatible services (SQS): `<Code>;<Sender|Receiver>`. */
    readonly queryError?: string,
  ) {
    super(message)
    this.name = 'AwsJsonError'
  }
}

/** One operation: the parsed JSON input in, the JSON output back. */
export type JsonOperation = (input: Record<string, unknown>) => unknown

export interface AwsJsonServiceOptions {
  /** `1.0` (SQS) or `1.1` (EventBridge): the `application/x-amz-json-<version>` content type. */
  protocolVersion: '1.0' | '1.1'
  /** The `X-Amz-Target` prefix: `AWSEvents`, `AmazonSQS`. */
  targetPrefix: string
  operations: Readonly<Record<string, JsonOperation>>
  /** Builds the error answered for a target outside `operations`. */
  unknownOperation?: (target: string) => AwsJsonError
}

/** A running stand-in: its base URL for the client's `endpoint`, and its stop. */
export interface AwsJsonServer {
  url: string
  stop(): Promise<void>
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > maxBodyBytes) throw new AwsJsonError(413, 'RequestEntityTooLarge', 'Request body too large.')
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  try {
    const body: unknown = text ? JSON.parse(text) : {}
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object')
    return body as Record<string, unknown>
  } catch {
    throw new AwsJsonError(400, 'SerializationException', 'The request body is not a JSON object.')
  }
}

function respond(
  response: ServerResponse,
  contentType: string,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = Buffer.from(JSON.stringify(body))
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': String(payload.length),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  })
  response.end(payload)
}

/** The HTTP request listener that answers `options.operations`. */
export function awsJsonListener(options: AwsJsonServiceOptions) {
  const contentType = `application/x-amz-json-${options.protocolVersion}`
  const unknown =
    options.unknownOperation ??
    ((target: string) =>
      new AwsJsonError(400, 'UnknownOperationException', `The local endpoint does not answer ${target}.`))
  return (request: IncomingMessage, response: ServerResponse): void => {
    const target = String(request.headers['x-amz-target'] ?? '')
    const [prefix, name = ''] = target.split('.')
    const operation =
      request.method === 'POST' && prefix === options.targetPrefix && Object.hasOwn(options.operations, name)
        ? options.operations[name]
        : undefined
    readJson(request)
      .then((input) => {
        if (!operation) throw unknown(target || `${request.method} ${request.url}`)
        return operation(input)
      })
      .then((output) => respond(response, contentType, 200, output ?? {}))
      .catch((error: unknown) => {
        if (error instanceof AwsJsonError)
          respond(
            response,
            contentType,
            error.status,
            { __type: error.type, message: error.message },
            {
              'x-amzn-errortype': error.type,
              ...(error.queryError && { 'x-amzn-query-error': error.queryError }),
            },
          )
        else
          respond(
            response,
            contentType,
            500,
            { __type: 'InternalFailure', message: String(error) },
            { 'x-amzn-errortype': 'InternalFailure' },
          )
      })
  }
}

/** Starts `listener` on a free loopback port (port 0: the system hands one over, with no window to lose it). */
export async function startAwsJsonServer(
  listener: ReturnType<typeof awsJsonListener>,
): Promise<AwsJsonServer> {
  const server: Server = createServer(listener)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
