import * as z from '#src/zod.ts'

/*
 * What the request schemas of every aggregate share: ids, text fields and paging. It lives apart
 * from any aggregate's schemas because every schema built at module scope is built at each cold
 * start of every function that imports its module (docs/performance.md); an account or a webhook
 * function importing the case schemas for an id would build all of them.
 */

/** Ids are opaque to clients: any well-formed token is accepted and an unknown one is simply not found. */
export const resourceId = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id of letters, digits, - or _'))

/**
 * A described copy of `resourceId` for one path or query parameter: the shared schema itself stays
 * without a description, so each parameter tells what it names (a case, a file, a webhook, ...).
 */
export const idOf = (description: string) => resourceId.clone().register(z.globalRegistry, { description })

/** A required line of text as people type it: trimmed, not empty, at most `max` characters. */
export const shortText = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max))

/** A list's `limit`: 1–100, 25 when absent (docs/architecture.md, "API conventions"). */
export const pageLimit = () =>
  z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 25).register(z.globalRegistry, {
    description: 'At most this many items on the page (1–100, 25 when absent)',
  })

/** A list's opaque `cursor`: the `nextCursor` of the page before. */
export const pageCursor = () =>
  z.optional(z.string().check(z.minLength(1), z.maxLength(2048))).register(z.globalRegistry, {
    description:
      'Opaque: the `nextCursor` of the page before, with the same filters; absent for the first page',
  })

/** `limit` and `cursor`, as every list takes them (docs/data-model.md, "Pagination"). */
export const PageQuery = z.strictObject({ limit: pageLimit(), cursor: pageCursor() })

/** `/v1/cases/{caseId}/…`: the case a route is about (its files, SLA, articles, …). */
/** The `{caseId}` of every route under `/v1/cases/{caseId}`. */
export const caseIdParam = idOf(
  'The case (for customers: of their own account; another account’s case is 404, never 403)',
)

export const CaseIdParams = z.object({ caseId: caseIdParam })

/**
 * The check every PATCH body makes: it names at least one field to change (a 400 pointing at the
 * body). It runs only on an object, so a body of the wrong type gets zod's own message alone.
 */
export const namesAFieldToChange = () =>
  z.superRefine(
    (body: object, ctx) => {
      if (Object.keys(body).length === 0) {
        ctx.addIssue({ code: 'custom', path: [], message: 'names no field to change' })
      }
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  )
