import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, inject } from 'vitest'
import { type LocalRuntime, type LocalRuntimeOptions, startLocalRuntime } from '#local/server.ts'
import type { LocalMail } from '#local/ses-local.ts'
import type { Case } from '#src/domain/case.ts'
import { documentViolations } from './response-validator.ts'

/** An RFC 9457 problem document as the API answers errors. */
export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  errors?: { pointer?: string; parameter?: string; header?: string; detail: string }[]
}

/** One page of a list (docs/architecture.md, API conventions). */
export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export interface ApiResponse<T = unknown> {
  status: number
  headers: Headers
  body: T
}

/** A client for the local runtime that behaves like a portal would: JSON in, JSON or problem+json out. */
export class LocalApi {
  #runtime: LocalRuntime | undefined
  /** Answers that broke the API's own document (docs/openapi.json): every file's journeys are checked. */
  readonly violations: string[] = []

  attach(runtime: LocalRuntime | undefined): void {
    this.#runtime = runtime
  }

  get runtime(): LocalRuntime {
    if (!this.#runtime)
      throw new Error('the local runtime is not running: call useLocalApi() at the top of the file')
    return this.#runtime
  }

  get url(): string {
    return this.runtime.url
  }

  async tokenFor(email: string): Promise<string> {
    const response = await this.request<{ token: string }>('POST', '/local/token', { body: { email } })
    if (response.status !== 200) throw new Error(`no token for ${email}: ${response.status}`)
    return response.body.token
  }

  /** The mail sent so far, newest first, once every case event written so far was handled (`GET /local/mail`). */
  async sentMail(filter: { to?: string } = {}): Promise<LocalMail[]> {
    const response = await this.request<LocalMail[]>('GET', '/local/mail')
    if (response.status !== 200) throw new Error(`GET /local/mail answered ${response.status}`)
    return filter.to ? response.body.filter((mail) => mail.to.includes(filter.to as string)) : response.body
  }

  /** Files a case as `token`'s user (title, a description made of it, a product), failing unless it was created. */
  async fileCase<T = Case>(token: string, title: string, fields: Record<string, unknown> = {}): Promise<T> {
    const created = await this.request<T>('POST', '/v1/cases', {
      token,
      body: { title, description: `${title}, described.`, product: 'Caseline ERP', ...fields },
    })
    if (created.status !== 201) throw new Error(`filing "${title}" answered ${created.status}`)
    return created.body
  }

  async request<T = unknown>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers }
    if (options.token) headers.authorization = `Bearer ${options.token}`
    let body: string | undefined = options.rawBody
    if (options.body !== undefined) {
      body = JSON.stringify(options.body)
      headers['content-type'] ??= 'application/json'
    }
    const response = await fetch(this.url + path, { method, headers, body })
    const text = await response.text()
    const answer = {
      status: response.status,
      headers: response.headers,
      body: (text ? JSON.parse(text) : undefined) as T,
    }
    this.violations.push(...documentViolations(method, path, answer))
    return answer
  }
}

/**
 * Starts the local runtime for one test file, on a free port, with a table of its own in the shared
 * DynamoDB Local, so files can run in any order without seeing each other's cases.
 */
export function useLocalApi(options: Pick<LocalRuntimeOptions, 'invokeStream' | 'stream'> = {}): LocalApi {
  const api = new LocalApi()
  beforeAll(async () => {
    api.attach(
      await startLocalRuntime({
        port: 0,
        dynamodbEndpoint: inject('dynamodbEndpoint'),
        tableName: `caseline-test-${randomUUID()}`,
        // Redeliveries of a failed stream record follow quickly in tests.
        stream: { retryDelayMs: 20, ...options.stream },
        ...(options.invokeStream ? { invokeStream: options.invokeStream } : {}),
      }),
    )
  })
  afterAll(async () => {
    await api.runtime.stop()
    api.attach(undefined)
    // Every journey of the file is also a check of the document: an answer that breaks it fails the file.
    if (api.violations.length) {
      throw new Error(`Answers that break docs/openapi.json:\n${api.violations.join('\n')}`)
    }
  })
  return api
}
