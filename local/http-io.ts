import type { IncomingMessage, ServerResponse } from 'node:http'
import type { APIGatewayProxyResultV2 } from 'aws-lambda'
import { AppError } from '#src/domain/errors.ts'
import type { HttpResult } from '#src/http/http-handler.ts'

/** The HTTP API's body limit (docs/deploy.md, limits). */
const maxBodyBytes = 10 * 1024 * 1024

/** The request body, refused with 413 beyond `limitBytes`. */
export async function readBody(request: IncomingMessage, limitBytes = maxBodyBytes): Promise<Buffer> {
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

/** Writes a handler's result as API Gateway would. */
export function send(response: ServerResponse, result: APIGatewayProxyResultV2): void {
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

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, {
    statusCode: status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}
