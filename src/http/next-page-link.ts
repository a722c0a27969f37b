/**
 * The `Link` header value of a paged answer's next page (RFC 8288): `<path?cursor=…&limit=…>;
 * rel="next"`. The URL is relative to the API's base (the path as the route table names it), so
 * it holds behind any stage or custom domain; the client's `limit` is carried along.
 */
export function nextPageLink(path: string, cursor: string, limit?: number): string {
  const query = new URLSearchParams({ cursor })
  if (limit !== undefined) query.set('limit', String(limit))
  return `<${path}?${query.toString()}>; rel="next"`
}
