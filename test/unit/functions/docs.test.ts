import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { handler as docsAsset } from '#functions/docs/docs-asset.ts'
import { handler as docsPage } from '#functions/docs/docs-page.ts'
import { handler as openApiJson } from '#functions/docs/openapi-json.ts'
import { docsAssets } from '#src/http/docs-routes.ts'
import type { HttpEvent, HttpResult } from '#src/http/http-handler.ts'
import { routeList } from '#src/http/routes.ts'
import { httpEvent, lambdaContext } from '../http/events.ts'

/** A browser's GET, as API Gateway passes it to a route without authorizer. */
function get(
  path: string,
  headers: Record<string, string> = {},
  pathParameters?: Record<string, string>,
): HttpEvent {
  const event = httpEvent({ method: 'GET', path, headers, ...(pathParameters && { pathParameters }) })
  delete (event.requestContext as { authorizer?: unknown }).authorizer
  delete event.headers.authorization
  return event
}

const invoke = async (handler: typeof docsPage, event: HttpEvent) =>
  (await handler(event, lambdaContext)) as HttpResult

const packageFile = (file: string) => readFileSync(createRequire(import.meta.url).resolve(file))

describe('GET /openapi.json', () => {
  it('serves the document of the route table, with the API that served it as first server', async () => {
    // Act
    const result = await invoke(openApiJson, get('/openapi.json'))

    // Assert
    expect(result.statusCode).toBe(200)
    expect(result.headers).toMatchObject({ 'content-type': 'application/json', 'cache-control': 'no-cache' })
    const document = JSON.parse(result.body ?? '')
    expect(document.openapi).toBe('3.1.0')
    expect(document.servers.map((server: { url: string }) => server.url)).toEqual([
      'https://abc123.execute-api.eu-central-1.amazonaws.com',
      'http://localhost:3000',
    ])
    const operationIds = Object.values(document.paths).flatMap((item) =>
      Object.values(item as Record<string, { operationId: string }>).map((op) => op.operationId),
    )
    expect(operationIds.sort()).toEqual(routeList.map((route) => route.operationId).sort())
  })

  it('answers 304 when the client has the current version', async () => {
    // Arrange
    const first = await invoke(openApiJson, get('/openapi.json'))
    const etag = String(first.headers?.etag)

    // Act
    const again = await invoke(openApiJson, get('/openapi.json', { 'if-none-match': etag }))

    // Assert
    expect(etag).toMatch(/^"[\w-]+"$/)
    expect(again).toMatchObject({ statusCode: 304, headers: { etag } })
    expect(again.body).toBeUndefined()
  })
})

describe('GET /docs', () => {
  it('is an HTML page that loads only allow-listed assets and allows only its own start script', async () => {
    // Act
    const result = await invoke(docsPage, get('/docs'))

    // Assert
    expect(result.statusCode).toBe(200)
    expect(result.headers?.['content-type']).toBe('text/html; charset=utf-8')
    const html = result.body ?? ''
    const referenced = [...html.matchAll(/(?:src|href)="docs\/assets\/([^"]+)"/g)].map((m) => m[1])
    expect(referenced.sort()).toEqual(Object.keys(docsAssets).sort())
    expect(html).not.toMatch(/https?:\/\//)
    const inline = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? ''
    expect(inline).toContain("url: 'openapi.json'")
    const hash = createHash('sha256').update(inline).digest('base64')
    const csp = String(result.headers?.['content-security-policy'])
    expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`)
    expect(csp).toContain("default-src 'none'")
  })
})

describe('GET /docs/assets/{file}', () => {
  it.each(Object.entries(docsAssets))('serves %s compressed, with its media type', async (file, asset) => {
    // Act
    const result = await invoke(
      docsAsset,
      get(`/docs/assets/${file}`, { 'accept-encoding': 'gzip, br' }, { file }),
    )

    // Assert
    expect(result.statusCode).toBe(200)
    expect(result.headers).toMatchObject({
      'content-type': asset.contentType,
      'content-encoding': 'gzip',
      'x-content-type-options': 'nosniff',
    })
    expect(result.isBase64Encoded).toBe(true)
    const served = gunzipSync(Buffer.from(result.body ?? '', 'base64'))
    expect(served.equals(packageFile(asset.packageFile))).toBe(true)
  })

  it('serves it plain to a client that does not take gzip, and 304 for a current copy', async () => {
    // Arrange
    const event = get(
      '/docs/assets/swagger-ui.css',
      { 'accept-encoding': 'identity' },
      { file: 'swagger-ui.css' },
    )

    // Act
    const plain = await invoke(docsAsset, event)
    const cached = await invoke(
      docsAsset,
      get(
        '/docs/assets/swagger-ui.css',
        { 'if-none-match': String(plain.headers?.etag) },
        { file: 'swagger-ui.css' },
      ),
    )

    // Assert
    expect(plain.headers?.['content-encoding']).toBeUndefined()
    expect(plain.body === packageFile('swagger-ui-dist/swagger-ui.css').toString('utf8')).toBe(true)
    expect(cached.statusCode).toBe(304)
  })

  it.each(['index.html', '..%2Fpackage.json', 'swagger-ui-bundle.js.map'])(
    'refuses %s, which is not allow-listed',
    async (file) => {
      // Act
      const result = await invoke(docsAsset, get(`/docs/assets/${file}`, {}, { file }))

      // Assert
      expect(result.statusCode).toBe(400)
      expect(result.headers?.['content-type']).toBe('application/problem+json')
    },
  )
})
