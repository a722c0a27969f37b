import createClient, { type Client, type Middleware } from 'openapi-fetch'
import type { paths } from './schema.ts'

/** The typed client: `GET`, `POST`, `PATCH`, `PUT`, `DELETE` over the API's paths, checked by TypeScript. */
export type CaselineClient = Client<paths>

/** How to reach the API and whom to act as. */
export interface CaselineClientOptions {
  /** The API's URL without a trailing slash: `http://localhost:3000` locally, the stack's `ApiUrl` output on AWS. */
  baseUrl: string
  /**
   * The caller's token (a Cognito ID token; `POST /local/token` locally), read before every request,
   * so a portal can hand in a function that refreshes it.
   */
  token?: string | (() => string | Promise<string>)
  /** Another `fetch` (a test double, or one with a proxy); the global one by default. */
  fetch?: typeof fetch
}

/** A client for the Caseline API, built on openapi-fetch with the types generated from docs/openapi.json. */
export function createCaselineClient(options: CaselineClientOptions): CaselineClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })
  const { token } = options
  if (token !== undefined) client.use(bearerToken(token))
  return client
}

function bearerToken(token: string | (() => string | Promise<string>)): Middleware {
  return {
    async onRequest({ request }) {
      const value = typeof token === 'function' ? await token() : token
      request.headers.set('authorization', `Bearer ${value}`)
      return request
    },
  }
}

/**
 * A token from the local runtime's stand-in for Cognito's sign-in (`POST /local/token`, README.md,
 * "Demo users"); on AWS the portal signs in with Cognito instead.
 */
export async function localToken(
  baseUrl: string,
  email: string,
  fetchImpl: typeof fetch = fetch,
): Promise<string> {
  const response = await fetchImpl(`${baseUrl}/local/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  })
  if (!response.ok) throw new Error(`POST /local/token for ${email} answered ${response.status}`)
  const { token } = (await response.json()) as { token: string }
  return token
}
