/**
 * The origin of the API that served a request: `https://<API domain>` in AWS (API Gateway sets
 * `X-Forwarded-Proto`), `http://localhost:<port>` locally. Undefined for a `Host` that is no plain
 * host name, so a forged header never becomes a link.
 */
export function requestOrigin(headers: Record<string, string | undefined>): string | undefined {
  const host = headers.host
  if (!host || !/^[a-z0-9.-]+(:\d{1,5})?$/i.test(host)) return undefined
  const local = /^(localhost|127\.0\.0\.1)(:\d+)?$/i.test(host)
  const proto = headers['x-forwarded-proto'] ?? (local ? 'http' : 'https')
  return `${proto === 'http' ? 'http' : 'https'}://${host}`
}

/**
 * Reply headers with a path-only `Location` made absolute against the request's origin, as a
 * client following it from anywhere needs; the API is served at the root of its domain (the HTTP
 * API's `$default` stage), so the route's path is the URL's path.
 */
export function withAbsoluteLocation(
  headers: Record<string, string> | undefined,
  requestHeaders: Record<string, string | undefined>,
): Record<string, string> | undefined {
  const location = headers?.location
  if (!location?.startsWith('/')) return headers
  const origin = requestOrigin(requestHeaders)
  return origin ? { ...headers, location: `${origin}${location}` } : headers
}
