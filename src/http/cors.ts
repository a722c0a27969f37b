/**
 * The CORS contract of the API, shared by the CDK HTTP API and the local server so that a browser
 * portal that works against one works against the other.
 */
export const corsAllowHeaders = [
  'authorization',
  'content-type',
  'idempotency-key',
  'if-match',
  'if-none-match',
] as const
export const corsExposeHeaders = [
  'allow',
  'etag',
  'link',
  'location',
  'ratelimit',
  'ratelimit-policy',
  'retry-after',
  'x-next-cursor',
] as const
export const corsMaxAgeSeconds = 3600
