import { PreconditionRequiredError, ValidationError } from '#src/domain/errors.ts'

/**
 * The case version a client based its change on, from `If-Match` (`"3"`, `W/"3"` or `3`).
 * Missing → 428, so no client can overwrite a case blindly; malformed → 400.
 */
export function ifMatchVersion(headers: Record<string, string | undefined>): number {
  const value = headers['if-match']
  if (value === undefined || value.trim() === '') {
    throw new PreconditionRequiredError(
      'Send If-Match with the ETag you read (GET the case first), so no change is lost.',
    )
  }
  // An entity tag is quoted (`"3"`, weak `W/"3"`); a bare number is accepted for hand-written requests.
  const match = /^\s*(?:(?:W\/)?"(\d{1,9})"|(\d{1,9}))\s*$/.exec(value)
  if (!match) {
    throw new ValidationError('If-Match must be the ETag of the case, e.g. "3".', [
      { header: 'If-Match', detail: 'is not an ETag this API issued' },
    ])
  }
  return Number(match[1] ?? match[2])
}
