/**
 * Conditional GETs (RFC 9110, 13.1.2): a client that sends back the `ETag` it holds as
 * `If-None-Match` gets `304 Not Modified` while that representation is still current, and spends
 * neither the body's bytes nor the parsing of it (README, API conventions).
 */

/** The opaque part of an entity tag, without its weakness indicator: `W/"3"` and `"3"` both give `3`. */
function opaqueTag(entityTag: string): string {
  return entityTag.trim().replace(/^W\//, '')
}

/**
 * Whether `If-None-Match` matches the current `etag`, so that a GET answers 304: `*` matches any
 * current representation, and a list matches when any of its tags does. The comparison is weak,
 * as RFC 9110 prescribes for `If-None-Match`: `W/"3"` matches `"3"`.
 */
export function ifNoneMatchMatches(ifNoneMatch: string | undefined, etag: string | undefined): boolean {
  if (ifNoneMatch === undefined || etag === undefined) return false
  if (ifNoneMatch.trim() === '*') return true
  const current = opaqueTag(etag)
  return ifNoneMatch.split(',').some((tag) => opaqueTag(tag) === current)
}

/** The headers of a 304: those of the 200 it stands for (`ETag`, `Cache-Control`, ...), but no content type. */
export function notModifiedHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'content-type'))
}
