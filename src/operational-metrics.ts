import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'

/** The CloudWatch namespace of Caseline's own metrics; the dashboard (lib/constructs/observability.ts) reads it. */
export const metricsNamespace = 'Caseline'

/**
 * The metrics the functions emit in CloudWatch embedded metric format (EMF), with the dimension
 * `service` (the stack, `POWERTOOLS_SERVICE_NAME`) and the ones named here. Everything else the
 * dashboard shows comes from AWS's own metrics (API Gateway, Lambda, SQS, Scheduler, SES).
 */
export const metricNames = {
  /** A request answered 429 by the per-caller rate limit; dimension `kind`: `reads` or `writes`. */
  rateLimited: 'RateLimited',
  /** The shared rate-limit counter could not be reached, so the request was let through. */
  rateLimitUnavailable: 'RateLimitUnavailable',
} as const

let metrics: Metrics | undefined

/**
 * Counts one occurrence and publishes it at once, as one EMF log line: these are rare events, so
 * there is no per-invocation flush to forget and no "no metrics" warning on every other request.
 * `POWERTOOLS_METRICS_DISABLED=true` turns them off (tests that do not look at them).
 */
export function countMetric(
  name: (typeof metricNames)[keyof typeof metricNames],
  dimensions: Record<string, string> = {},
): void {
  metrics ??= new Metrics({
    namespace: metricsNamespace,
    serviceName: process.env.POWERTOOLS_SERVICE_NAME || 'caseline',
  })
  metrics.addDimensions(dimensions)
  metrics.addMetric(name, MetricUnit.Count, 1)
  metrics.publishStoredMetrics()
}
