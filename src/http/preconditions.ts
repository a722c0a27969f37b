import { PreconditionFailedError, PreconditionRequiredError, ValidationError } from '#src/domain/errors.ts'

/**
 * The version a client based its change on, from `If-Match`: a strong entity tag (`"3"`, or a bare
 * `3` for hand-written requests), or `*` for any current version (RFC 9110, 13.1.1), which the
 * use case takes as the version it reads. Missing → 428, so no client can overwrite blindly;
 * malformed → 400; a weak tag (`W/"3"`) → 412, as `If-Match` compares strongly and a weak tag
 * never matches.
 */
export function ifMatchVersion(headers: Record<string, string | undefined>): number | 'any' {
  const value = headers['if-match']
  if (value === undefined || value.trim() === '') {
    throw new PreconditionRequiredError(
      'Send If-Match with the ETag you read (GET the case first), so no change is lost.',
    )
  }
  if (value.trim() === '*') return 'any'
  if (/^\s*W\/"\d{1,9}"\s*$/.test(value)) {
    throw new PreconditionFailedError(
      'If-Match compares strongly, so a weak ETag (W/"3") never matches: send the ETag as it was sent ("3").',
    )
  }
  // An entity tag is quoted (`"3"`); a bare number is accepted for hand-written requests.
  const match = /^\s*(?:"(\d{1,9})"|(\d{1,9}))\s*$/.exec(value)
  if (!match) {
    throw new ValidationError('If-Match must be the ETag of the case, e.g. "3".', [
      { header: 'If-Match', detail: 'is not an ETag this API issued' },
    ])
  }
  return Number(match[1] ?? match[2])
}

/**
 * `If-Match` where a route honours it without requiring it: absent, or `*` (the resource exists,
 * which the use case checks anyway), the change applies to the version stored now; otherwise as
 * `ifMatchVersion`.
 */
export function optionalIfMatchVersion(headers: Record<string, string | undefined>): number | undefined {
  if (!headers['if-match']?.trim()) return undefined
  const version = ifMatchVersion(headers)
  return version === 'any' ? undefined : version
}
