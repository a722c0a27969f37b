import * as z from '#src/zod.ts'
import { defineRoute, publicAccess, type RouteDefinition } from './route-table.ts'
import { HtmlPage } from './schemas/pages.ts'

/**
 * The renderer's files that `GET /docs/assets/{file}` serves: a strict allow-list. Each names the
 * file inside `node_modules` (where the local runtime reads it, and from where the CDK bundling
 * copies it next to the function's bundle) and the media type it is served as.
 */
export const docsAssets = {
  'swagger-ui-bundle.js': {
    packageFile: 'swagger-ui-dist/swagger-ui-bundle.js',
    contentType: 'text/javascript; charset=utf-8',
  },
  'swagger-ui.css': {
    packageFile: 'swagger-ui-dist/swagger-ui.css',
    contentType: 'text/css; charset=utf-8',
  },
} as const
export type DocsAssetName = keyof typeof docsAssets

export const DocsAssetParams = z.object({
  file: z.enum(Object.keys(docsAssets) as [DocsAssetName, ...DocsAssetName[]]).register(z.globalRegistry, {
    description: 'A file of the renderer: only these names are served (400 otherwise)',
  }),
})

/** Any OpenAPI 3.1 document; its structure is the OpenAPI specification's, not ours to restate. */
const OpenApiDocument = z.record(z.string(), z.unknown()).register(z.globalRegistry, {
  description: 'An OpenAPI 3.1 document (https://spec.openapis.org/oas/v3.1.0)',
})

const DocsAsset = z.union([
  z.string().register(z.globalRegistry, { contentMediaType: 'text/javascript' }),
  z.string().register(z.globalRegistry, { contentMediaType: 'text/css' }),
])

/**
 * The API's own reference: the OpenAPI document generated from the route table, and a page that
 * renders it. Public, like `GET /health`: neither reads data nor takes a token.
 */
export const docsRoutes = {
  getOpenApiDocument: defineRoute({
    operationId: 'getOpenApiDocument',
    method: 'GET',
    path: '/openapi.json',
    handler: 'docs/openapi-json',
    access: publicAccess,
    summary: "This API's OpenAPI 3.1 document, generated from the route table",
    request: {},
    response: { status: 200, body: OpenApiDocument },
  }),
  getApiReference: defineRoute({
    operationId: 'getApiReference',
    method: 'GET',
    path: '/docs',
    handler: 'docs/docs-page',
    access: publicAccess,
    summary: 'The API reference, rendered in the browser from /openapi.json',
    request: {},
    response: { status: 200, body: HtmlPage },
  }),
  getApiReferenceAsset: defineRoute({
    operationId: 'getApiReferenceAsset',
    method: 'GET',
    path: '/docs/assets/{file}',
    handler: 'docs/docs-asset',
    access: publicAccess,
    summary: "A file of the API reference's renderer (an allow-list of its script and style sheet)",
    request: { params: DocsAssetParams },
    response: { status: 200, body: DocsAsset },
  }),
} satisfies Record<string, RouteDefinition>

/**
 * Files a handler reads at run time, by handler module (paths inside `node_modules`). The CDK
 * bundling copies them into the function's own `node_modules`, so the handler resolves them the
 * same way in Lambda as in the local runtime. The package's licence travels with its files.
 */
export const handlerRuntimeFiles: Readonly<Record<string, readonly string[]>> = {
  [docsRoutes.getApiReferenceAsset.handler]: [
    ...Object.values(docsAssets).map((asset) => asset.packageFile),
    'swagger-ui-dist/package.json',
    'swagger-ui-dist/LICENSE',
  ],
}
