import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, expect, inject } from 'vitest'
import * as z from 'zod'
import { createDocumentClient } from '#src/adapters/dynamodb/client.ts'
import { createSurveyRepository } from '#src/adapters/dynamodb/survey-repository.ts'
import { deriveSigningKey } from '#src/adapters/signing-key.ts'
import { surveyLifetimeDays } from '#src/domain/survey.ts'
import { createSurveyTokens } from '#src/domain/survey-token.ts'
import type { Role } from '#src/domain/vocabulary.ts'
import type { RouteDefinition } from '#src/http/route-table.ts'
import { routeList } from '#src/http/routes.ts'
import { type LocalApi, useLocalApi } from '../integration/local-api.ts'
import type { Figures } from './figures-setup.ts'

/** The demo users of the local runtime (docs/architecture.md), one per role (two customers of acme, one of globex). */
export const demoUsers = {
  alice: { email: 'alice@acme.example', role: 'customer', accountId: 'acme' },
  adam: { email: 'adam@acme.example', role: 'customer_admin', accountId: 'acme' },
  gina: { email: 'gina@globex.example', role: 'customer', accountId: 'globex' },
  sam: { email: 'sam@vendor.example', role: 'agent', accountId: undefined },
  erin: { email: 'erin@vendor.example', role: 'expert', accountId: undefined },
  maria: { email: 'maria@vendor.example', role: 'manager', accountId: undefined },
  root: { email: 'root@vendor.example', role: 'admin', accountId: undefined },
} as const satisfies Record<string, { email: string; role: Role; accountId: string | undefined }>
export type DemoUser = keyof typeof demoUsers
export const userNames = Object.keys(demoUsers) as DemoUser[]

export interface Reply {
  status: number
  headers: Headers
  text: string
  /** The body parsed as JSON (NDJSON: the array of its lines), or undefined when it is not JSON. */
  json: unknown
}

export interface RequestOptions {
  token?: string | undefined
  body?: unknown
  rawBody?: string
  headers?: Record<string, string>
}

/** Fills `{name}` path parameters (URL-encoded) from `values`. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{([A-Za-z0-9_]+)\+?\}/g, (_, name: string) =>
    encodeURIComponent(values[name] ?? `unknown-${name}`),
  )
}

export const pathParameterNames = (route: RouteDefinition) =>
  [...route.path.matchAll(/\{([A-Za-z0-9_]+)\+?\}/g)].map((m) => m[1] as string)

/** The routes the suite drives: the whole table, so a new route is covered the day it is added. */
export const allRoutes: readonly RouteDefinition[] = routeList
export const isStaffOnly = (route: RouteDefinition) =>
  route.access.kind === 'roles' && !route.access.roles.some((r) => r === 'customer' || r === 'customer_admin')
export const takesBody = (route: RouteDefinition) => route.request.body !== undefined
/** Routes whose query names an account (`accountId`): asked for another account, a customer must be refused. */
export const takesAccountQuery = (route: RouteDefinition) => {
  const query = route.request.query
  return query instanceof z.core.$ZodObject && 'accountId' in query._zod.def.shape
}

const internalKeyPattern = /^(pk|sk|gsi\d+(pk|sk)|entity|idempotencyStatus|requestHash|inProgressExpiresAt)$/

/** Storage internals anywhere in a JSON value: key attributes, entity tags, TTLs, idempotency records. */
export function storageInternals(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => storageInternals(item, `${path}/${i}`))
  if (value === null || typeof value !== 'object') return []
  return Object.entries(value).flatMap(([key, inner]) => [
    ...(internalKeyPattern.test(key) || (key === 'expiresAt' && typeof inner === 'number')
      ? [`${path}/${key}`]
      : []),
    ...storageInternals(inner, `${path}/${key}`),
  ])
}

/** A local runtime with a counting client: every request and every 5xx ends up in the figures. */
export function useReliabilityApi(file: string) {
  const api: LocalApi = useLocalApi()
  const figures: Figures = {
    requests: 0,
    leaks: 0,
    serverErrors: 0,
    lostUpdates: 0,
    lostEvents: 0,
    retryLater: 0,
  }
  const tokens = new Map<DemoUser, string>()
  afterAll(async () => {
    await writeFile(join(inject('reliabilityFiguresDir'), `${file}.json`), JSON.stringify(figures))
  })

  async function request(method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...options.headers }
    if (options.token) headers.authorization = `Bearer ${options.token}`
    let body = options.rawBody
    if (options.body !== undefined) {
      body = JSON.stringify(options.body)
      headers['content-type'] ??= 'application/json'
    }
    figures.requests++
    const response = await fetch(api.url + path, { method, headers, body })
    const text = await response.text()
    let json: unknown
    try {
      // Newline-delimited JSON (the case export) is read as the list of its lines.
      const lines = /^application\/x-ndjson/.test(response.headers.get('content-type') ?? '')
      json = !text
        ? undefined
        : lines
          ? text
              .trimEnd()
              .split('\n')
              .map((line) => JSON.parse(line))
          : JSON.parse(text)
    } catch {
      json = undefined
    }
    // A 503 with Retry-After is the designed answer to an unavailable dependency (injected faults).
    if (response.status === 503 && response.headers.has('retry-after')) figures.retryLater++
    else if (response.status >= 500) {
      figures.serverErrors++
      console.error(`5xx: ${method} ${path} → ${response.status} ${text.slice(0, 500)}`)
    }
    return { status: response.status, headers: response.headers, text, json }
  }

  async function token(user: DemoUser): Promise<string> {
    let t = tokens.get(user)
    if (!t) {
      t = await api.tokenFor(demoUsers[user].email)
      tokens.set(user, t)
    }
    return t
  }

  return { api, figures, request, token }
}

/** What a survey names of its case: exactly what its link may show. */
export interface SurveyCase {
  id: string
  accountId: string
  number: string
  title: string
  contactId: string
}

/**
 * Opens the satisfaction survey of `c` in the runtime's table, as closing the case opens it, and
 * answers the token of its link, signed with the runtime's own key (local/server.ts sets the secret).
 */
export async function openSurveyOf(api: LocalApi, c: SurveyCase): Promise<string> {
  const secret = process.env.CURSOR_SECRET
  if (!secret) throw new Error('the local runtime sets CURSOR_SECRET')
  const doc = createDocumentClient({ region: 'us-east-1', endpoint: api.runtime.dynamodbEndpoint })
  const now = Date.now()
  await createSurveyRepository(doc, api.runtime.tableName).openSurvey({
    caseId: c.id,
    accountId: c.accountId,
    caseNumber: c.number,
    caseTitle: c.title,
    contactId: c.contactId,
    locale: 'en',
    createdAt: new Date(now).toISOString(),
    validUntil: new Date(now + surveyLifetimeDays * 24 * 60 * 60 * 1000).toISOString(),
  })
  return createSurveyTokens(deriveSigningKey(secret, 'survey-token')).tokenFor(c.id)
}

/**
 * A page route's 4xx (`page: true`, the hosted survey page) is a whole HTML page for people, sent
 * with the pages' strict Content-Security-Policy, never a problem document nor a stack trace.
 */
export function expectPage(reply: Reply, context: string): void {
  expect(reply.headers.get('content-type'), context).toBe('text/html; charset=utf-8')
  expect(reply.headers.get('content-security-policy'), context).toMatch(/^default-src 'none'/)
  expect(reply.text, context).toMatch(/^<!doctype html>[\s\S]*<h1>[^<]+<\/h1>[\s\S]*<\/html>\n$/)
}

/**
 * The error answer `route` gives: a page for a page route, else a problem document. A request a
 * page route's path pattern does not match (a raw `/` in the token) reaches no page: the API's
 * not-found answer is a problem document, as for any unknown path.
 */
export function expectErrorAnswer(route: RouteDefinition, reply: Reply, context: string): void {
  const html = /^text\/html/.test(reply.headers.get('content-type') ?? '')
  if (route.page && html) expectPage(reply, context)
  else expectProblem(reply, context)
}

/** A 4xx must be an RFC 9457 problem document whose status matches the response's. */
export function expectProblem(reply: Reply, context: string): void {
  expect(reply.headers.get('content-type'), context).toMatch(/^application\/problem\+json/)
  const problem = reply.json as Record<string, unknown>
  expect(problem, context).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status: reply.status,
    detail: expect.any(String),
  })
}
