import { type Role, roles, staffRoles } from '#src/domain/vocabulary.ts'
import type * as z from '#src/zod.ts'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/**
 * What a route's handler does with the case-files bucket, so that CDK grants exactly that:
 * presign uploads (PutObject on the upload area), presign downloads (GetObject on the files area),
 * delete files (DeleteObject), or erase a person's files (every object version of a file:
 * ListBucketVersions, DeleteObjectVersion). Routes without it get neither the bucket's name nor any right.
 */
export type FileAccess = 'presignUpload' | 'presignDownload' | 'delete' | 'erase'

/**
 * What a route's handler does with the inbound-mail bucket: `erase` deletes a person's raw received
 * mail (DeleteObject on the inbound prefix). Routes without it get neither the bucket's name nor any right.
 */
export type InboundMailAccess = 'erase'

/**
 * What a route's handler does with the user pool, so that CDK grants exactly that: `manage` creates
 * users, moves them between role groups, disables, enables and (undoing a failed registration)
 * deletes them. Routes without it get neither the pool's id nor any right on it.
 */
export type IdentityAccess = 'manage'

/** Who may call a route. Public routes get no authorizer in AWS and no token check locally. */
export type RouteAccess = { kind: 'public' } | { kind: 'roles'; roles: readonly Role[] }

/**
 * One row of the route table: the single source for the CDK HTTP API routes, the local server and
 * the OpenAPI document. Schemas describe what the handler accepts and returns.
 */
export interface RouteDefinition<
  Params extends z.core.$ZodType = z.core.$ZodType,
  Query extends z.core.$ZodType = z.core.$ZodType,
  Body extends z.core.$ZodType = z.core.$ZodType,
  Response extends z.core.$ZodType = z.core.$ZodType,
> {
  operationId: string
  method: HttpMethod
  /** API Gateway path syntax: `/v1/cases/{caseId}`. */
  path: string
  /** Module under `functions/` (no extension) whose `handler` export serves the route. */
  handler: string
  access: RouteAccess
  summary: string
  /** Creating POSTs honour `Idempotency-Key` (docs/architecture.md). */
  idempotent?: boolean
  /** The handler uses the case-files bucket (see `FileAccess`). */
  files?: FileAccess
  /** The handler uses the inbound-mail bucket (see `InboundMailAccess`). */
  inboundMail?: InboundMailAccess
  /** The handler manages users in the identity provider (see `IdentityAccess`). */
  identity?: IdentityAccess
  /**
   * Seconds the handler may run, when a route needs more than the default 10 (an erasure); below
   * API Gateway's 30-second integration timeout, so the function ends before the request does.
   */
  timeoutSeconds?: number
  /** The handler hands webhook deliveries to the delivery queue (a retry, a test ping): CDK's `bindWebhookQueue`. */
  webhookQueue?: true
  request: { params?: Params; query?: Query; body?: Body }
  response: { status: number; body: Response }
  /**
   * The response body is a versioned resource other than a case (an account, an article): its
   * version comes as `ETag`; a PATCH takes it back as `If-Match`, required or optional.
   * (Cases are recognised by their schema and always require it.)
   */
  versioned?: { ifMatch?: 'required' | 'optional' }
  /**
   * How a newline-delimited answer names its next page: the `X-Next-Cursor` header (the default),
   * or a `Link: <url>; rel="next"` header (RFC 8288) with the cursor in the URL.
   */
  nextPage?: 'cursorHeader' | 'link'
  /**
   * A page people open in a browser (the hosted survey page, docs/email.md): every answer is HTML,
   * errors too (a friendly page instead of a problem document), and the request body is a form as a
   * browser posts it without script (`application/x-www-form-urlencoded`), its fields as strings.
   * Unknown query parameters and form fields are passed over: a browser, a mail scanner or a link
   * tracker may add them, and a page must not fail for that.
   */
  page?: true
  /**
   * Rules of the use case that the request schemas cannot express (who may set a field, what one
   * field requires of another), each a sentence: the operation's description lists them, so a
   * client learns them from the document rather than from a 400 or 403.
   */
  rules?: readonly string[]
  /** Problem statuses the use case answers beyond those the route's shape implies (e.g. 404 an account named in the query, 409 answered once, 410 expired, 412 a stale optional If-Match). */
  problems?: readonly (404 | 409 | 410 | 412)[]
}

/** Identity function that keeps each route's schema types precise for its handler. */
export function defineRoute<
  Params extends z.core.$ZodType,
  Query extends z.core.$ZodType,
  Body extends z.core.$ZodType,
  Response extends z.core.$ZodType,
>(route: RouteDefinition<Params, Query, Body, Response>): RouteDefinition<Params, Query, Body, Response> {
  return route
}

/** Every signed-in user: customers (their own account's data only) and staff. */
export const everyRole = { kind: 'roles', roles } as const satisfies RouteAccess
/** Vendor staff: agents, experts, managers and admins. */
export const staffOnly = { kind: 'roles', roles: staffRoles } as const satisfies RouteAccess
/** The operator's admins. */
export const adminOnly = { kind: 'roles', roles: ['admin'] } as const satisfies RouteAccess
/** No token: the survey links and the API's own documentation. */
export const publicAccess = { kind: 'public' } as const satisfies RouteAccess

export function rolesOf(access: RouteAccess): readonly Role[] {
  return access.kind === 'roles' ? access.roles : []
}
