import { type FieldError, ValidationError } from '#src/domain/errors.ts'
import * as z from '#src/zod.ts'

type Location = 'body' | 'query' | 'path'

/** Escapes one JSON-pointer reference token (RFC 6901). */
function pointerToken(segment: PropertyKey): string {
  return String(segment).replaceAll('~', '~0').replaceAll('/', '~1')
}

function fieldErrorsOf(error: z.core.$ZodError, location: Location): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    // Unknown fields are reported one pointer each, so the client sees exactly what to drop.
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined]
    return keys.map((key) => {
      const path = key === undefined ? issue.path : [...issue.path, key]
      const detail = key === undefined ? issue.message : 'is not a known field'
      if (location === 'body')
        return { pointer: `/${path.map(pointerToken).join('/')}`.replace(/\/$/, '') || '', detail }
      return { parameter: String(path[0] ?? ''), detail }
    })
  })
}

/** Parses one part of a request with its schema, or throws a 400 naming every invalid field. */
export function parseRequestPart<S extends z.core.$ZodType>(
  schema: S,
  value: unknown,
  location: Location,
): z.output<S> {
  // The functional form: a route's schema is typed as zod's core type, which has no methods.
  const result = z.safeParse(schema, value)
  if (result.success) return result.data
  const what = location === 'body' ? 'request body' : location === 'query' ? 'query string' : 'path'
  throw new ValidationError(
    `The ${what} has invalid fields; see errors.`,
    fieldErrorsOf(result.error, location),
  )
}

/** Reads a JSON body as API Gateway delivers it (possibly base64-encoded); 400 if it is not JSON. */
export function parseJsonBody(body: string | undefined, isBase64Encoded: boolean): unknown {
  if (body === undefined || body === '') {
    throw new ValidationError('This request needs a JSON body.', [{ pointer: '', detail: 'is missing' }])
  }
  const text = isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body
  try {
    return JSON.parse(text)
  } catch {
    throw new ValidationError('The request body is not valid JSON.', [
      { pointer: '', detail: 'is not valid JSON' },
    ])
  }
}

/**
 * Reads a form as a browser posts it without script (`application/x-www-form-urlencoded`, possibly
 * base64-encoded by API Gateway): each field's value as a string; a repeated field keeps its first
 * value, as the page's own form never repeats one. An empty body is a form without fields.
 */
export function parseFormBody(body: string | undefined, isBase64Encoded: boolean): Record<string, string> {
  const text = body === undefined ? '' : isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body
  const fields: Record<string, string> = {}
  for (const [name, value] of new URLSearchParams(text)) {
    // Own properties only: a field named `__proto__` must not reach the prototype.
    if (!Object.hasOwn(fields, name)) Object.defineProperty(fields, name, { value, enumerable: true })
  }
  return fields
}
