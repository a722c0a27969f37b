import { createHash } from 'node:crypto'
import { ifNoneMatchMatches } from '#src/http/conditional-requests.ts'
import { docsRoutes } from '#src/http/docs-routes.ts'
// Built on src/http alone: this function reads no data, so its bundle (100 KB) carries no AWS SDK.
import { publicHttpHandler } from '#src/http/http-handler.ts'

/**
 * Starts Swagger UI on the document. URLs are relative to `/docs`, so the page also works below
 * a custom domain's base path. No validator badge: it would send the document to a third party.
 */
const startScript = `window.ui = SwaggerUIBundle({
  url: 'openapi.json',
  dom_id: '#reference',
  deepLinking: true,
  displayOperationId: true,
  defaultModelsExpandDepth: 0,
  validatorUrl: null,
})`

const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Caseline API reference</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="docs/assets/swagger-ui.css">
  </head>
  <body>
    <div id="reference"></div>
    <script src="docs/assets/swagger-ui-bundle.js"></script>
    <script>${startScript}</script>
  </body>
</html>
`

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64')

/**
 * Everything comes from this API: its own scripts (the start script by hash), its styles (Swagger
 * UI sets inline styles), images inlined as data URIs, and fetches of /openapi.json and of the
 * API itself when trying a request.
 */
const contentSecurityPolicy = [
  "default-src 'none'",
  `script-src 'self' 'sha256-${sha256(startScript)}'`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

const etag = `"${sha256(page).slice(0, 27)}"`

const pageHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
  etag,
}

/** `GET /docs`: the API reference, rendered in the browser by Swagger UI from `/openapi.json`. */
export const handler = publicHttpHandler(docsRoutes.getApiReference, async ({ headers }) => {
  if (ifNoneMatchMatches(headers['if-none-match'], etag)) return { status: 304, headers: pageHeaders }
  return { body: page, headers: pageHeaders }
})
