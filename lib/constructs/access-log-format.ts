import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway'

/**
 * One JSON object per request, so CloudWatch Logs Insights can filter on any field. It names the
 * caller by `sub` only: no e-mail addresses, tokens, query strings or bodies end up in the logs.
 */
export const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    time: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    method: '$context.httpMethod',
    routeKey: '$context.routeKey',
    path: '$context.path',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationStatus: '$context.integration.status',
    integrationLatency: '$context.integration.latency',
    integrationError: '$context.integration.error',
    authorizerError: '$context.authorizer.error',
    userId: '$context.authorizer.claims.sub',
  }),
)
