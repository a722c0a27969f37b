import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { routePathPattern } from '#src/http/route-paths.ts'
import { routeList } from '#src/http/routes.ts'
import type { ApiResponse } from './local-api.ts'

interface ResponseObject {
  $ref?: string
  content?: Record<string, { schema: unknown }>
}

export interface OpenApiDocument {
  openapi: string
  servers: { url: string }[]
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, ResponseObject> }>>
}

/** JSON pointer escaping (RFC 6901), for addressing a part of the document. */
const pointerToken = (token: string) => token.replaceAll('~', '~0').replaceAll('/', '~1')

/**
 * Checks API responses against the document the API serves: each body must match the schema of
 * its operation, status and media type, resolved with the document's own `$ref`s.
 */
export class ResponseValidator {
  readonly #ajv = new Ajv2020({ strict: false, allErrors: true })

  constructor(private readonly document: OpenApiDocument) {
    addFormats.default(this.#ajv)
    this.#ajv.addSchema(document, 'openapi.json')
  }

  /** The pointer to the body schema of an operation's response, following a shared response `$ref`. */
  schemaPointer(operationId: string, status: number, mediaType: string): string {
    for (const [path, item] of Object.entries(this.document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (operation.operationId !== operationId) continue
        const response = operation.responses[String(status)]
        if (!response) throw new Error(`${operationId} documents no ${status} response`)
        const base = response.$ref ?? `#/paths/${pointerToken(path)}/${method}/responses/${status}`
        return `${base}/content/${pointerToken(mediaType)}/schema`
      }
    }
    throw new Error(`No operation ${operationId}`)
  }

  errors(operationId: string, response: ApiResponse): unknown[] {
    const mediaType = response.headers.get('content-type')?.split(';')[0] ?? 'application/json'
    const validate = this.#ajv.compile({
      $ref: `openapi.json${this.schemaPointer(operationId, response.status, mediaType)}`,
    })
    return validate(response.body) ? [] : (validate.errors ?? [])
  }
}

/** The route table's routes with their path patterns, to name the operation a request called. */
const routePatterns = routeList.map((route) => ({ route, ...routePathPattern(route.path) }))

/** The operation a request called, by method and path (query left off), if the route table has one. */
export function operationOf(method: string, path: string): string | undefined {
  const bare = path.split('?')[0] ?? path
  const verb = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase()
  return routePatterns.find(({ route, pattern }) => route.method === verb && pattern.test(bare))?.route
    .operationId
}

/** Media types whose bodies the validator reads as one JSON document. */
const jsonMediaTypes = new Set(['application/json', 'application/problem+json'])

let sharedValidator: ResponseValidator | undefined

/**
 * Checks one answer of an integration journey against the committed document (docs/openapi.json,
 * which a unit test keeps equal to the route table's): what a JSON answer of an operation in the
 * route table holds must match the schema of its status. Answers to `/local/*`, pages, NDJSON and
 * bodiless answers are not documented JSON and are passed over. Answers the list of violations.
 */
export function documentViolations(method: string, path: string, response: ApiResponse): string[] {
  const operationId = operationOf(method, path)
  if (!operationId || response.body === undefined) return []
  const mediaType = response.headers.get('content-type')?.split(';')[0] ?? ''
  if (!jsonMediaTypes.has(mediaType)) return []
  sharedValidator ??= new ResponseValidator(
    JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8')) as OpenApiDocument,
  )
  try {
    const errors = sharedValidator.errors(operationId, response)
    return errors.length
      ? [`${method} ${path} → ${response.status} (${operationId}): ${JSON.stringify(errors).slice(0, 400)}`]
      : []
  } catch (error) {
    return [`${method} ${path} → ${response.status} (${operationId}): ${(error as Error).message}`]
  }
}
