import {
  type CreateDocumentOptions,
  createDocument,
  type oas31,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
  type ZodOpenApiResponsesObject,
} from 'zod-openapi'
import { CaseEvent, CaseView } from '#src/domain/case.ts'
import { Comment } from '#src/domain/comment.ts'
import { eventCatalogue } from '#src/domain/events/catalogue.ts'
import { eventAudienceOf, eventTypes, webhookTestType } from '#src/domain/events/envelope.ts'
import {
  eventJsonSchemaOf,
  type JsonSchema,
  webhookTestJsonSchema,
} from '#src/domain/events/event-schemas.ts'
import * as z from '#src/zod.ts'
import packageJson from '../../package.json' with { type: 'json' }
import { isJsonLinesMediaType, responseMediaTypes, unionOptions } from './http-handler.ts'
import { deployedServer, localServer } from './local-server-url.ts'
import type { RouteDefinition } from './route-table.ts'
import { ContactExportLine } from './schemas/contact-export.ts'
import { HtmlPage } from './schemas/pages.ts'
import { CalendarVersion, CaseSlaDetail, PolicyVersion, SlaPreview } from './schemas/sla.ts'

/** The document as zod-openapi types it (OpenAPI 3.1 and later). */
export type OpenApiDocument = ReturnType<typeof createDocument>

const bearerScheme = 'bearerAuth'

/** One invalid part of a request (src/domain/errors.ts `FieldError`). */
const FieldError = z.union([
  z.object({
    pointer: z.string().register(z.globalRegistry, {
      description: 'JSON pointer (RFC 6901) into the request body; "" is the body',
    }),
    detail: z.string(),
  }),
  z.object({
    parameter: z.string().register(z.globalRegistry, { description: 'A path or query parameter' }),
    detail: z.string(),
  }),
  z.object({
    header: z.string().register(z.globalRegistry, { description: 'A request header' }),
    detail: z.string(),
  }),
])

/** RFC 9457 problem details, as src/http/problem.ts writes them for every error. */
const Problem = z
  .object({
    type: z.string().register(z.globalRegistry, {
      description: 'The kind of problem: a URI reference relative to the API',
      examples: ['/problems/validation-error'],
    }),
    title: z.string().register(z.globalRegistry, { description: 'Short summary of the kind of problem' }),
    status: z.int().check(z.minimum(400), z.maximum(599)),
    detail: z
      .string()
      .register(z.globalRegistry, { description: 'What went wrong with this request, for a human' }),
    errors: z
      .optional(z.array(FieldError))
      .register(z.globalRegistry, { description: 'Each invalid field of the request (400 only)' }),
  })
  .register(z.globalRegistry, { description: 'An RFC 9457 problem document (`application/problem+json`)' })

/**
 * The API's resources, each with a name of its own in `components.schemas`: every use becomes a
 * `$ref` (lists and bodies stay inline and refer to them). Only schemas that contain no other
 * named schema are listed: zod-openapi renders a named schema nested in another named one for
 * requests as well, and would add a needless `…Output` twin of it.
 */
const namedSchemas: Record<string, z.core.$ZodType> = {
  Case: CaseView,
  Comment,
  CaseEvent,
  CaseSla: CaseSlaDetail,
  ContactExportLine,
  SlaPreview,
  // A calendar, too, is only ever read as a version (`CalendarVersion`: each kind with the version
  // fields) or written as a PUT body: a bare `Calendar` would be a component nothing refers to.
  CalendarVersion,
  // A policy is only ever read or written as a version (`SlaPolicyVersion`, the PUT body adds the
  // read-only version fields): a bare `SlaPolicy` would be a component nothing refers to.
  SlaPolicyVersion: PolicyVersion,
  Problem,
}

const headers = {
  ETag: {
    description:
      'The version of the case (or account, article), as an entity tag (`"3"`): send it back as `If-Match`.',
    schema: { type: 'string', examples: ['"3"'] },
  },
  Location: {
    description:
      'The absolute URL of the created resource, which a GET reads; for a comment, a contact or a custom field, which have no route of their own, the URL of the list that holds it.',
    schema: { type: 'string', format: 'uri' },
  },
  RetryAfter: {
    description: 'Seconds to wait before retrying.',
    schema: { type: 'integer', minimum: 0 },
  },
  Allow: {
    description: 'The methods the path has, e.g. `GET, PATCH`.',
    schema: { type: 'string', examples: ['GET, PATCH'] },
  },
  RateLimitPolicy: {
    description:
      'The quota of the caller for this kind of request (draft-ietf-httpapi-ratelimit-headers): `"reads";q=600;w=60` or `"writes";q=120;w=60`. Sent where a rate limit is configured.',
    schema: { type: 'string', examples: ['"reads";q=600;w=60'] },
  },
  RateLimit: {
    description:
      'What is left of the quota and the seconds until it resets: `"reads";r=599;t=42`. Sent on reads and on a 429.',
    schema: { type: 'string', examples: ['"reads";r=599;t=42'] },
  },
  WWWAuthenticate: { description: 'The scheme to authenticate with: `Bearer`.', schema: { type: 'string' } },
  NextCursor: {
    description:
      'The cursor of the next page (send it back as `cursor`); absent on the last page. A newline-delimited body has no envelope to carry `nextCursor`.',
    schema: { type: 'string' },
  },
  LinkNext: {
    description:
      'The URL of the next page, as a web link (RFC 8288): `</v1/…?cursor=…&limit=…>; rel="next"`; absent on the last page. A newline-delimited body has no envelope to carry it.',
    schema: { type: 'string' },
  },
} satisfies Record<string, oas31.HeaderObject>

const parameters = {
  IdempotencyKey: {
    in: 'header',
    name: 'Idempotency-Key',
    required: false,
    description:
      'Makes a retry safe: a retry with the same key and body gets the first response back (for 24 hours); ' +
      'the same key with another body is refused (422). Keys are per caller; use a fresh UUID per new request.',
    schema: { type: 'string', minLength: 1 },
  },
  IfMatch: {
    in: 'header',
    name: 'If-Match',
    required: true,
    description:
      'The `ETag` of what you read (`"3"`): the change applies only if it is still at that version. `*` applies it to any current version (the resource must exist). A weak tag (`W/"3"`) never matches (412): If-Match compares strongly.',
    schema: { type: 'string', examples: ['"3"'] },
  },
  IfMatchOptional: {
    in: 'header',
    name: 'If-Match',
    required: false,
    description:
      'Optional: the `ETag` you read (`"3"`); with it, the change applies only at that version (412 otherwise; a weak `W/"3"` never matches). Without it, or with `*`, only the named fields change, atomically.',
    schema: { type: 'string', examples: ['"3"'] },
  },
  IfNoneMatch: {
    in: 'header',
    name: 'If-None-Match',
    required: false,
    description:
      'The `ETag` you hold (`"3"`; weak `W/"3"`, a list and `*` match too): while it is still current, the answer is 304 without a body.',
    schema: { type: 'string', examples: ['"3"'] },
  },
} satisfies Record<string, oas31.ParameterObject>

const headerRef = (name: keyof typeof headers) => ({ $ref: `#/components/headers/${name}` })

/** The error responses, one shared component per status; each is a Problem document. */
const problemResponses = {
  400: {
    name: 'BadRequest',
    description:
      'The request is not valid: `errors` names each invalid field (`pointer` into the body, `parameter` for path and query, `header`).',
  },
  401: {
    name: 'Unauthorized',
    description: 'No valid bearer token.',
    headers: { 'WWW-Authenticate': 'WWWAuthenticate' },
  },
  403: { name: 'Forbidden', description: "The caller's role or account may not do this." },
  404: {
    name: 'NotFound',
    description: "No such resource, or none the caller may see (another account's case is 404, never 403).",
  },
  405: {
    name: 'MethodNotAllowed',
    description:
      'The path exists, but not with this method: `Allow` lists the methods it has. Any path of this document answers it to a method it does not list.',
    headers: { Allow: 'Allow' },
  },
  409: {
    name: 'Conflict',
    description:
      "The resource's state does not allow this (an illegal lifecycle action, say), or a request with the same " +
      'Idempotency-Key is still in progress (retry after Retry-After).',
    headers: { 'Retry-After': 'RetryAfter' },
  },
  410: {
    name: 'Gone',
    description: 'It existed, but is no longer valid (an expired survey link).',
  },
  412: {
    name: 'PreconditionFailed',
    description:
      'If-Match names a version that is no longer current (read the case again, then retry), or is a weak tag (`W/"3"`), which If-Match never matches.',
  },
  413: {
    name: 'PayloadTooLarge',
    description: 'The body is larger than the API takes (256 KB of JSON; files go straight to S3).',
  },
  415: { name: 'UnsupportedMediaType', description: 'Send the body as `application/json`.' },
  422: {
    name: 'UnprocessableContent',
    description: 'This Idempotency-Key was already used with another request body: use a new key.',
  },
  428: { name: 'PreconditionRequired', description: 'If-Match is missing: read the case and send its ETag.' },
  429: {
    name: 'TooManyRequests',
    description: 'Too many requests: wait for Retry-After seconds.',
    headers: { 'Retry-After': 'RetryAfter', 'RateLimit-Policy': 'RateLimitPolicy', RateLimit: 'RateLimit' },
  },
  500: {
    name: 'InternalError',
    description: 'A fault on our side; it has been logged. Nothing internal is shown.',
  },
  503: {
    name: 'ServiceUnavailable',
    description: 'A service the API depends on is briefly unavailable: retry after Retry-After seconds.',
    headers: { 'Retry-After': 'RetryAfter' },
  },
} satisfies Record<
  number,
  { name: string; description: string; headers?: Record<string, keyof typeof headers> }
>
type ProblemStatus = keyof typeof problemResponses

/**
 * A page route's errors (`page: true`, the hosted survey page) are pages for people, not problem
 * documents: each status says what the page tells its reader.
 */
const pageErrorDescriptions: Partial<Record<ProblemStatus, string>> = {
  400: 'The answer is not valid: the form again, with what was entered and what to fix (a malformed link gets the page of an unknown one).',
  404: 'No survey at this link (unknown or forged): a page saying so.',
  409: 'The survey was already answered: a page saying so.',
  410: 'The link expired: a page saying so.',
  413: 'The form is larger than the API takes: a page asking to send it again.',
  415: 'The form was not sent as `application/x-www-form-urlencoded`: a page asking to send it again.',
}

function pageErrorResponse(status: ProblemStatus): ZodOpenApiResponseObject {
  return {
    description: pageErrorDescriptions[status] ?? problemResponses[status].description,
    content: { 'text/html': { schema: HtmlPage } },
  }
}

const tagDescriptions: Record<string, string> = {
  cases: 'Cases, their lifecycle, comments, history and escalations',
  queues: 'Support queues and their cases (staff)',
  sla: 'First-response SLA: deadlines and their explanation',
  calendars: 'Business calendars the SLA counts in',
  'sla-policies': 'First-response targets by service level and severity',
  openapi: 'This document',
  docs: 'The rendered API reference',
  kb: 'Knowledge base: articles, ranked search and suggest-before-submit',
  accounts: 'Accounts (tenants) and their contacts',
  surveys: 'Satisfaction surveys: the link e-mailed when a case closes is the credential (no sign-in)',
  metrics: 'Case metrics per period, account and severity, kept as aggregates by the event handler',
  webhooks:
    'Webhook subscriptions: signed deliveries of the events their owner may read, with retries and a record of every attempt (the `webhooks` section lists the events)',
  events: 'The change feed: every event the caller may read, oldest first, resumable exactly from a cursor',
}

/** The tag of a route: its first path segment after the version (`/v1/cases/{caseId}` → `cases`). */
export function tagOf(path: string): string {
  const segments = path.split('/').filter(Boolean)
  const first = /^v\d+$/.test(segments[0] ?? '') ? segments[1] : segments[0]
  return (first ?? 'api').replace(/\.[a-z]+$/, '')
}

/** Routes of the versioned API read or write the table; the reference (`/openapi.json`, `/docs`) does not. */
const isApiRoute = (route: RouteDefinition) => /^\/v\d+\//.test(route.path)

/** Cases carry a version: every response with a case has its ETag (docs/architecture.md, API conventions). */
const returnsCase = (route: RouteDefinition) => route.response.body === CaseView

/** A PATCH of a case (or of a resource whose If-Match the table requires) needs the version it is based on (428 without, 412 when stale). */
const needsIfMatch = (route: RouteDefinition) =>
  route.method === 'PATCH' && (returnsCase(route) || route.versioned?.ifMatch === 'required')

/** A PATCH or PUT that honours If-Match without requiring it (412 when stale). */
const takesOptionalIfMatch = (route: RouteDefinition) =>
  (route.method === 'PATCH' || route.method === 'PUT') && route.versioned?.ifMatch === 'optional'

/** A GET of one versioned resource answers `If-None-Match` with 304 while the client's copy is current. */
const answersNotModified = (route: RouteDefinition) =>
  route.method === 'GET' && (returnsCase(route) || route.versioned !== undefined)

/** Which problem responses a route can answer, from what the route table says about it. */
export function problemStatusesOf(route: RouteDefinition): ProblemStatus[] {
  const { params, query, body } = route.request
  const statuses: ProblemStatus[] = []
  if (params || query || body) statuses.push(400)
  if (route.access.kind === 'roles') statuses.push(401, 403)
  // Path parameters name a resource; an API request's body may name others (a calendar, a contact).
  if (params || (isApiRoute(route) && body)) statuses.push(404)
  if (route.idempotent || (isApiRoute(route) && (route.method === 'PATCH' || route.method === 'DELETE')))
    statuses.push(409)
  if (needsIfMatch(route) || takesOptionalIfMatch(route)) statuses.push(412)
  if (body) statuses.push(413, 415)
  if (route.idempotent) statuses.push(422)
  if (needsIfMatch(route)) statuses.push(428)
  statuses.push(...(route.problems ?? []))
  if (isApiRoute(route)) statuses.push(429, 500, 503)
  return [...new Set(statuses)].sort((a, b) => a - b)
}

function describeAccess(route: RouteDefinition): string {
  if (route.access.kind === 'public') return 'Public: no token.'
  return `Roles: ${route.access.roles.map((role) => `\`${role}\``).join(', ')}.`
}

/** Who may call the operation, then the rules its schemas cannot express (`rules` of the route table). */
function describeOperation(route: RouteDefinition): string {
  const access = describeAccess(route)
  if (!route.rules?.length) return access
  return `${access}\n\nRules the schema cannot express:\n\n${route.rules.map((rule) => `- ${rule}`).join('\n')}`
}

function successResponse(route: RouteDefinition): ZodOpenApiResponseObject {
  if (route.response.status === 204) return { description: 'No content' }
  const body = route.response.body
  // A union of media types (a file in one of several formats) documents each under its own type.
  const ownType = z.globalRegistry.get(body)?.contentMediaType
  const options = unionOptions(body)
  const parts =
    options && ownType === undefined && !responseMediaTypes(body).includes('application/json')
      ? options
      : [body]
  const content: Record<string, { schema: z.core.$ZodType }> = {}
  for (const part of parts) {
    const type = responseMediaTypes(part)[0] ?? 'application/json'
    content[type] ??= { schema: part }
  }
  const responseHeaders: Record<string, { $ref: string }> = {}
  if (Object.keys(content).some(isJsonLinesMediaType)) {
    if (route.nextPage === 'link') responseHeaders.Link = headerRef('LinkNext')
    else responseHeaders['X-Next-Cursor'] = headerRef('NextCursor')
  }
  if (returnsCase(route) || route.versioned) responseHeaders.ETag = headerRef('ETag')
  if (route.response.status === 201) responseHeaders.Location = headerRef('Location')
  return {
    description: route.response.status === 201 ? 'Created' : 'OK',
    ...(Object.keys(responseHeaders).length > 0 && { headers: responseHeaders }),
    content,
  }
}

function operationOf(route: RouteDefinition): ZodOpenApiOperationObject {
  const { params, query, body } = route.request
  const headerParameters = [
    ...(route.idempotent ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : []),
    ...(needsIfMatch(route) ? [{ $ref: '#/components/parameters/IfMatch' }] : []),
    ...(takesOptionalIfMatch(route) ? [{ $ref: '#/components/parameters/IfMatchOptional' }] : []),
    ...(answersNotModified(route) ? [{ $ref: '#/components/parameters/IfNoneMatch' }] : []),
  ]
  const responses: ZodOpenApiResponsesObject = { [String(route.response.status)]: successResponse(route) }
  if (answersNotModified(route)) {
    responses['304'] = {
      description: 'Not Modified: the `ETag` sent as `If-None-Match` is still current; no body.',
      headers: { ETag: headerRef('ETag') },
    }
  }
  for (const status of problemStatusesOf(route)) {
    responses[String(status) as `4${string}`] = route.page
      ? pageErrorResponse(status)
      : { $ref: `#/components/responses/${problemResponses[status].name}` }
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: describeOperation(route),
    tags: [tagOf(route.path)],
    ...(route.access.kind === 'roles' ? { security: [{ [bearerScheme]: [] }] } : { security: [] }),
    ...((params || query) && {
      requestParams: {
        ...(params && { path: params as z.core.$ZodObject }),
        ...(query && { query: query as z.core.$ZodObject }),
      },
    }),
    ...(headerParameters.length > 0 && { parameters: headerParameters }),
    ...(body && {
      requestBody: {
        required: true,
        // A page's form is posted as a browser posts it without script.
        content: {
          [route.page ? 'application/x-www-form-urlencoded' : 'application/json']: { schema: body },
        },
      },
    }),
    responses,
  }
}

/**
 * Tidies what zod's JSON Schema writer produces, for readers and generated clients: a date-time
 * keeps its `format` without zod's 400-character pattern, and response objects stay open
 * (`additionalProperties` unset), so adding a field to a response never breaks a strict client.
 * Request objects keep `additionalProperties: false`: the API refuses unknown fields.
 */
const tidySchema: CreateDocumentOptions['override'] = ({ jsonSchema, zodSchema, io }) => {
  if (jsonSchema.format === 'date-time') delete jsonSchema.pattern
  // A newline-delimited body names its media type on the array schema (`responseMediaTypes`); in
  // JSON Schema `contentMediaType` describes a string's content, so on an array it would mislead.
  if (jsonSchema.type === 'array') delete jsonSchema.contentMediaType
  const def = zodSchema._zod.def
  if (io === 'output' && def.type === 'object' && def.catchall === undefined) {
    delete jsonSchema.additionalProperties
  }
}

/**
 * The `webhooks` section (OpenAPI 3.1): what a subscription receives, one entry per event type, its
 * body the same JSON Schema as docs/events/<type>.json (docs/integrations.md).
 */
function eventWebhooks(): ZodOpenApiPathsObject {
  const signing =
    'Signed per Standard Webhooks: `webhook-id` (the event id), `webhook-timestamp` (Unix seconds) and ' +
    '`webhook-signature` (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the subscription secret). ' +
    'Any 2xx acknowledges; anything else, or no answer within 10 s, is retried.'
  const entry = (summary: string, description: string, schema: JsonSchema) => {
    const { $schema: _dialect, ...body } = schema
    return {
      post: {
        summary,
        description: `${description}\n\n${signing}`,
        requestBody: { required: true, content: { 'application/json': { schema: body } } },
        responses: { '200': { description: 'Any 2xx acknowledges the delivery.' } },
      },
    }
  }
  const webhooks: ZodOpenApiPathsObject = {}
  for (const type of eventTypes) {
    const { description } = eventCatalogue[type]
    const audience = eventAudienceOf[type]
    webhooks[type] = entry(type, `${description} Audience: \`${audience}\`.`, eventJsonSchemaOf(type))
  }
  webhooks[webhookTestType] = entry(
    webhookTestType,
    'The ping `POST /v1/webhooks/{id}/test` sends; never in the change feed or on the bus.',
    webhookTestJsonSchema(),
  )
  return webhooks
}

const apiDescription = `The API of Caseline, the case-management backend behind a customer portal and an agent console.

- **Authentication**: \`Authorization: Bearer <ID token>\` from the Cognito user pool (locally: \`POST /local/token\`). The token's group is the caller's role; a customer's token carries its account, and a customer sees only its own account's cases.
- **Errors** are RFC 9457 problem documents (\`application/problem+json\`); invalid input names each field in \`errors\` (\`pointer\`, \`parameter\` or \`header\`).
- **Lists** take \`limit\` (1–100, default 25) and an opaque \`cursor\`, and answer \`{ "items": [...], "nextCursor": "..." | null }\`. The exports answer newline-delimited JSON (\`application/x-ndjson\`): the schema of such a body is an array, and the body is its items, one JSON text per line (no brackets, no commas; an empty page is an empty body), as OpenAPI 3.2 reads a \`schema\` of a sequential media type. The case export sends the next cursor in the \`X-Next-Cursor\` header instead of \`nextCursor\`; the access export of a contact names its next page in a \`Link: <…>; rel="next"\` header.
- **Creating requests** accept \`Idempotency-Key\`; **cases** (and accounts, articles, subscriptions) carry their version as \`ETag\`, and a change needs it as \`If-Match\`; a GET with \`If-None-Match\` answers 304 while that version is current.
- **Methods**: every GET also answers \`HEAD\` (the GET's status and headers, no body). A path called with a method it does not have answers 405 with \`Allow\` (the \`MethodNotAllowed\` response); an unknown path answers 404.
- **Times** are ISO 8601 UTC strings.`

/**
 * Whom a reader of the reference asks. The project names no URL of its own (README.md), so this is
 * a placeholder under a reserved `.example` domain (RFC 2606): an operator who publishes the
 * reference puts its own support contact here before running `npm run openapi`.
 */
const contact = { name: 'Caseline API support', url: 'https://support.caseline.example' }

/**
 * The OpenAPI 3.1 document of the given routes, generated from the route table and its zod
 * schemas (request schemas as input, response schemas as output). Pure: the same routes give the
 * same document.
 */
export function buildOpenApiDocument(routes: readonly RouteDefinition[]): OpenApiDocument {
  const paths: ZodOpenApiPathsObject = {}
  for (const route of routes) {
    const item = paths[route.path] ?? {}
    paths[route.path] = item
    const method = route.method.toLowerCase() as Lowercase<RouteDefinition['method']>
    if (item[method]) throw new Error(`Two routes for ${route.method} ${route.path}`)
    item[method] = operationOf(route)
  }
  // The API's own tags first, in route-table order; the reference's tags after them.
  const ordered = [...routes.filter(isApiRoute), ...routes.filter((route) => !isApiRoute(route))]
  const usedTags = [...new Set(ordered.map((route) => tagOf(route.path)))]
  const responses = Object.fromEntries(
    Object.values(problemResponses).map((response) => [
      response.name,
      {
        description: response.description,
        ...('headers' in response && {
          headers: Object.fromEntries(
            Object.entries(response.headers).map(([name, component]) => [name, headerRef(component)]),
          ),
        }),
        content: { 'application/problem+json': { schema: Problem } },
      },
    ]),
  )
  return createDocument(
    {
      openapi: '3.1.0',
      info: {
        title: 'Caseline',
        version: packageJson.version,
        description: apiDescription,
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
        contact,
      },
      servers: [deployedServer, localServer],
      tags: usedTags.map((name) => ({
        name,
        ...(tagDescriptions[name] && { description: tagDescriptions[name] }),
      })),
      paths,
      webhooks: eventWebhooks(),
      components: {
        schemas: namedSchemas,
        responses,
        parameters,
        headers,
        securitySchemes: {
          [bearerScheme]: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description:
              'An ID token of the Cognito user pool (its `aud` is the app client id); locally, `POST /local/token` issues one.',
          },
        },
      },
    },
    { override: tidySchema },
  )
}
