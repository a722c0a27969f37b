import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { gzipSync } from 'node:zlib'
import { ifNoneMatchMatches } from '#src/http/conditional-requests.ts'
import { type DocsAssetName, docsAssets, docsRoutes } from '#src/http/docs-routes.ts'
// Built on src/http alone: this function reads no data, so its bundle (100 KB) carries no AWS SDK.
import { publicHttpHandler } from '#src/http/http-handler.ts'

/**
 * Resolves a package file as Node does: from the project's node_modules locally, and in Lambda
 * from the bundle's own node_modules, where the CDK bundling copies the allow-listed files.
 */
const resolvePackageFile = createRequire(import.meta.url).resolve

interface LoadedAsset {
  text: string
  /** Compressed once per cold start: Swagger UI's bundle shrinks from 1.7 MB to about 460 KB. */
  gzipBase64: string
  etag: string
}

const loaded = new Map<DocsAssetName, LoadedAsset>()

function load(name: DocsAssetName): LoadedAsset {
  let asset = loaded.get(name)
  if (!asset) {
    const bytes = readFileSync(resolvePackageFile(docsAssets[name].packageFile))
    asset = {
      text: bytes.toString('utf8'),
      gzipBase64: gzipSync(bytes).toString('base64'),
      etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`,
    }
    loaded.set(name, asset)
  }
  return asset
}

const acceptsGzip = (header: string | undefined) =>
  header?.split(',').some((coding) => /^\s*gzip\s*(;\s*q=(?!0(\.0*)?\s*$)[\d.]+\s*)?$/i.test(coding)) ?? false

/**
 * `GET /docs/assets/{file}`: one of the renderer's files. The route's schema admits only the
 * allow-listed names, so no request can name any other file.
 */
export const handler = publicHttpHandler(docsRoutes.getApiReferenceAsset, async ({ params, headers }) => {
  const asset = load(params.file)
  const common = {
    etag: asset.etag,
    // The file changes only with the package version, i.e. with a deployment.
    'cache-control': 'public, max-age=86400',
    vary: 'accept-encoding',
    'x-content-type-options': 'nosniff',
  }
  if (ifNoneMatchMatches(headers['if-none-match'], asset.etag)) return { status: 304, headers: common }
  const contentType = { 'content-type': docsAssets[params.file].contentType }
  if (acceptsGzip(headers['accept-encoding'])) {
    return {
      body: asset.gzipBase64,
      isBase64Encoded: true,
      headers: { ...common, ...contentType, 'content-encoding': 'gzip' },
    }
  }
  return { body: asset.text, headers: { ...common, ...contentType } }
})
