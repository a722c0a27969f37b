import type { CaselineClient } from './client.ts'
import { dataOf } from './problem-error.ts'
import type { Case, ContactExportLine } from './types.ts'

/** The period of a case export: UTC days, both included, at most 366. */
export interface CaseExportOptions {
  /** The first day (`2026-01-01`). */
  from: string
  /** The last day (`2026-12-31`). */
  to: string
  /** Cases per request (1–100, 25 by default). */
  limit?: number
}

/**
 * Every case created in a period, oldest first, as `GET /v1/cases/export` answers them (one case
 * per line of newline-delimited JSON), page after page: the next page's cursor comes in the
 * `X-Next-Cursor` header, absent on the last page. Managers and admins only. A page is fetched only
 * when the one before is used up, so `break` stops the requests too; an error answer throws a
 * `ProblemError`.
 *
 * @example
 * for await (const c of allExportedCases(client, { from: '2026-01-01', to: '2026-03-31' })) rows.push(c)
 */
export async function* allExportedCases(
  client: CaselineClient,
  options: CaseExportOptions,
): AsyncGenerator<Case, void, undefined> {
  let cursor: string | undefined
  do {
    const result = await client.GET('/v1/cases/export', {
      params: { query: { ...options, ...(cursor !== undefined ? { cursor } : {}) } },
      parseAs: 'text',
    })
    yield* jsonLines<Case>(dataOf(result))
    cursor = result.response.headers.get('x-next-cursor') ?? undefined
  } while (cursor !== undefined)
}

/** Whose access export: a contact of an account (a customer admin: of its own account). */
export interface ContactExportOptions {
  accountId: string
  contactId: string
  /** Lines per request (1–1000, 1000 by default; a page also ends at about 4 MB). */
  limit?: number
}

/**
 * Every line of a person's access export (docs/privacy.md), section by section, as
 * `GET /v1/accounts/{accountId}/contacts/{contactId}/export` answers them (newline-delimited JSON),
 * page after page: while more remain, the `Link: <…?cursor=…>; rel="next"` header names the next
 * page. Customer admins and admins only. A page is fetched only when the one before is used up,
 * so `break` stops the requests too; an error answer throws a `ProblemError`.
 *
 * @example
 * for await (const line of allContactExportLines(client, { accountId, contactId })) archive.write(line)
 */
export async function* allContactExportLines(
  client: CaselineClient,
  options: ContactExportOptions,
): AsyncGenerator<ContactExportLine, void, undefined> {
  const { accountId, contactId, limit } = options
  let cursor: string | undefined
  do {
    const result = await client.GET('/v1/accounts/{accountId}/contacts/{contactId}/export', {
      params: {
        path: { accountId, contactId },
        query: { ...(limit !== undefined ? { limit } : {}), ...(cursor !== undefined ? { cursor } : {}) },
      },
      parseAs: 'text',
    })
    yield* jsonLines<ContactExportLine>(dataOf(result))
    cursor = nextPageCursor(result.response.headers.get('link'))
  } while (cursor !== undefined)
}

/** The items of a newline-delimited JSON body (an empty page has no body at all). */
function jsonLines<Item>(body: string | undefined): Item[] {
  return (body ?? '')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Item)
}

/**
 * The `cursor` of the URL a `Link` header names as `rel="next"` (RFC 8288); undefined without
 * such a link, which marks the last page. The URL is relative to the API, so only its query counts.
 */
export function nextPageCursor(link: string | null): string | undefined {
  if (!link) return undefined
  // `<url>; rel="next", <url>; rel="prev"`: links apart at each comma before a `<`.
  for (const value of link.split(/,(?=\s*<)/)) {
    const [, target = '', parameters = ''] = /^\s*<([^>]*)>(.*)$/.exec(value) ?? []
    const rel = parameters
      .split(';')
      .map((parameter) => /^\s*rel\s*=\s*"?([^"]*)"?\s*$/i.exec(parameter)?.[1])
      .find((relations) => relations !== undefined)
    // `rel` may name several relations, space-separated.
    if (!rel?.toLowerCase().split(/\s+/).includes('next')) continue
    const cursor = new URL(target, 'https://api.invalid').searchParams.get('cursor')
    if (cursor === null) throw new Error(`The next page's link names no cursor: ${link}`)
    return cursor
  }
  return undefined
}
