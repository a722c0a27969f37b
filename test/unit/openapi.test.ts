import { readFileSync } from 'node:fs'
import { validate } from '@readme/openapi-parser'
import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import { docsRoutes } from '#src/http/docs-routes.ts'
import { buildOpenApiDocument, problemStatusesOf, tagOf } from '#src/http/openapi.ts'
import type { RouteDefinition } from '#src/http/route-table.ts'
import { routeList, routes } from '#src/http/routes.ts'
import packageJson from '../../package.json' with { type: 'json' }

interface Operation {
  operationId: string
  summary: string
  tags: string[]
  security: Record<string, string[]>[]
  parameters?: ({ $ref: string } | { in: string; name: string; required?: boolean })[]
  requestBody?: { required: boolean; content: Record<string, { schema: unknown }> }
  responses: Record<
    string,
    { $ref?: string; headers?: Record<string, unknown>; content?: Record<string, unknown> }
  >
}

interface Document {
  openapi: string
  info: { title: string; version: string; contact?: { name: string; url: string } }
  servers: { url: string }[]
  paths: Record<string, Record<string, Operation>>
  components: {
    schemas: Record<string, Record<string, unknown>>
    responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }>
    parameters: Record<string, { in: string; name: string; required: boolean }>
    securitySchemes: Record<string, { type: string; scheme: string; bearerFormat: string }>
  }
}

/** The document of the table as it stands, plus the reference's own routes (the lead wires them in). */
const allRoutes: readonly RouteDefinition[] = [
  ...routeList,
  ...Object.values(docsRoutes).filter((route) => !routeList.includes(route)),
]
const document = buildOpenApiDocument(allRoutes) as unknown as Document

const operationOf = (route: RouteDefinition): Operation | undefined =>
  document.paths[route.path]?.[route.method.toLowerCase()]

const shapeKeys = (schema: z.core.$ZodType | undefined) =>
  schema instanceof z.core.$ZodObject ? Object.keys(schema._zod.def.shape) : []

const resolve = (ref: string): unknown =>
  ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], document)

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    // Arrange
    const copy = structuredClone(document)

    // Act
    const result = await validate(copy as never)

    // Assert
    expect(result.valid, JSON.stringify(result.valid ? [] : result.errors)).toBe(true)
    expect(result.warnings).toEqual([])
    expect(document.openapi).toBe('3.1.0')
  })

  it('names the API, its version from package.json, a contact, a deployment (templated) and the local server', () => {
    expect(document.info).toMatchObject({
      title: 'Caseline',
      version: packageJson.version,
      contact: { name: expect.any(String), url: expect.stringMatching(/^https:\/\//) },
    })
    expect(document.servers.map((server) => server.url)).toEqual([
      'https://{apiId}.execute-api.{region}.amazonaws.com',
      'http://localhost:3000',
    ])
    const [deployed] = document.servers as { variables?: Record<string, { default: string }> }[]
    expect(Object.keys(deployed?.variables ?? {})).toEqual(['apiId', 'region'])
  })

  it('includes the reference routes themselves in the route table', () => {
    // Until routes.ts spreads docsRoutes, /openapi.json and /docs would be missing from AWS and the local server.
    const operationIds = routeList.map((route) => route.operationId)
    expect(operationIds).toEqual(expect.arrayContaining(Object.values(docsRoutes).map((r) => r.operationId)))
  })

  describe.each(allRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s',
    (_, route) => {
      const operation = operationOf(route)

      it('is in the document with its operationId, summary and tag', () => {
        expect(operation).toMatchObject({
          operationId: route.operationId,
          summary: route.summary,
          tags: [tagOf(route.path)],
        })
      })

      it('documents its path and query parameters', () => {
        const parameters = (operation?.parameters ?? []).filter((p) => 'in' in p)
        for (const name of shapeKeys(route.request.params)) {
          expect(parameters).toContainEqual(expect.objectContaining({ in: 'path', name, required: true }))
        }
        for (const name of shapeKeys(route.request.query)) {
          expect(parameters).toContainEqual(expect.objectContaining({ in: 'query', name }))
        }
        const pathNames = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
        expect(parameters.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(pathNames)
      })

      it('documents its request body and its success response', () => {
        expect(operation?.requestBody !== undefined).toBe(route.request.body !== undefined)
        const success = operation?.responses[String(route.response.status)]
        // 204 No Content documents no content; every other success documents its body.
        if (route.response.status === 204) expect(success).toEqual({ description: 'No content' })
        else expect(success?.content).toBeDefined()
      })

      it('requires a bearer token exactly when it is not public', () => {
        expect(operation?.security).toEqual(route.access.kind === 'public' ? [] : [{ bearerAuth: [] }])
        const statuses = Object.keys(operation?.responses ?? {})
        expect(statuses.includes('401')).toBe(route.access.kind === 'roles')
        expect(statuses.includes('403')).toBe(route.access.kind === 'roles')
      })

      it('answers every error as a problem document of the shared Problem schema (a page: as a page)', () => {
        const errors = Object.entries(operation?.responses ?? {}).filter(([status]) => Number(status) >= 400)
        expect(errors.map(([status]) => Number(status))).toEqual(problemStatusesOf(route))
        for (const [, response] of errors) {
          if (route.page) {
            expect(Object.keys(response.content ?? {})).toEqual(['text/html'])
            continue
          }
          expect(response.$ref).toMatch(/^#\/components\/responses\//)
          const shared = resolve(response.$ref as string) as Document['components']['responses'][string]
          expect(shared.content['application/problem+json']?.schema).toEqual({
            $ref: '#/components/schemas/Problem',
          })
        }
      })

      it('takes Idempotency-Key exactly when the table marks it idempotent', () => {
        const takesKey = (operation?.parameters ?? []).some(
          (p) => '$ref' in p && p.$ref === '#/components/parameters/IdempotencyKey',
        )
        expect(takesKey).toBe(route.idempotent === true)
        const statuses = Object.keys(operation?.responses ?? {})
        if (route.idempotent) expect(statuses).toEqual(expect.arrayContaining(['409', '422']))
      })
    },
  )

  it('describes every path, query and header parameter', () => {
    // Arrange: every parameter of every operation, shared ones resolved
    const described = (parameter: { description?: string }) =>
      typeof parameter.description === 'string' && parameter.description.trim().length > 0
    const parameters = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, operation]) =>
        (operation.parameters ?? []).map((parameter) => {
          const resolved = ('$ref' in parameter ? resolve(parameter.$ref) : parameter) as {
            in: string
            name: string
            description?: string
          }
          return { where: `${method.toUpperCase()} ${path} ${resolved.in}:${resolved.name}`, resolved }
        }),
      ),
    )

    // Act
    const undescribed = parameters.filter(({ resolved }) => !described(resolved)).map(({ where }) => where)

    // Assert
    expect(parameters.length).toBeGreaterThan(100)
    expect(undescribed).toEqual([])
  })

  it('documents both newline-delimited exports alike: an array of the lines, each a named schema', () => {
    // Arrange
    const exports = [
      ['/v1/cases/export', 'Case', 'X-Next-Cursor'],
      ['/v1/accounts/{accountId}/contacts/{contactId}/export', 'ContactExportLine', 'Link'],
    ] as const

    for (const [path, item, nextPageHeader] of exports) {
      // Act
      const ok = document.paths[path]?.get?.responses['200']

      // Assert
      expect(Object.keys(ok?.content ?? {}), path).toEqual(['application/x-ndjson'])
      expect(ok?.content?.['application/x-ndjson'], path).toEqual({
        schema: {
          type: 'array',
          items: { $ref: `#/components/schemas/${item}` },
          description: expect.stringContaining('per line'),
        },
      })
      expect(Object.keys(ok?.headers ?? {}), path).toEqual([nextPageHeader])
    }
  })

  it('states the rules the schema cannot express in the operation descriptions', () => {
    // Arrange
    const descriptionOf = (route: RouteDefinition) =>
      (operationOf(route) as { description?: string } | undefined)?.description ?? ''

    // Assert: the filing rules a client would otherwise meet only as a 400
    const filing = descriptionOf(routes.createCase)
    expect(filing).toMatch(/^Roles: /)
    expect(filing).toMatch(/`urgent` or `critical` case needs an `impact`/)
    expect(filing).toMatch(/Only support staff set `priority`/)
    expect(filing).toMatch(/must name it in `contactId`/)
    expect(descriptionOf(routes.updateCase)).toMatch(/`impact` statement/)
    for (const route of allRoutes.filter((candidate) => candidate.rules?.length)) {
      for (const rule of route.rules ?? [])
        expect(descriptionOf(route), route.operationId).toContain(`- ${rule}`)
    }
  })

  it('defines the bearer scheme, the Problem schema and the shared headers', () => {
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    })
    expect(document.components.schemas.Problem).toMatchObject({
      required: ['type', 'title', 'status', 'detail'],
    })
    expect(document.components.parameters.IfMatch).toMatchObject({
      in: 'header',
      name: 'If-Match',
      required: true,
    })
    expect(document.components.parameters.IdempotencyKey).toMatchObject({
      in: 'header',
      name: 'Idempotency-Key',
    })
  })

  it('gives PATCH of a case If-Match with 412 and 428, and case responses their ETag', () => {
    // Arrange
    const update = operationOf(routes.updateCase)

    // Assert
    expect(update?.parameters).toContainEqual({ $ref: '#/components/parameters/IfMatch' })
    expect(Object.keys(update?.responses ?? {})).toEqual(expect.arrayContaining(['412', '428']))
    for (const route of [routes.createCase, routes.getCase, routes.updateCase, routes.transitionCase]) {
      const success = operationOf(route)?.responses[String(route.response.status)]
      expect(success?.headers?.ETag, route.operationId).toEqual({ $ref: '#/components/headers/ETag' })
    }
  })

  it('renders request schemas as input and response schemas as output', () => {
    // Arrange
    const createBody = operationOf(routes.createCase)?.requestBody?.content['application/json']?.schema as {
      required: string[]
      additionalProperties: boolean
      properties: Record<string, { default?: unknown }>
    }
    const theCase = document.components.schemas.Case as {
      required: string[]
      additionalProperties?: boolean
      properties: Record<string, Record<string, unknown>>
    }
    const transition = operationOf(routes.transitionCase)?.requestBody?.content['application/json']?.schema

    // Assert: defaults are optional on input and always present on output
    expect(createBody.required).toEqual(['title', 'description', 'product'])
    expect(createBody.properties.severity?.default).toBe('standard')
    expect(createBody.additionalProperties).toBe(false)
    expect(theCase.required).toEqual(expect.arrayContaining(['tier', 'escalationLevel', 'version']))
    // Responses stay open to new fields; dates keep their format without zod's long pattern.
    expect(theCase.additionalProperties).toBeUndefined()
    expect(theCase.properties.createdAt).toEqual({ type: 'string', format: 'date-time' })
    expect(theCase.properties.sla).toMatchObject({
      properties: { dueAt: { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] } },
    })
    // The discriminated union is one schema per action.
    expect((transition as { oneOf: unknown[] }).oneOf).toHaveLength(7)
  })

  it('describes the reference routes with their own media types and no token', () => {
    // Arrange
    const reference = buildOpenApiDocument(Object.values(docsRoutes)) as unknown as Document

    // Assert
    expect(Object.keys(reference.paths)).toEqual(['/openapi.json', '/docs', '/docs/assets/{file}'])
    expect(Object.keys(reference.paths['/docs']?.get?.responses['200']?.content ?? {})).toEqual(['text/html'])
    expect(Object.keys(reference.paths['/docs/assets/{file}']?.get?.responses['200']?.content ?? {})).toEqual(
      ['text/javascript', 'text/css'],
    )
    expect(reference.paths['/openapi.json']?.get?.security).toEqual([])
  })

  it('describes the hosted survey page as HTML: a form body, its errors as pages, no token', () => {
    // Arrange
    const page = document.paths['/surveys/{token}']

    // Assert
    expect(Object.keys(page?.get?.responses['200']?.content ?? {})).toEqual(['text/html'])
    expect(page?.get?.parameters).toContainEqual(expect.objectContaining({ in: 'query', name: 'rating' }))
    expect(Object.keys(page?.post?.requestBody?.content ?? {})).toEqual(['application/x-www-form-urlencoded'])
    expect(Object.keys(page?.post?.responses ?? {})).toEqual([
      '200',
      '400',
      '404',
      '409',
      '410',
      '413',
      '415',
    ])
    expect(Object.keys(page?.post?.responses['410']?.content ?? {})).toEqual(['text/html'])
    expect(page?.post?.security).toEqual([])
  })

  it('is what docs/openapi.json holds (run `npm run openapi` after changing the route table)', () => {
    // Arrange
    const committed = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'))

    // Assert
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument(routeList))))
  })
})

describe('tagOf', () => {
  it.each([
    ['/v1/cases/{caseId}/comments', 'cases'],
    ['/v1/sla-policies/{policyId}', 'sla-policies'],
    ['/openapi.json', 'openapi'],
    ['/docs/assets/{file}', 'docs'],
  ])('%s → %s', (path, tag) => {
    expect(tagOf(path)).toBe(tag)
  })
})
