import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency'
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb'
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { idempotencyPartition } from '#src/adapters/dynamodb/keys.ts'
import { tableDefinition } from '#src/adapters/dynamodb/table-definition.ts'

/** How long a retry with the same Idempotency-Key gets the first response back. */
const retentionSeconds = 24 * 60 * 60

/**
 * `Idempotency-Key` for creating requests (docs/architecture.md, API conventions), with the Powertools idempotency utility
 * persisting into our single table. The key is scoped to the caller and the request target, so
 * two users (or two routes) can never collide; the body must match the first request's, otherwise
 * the retry is refused (422). Requests without the header are not deduplicated.
 */
export function idempotencyMiddleware(options: {
  client: DynamoDBClient
  tableName: string
  functionName: string
}) {
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: options.tableName,
    awsSdkV3Client: options.client,
    keyAttr: tableDefinition.partitionKey,
    sortKeyAttr: tableDefinition.sortKey,
    staticPkValue: idempotencyPartition(options.functionName),
    expiryAttr: tableDefinition.timeToLiveAttribute,
    inProgressExpiryAttr: 'inProgressExpiresAt',
    statusAttr: 'idempotencyStatus',
    dataAttr: 'response',
    validationKeyAttr: 'requestHash',
  })
  const config = new IdempotencyConfig({
    eventKeyJmesPath:
      'headers."idempotency-key" && [requestContext.authorizer.jwt.claims.sub, requestContext.http.method, rawPath, headers."idempotency-key"]',
    payloadValidationJmesPath: 'body',
    hashFunction: 'sha256',
    expiresAfterSeconds: retentionSeconds,
    throwOnNoIdempotencyKey: false,
  })
  return ownRecordsOnly(makeHandlerIdempotent({ persistenceStore, config }))
}

/** Marks, on the request, that its own `before` saved the in-progress record. */
const savedInProgress = 'caseline.idempotency.savedInProgress'

/**
 * Powertools deletes the in-progress record in `onError`, and middy runs `onError` also when
 * `before` itself threw: a request refused because the key is in progress (409) or was used with
 * another body (422) would delete the record of the request that owns it, and the next retry
 * would run the handler a second time (two cases for one key). Only the request that saved the
 * record may delete it.
 */
function ownRecordsOnly(middleware: ReturnType<typeof makeHandlerIdempotent>) {
  type Request = Parameters<NonNullable<typeof middleware.before>>[0]
  return {
    before: async (request: Request) => {
      const cached = await middleware.before?.(request)
      // A cached response ends the request here; otherwise this request now owns the record.
      if (cached === undefined) request.internal[savedInProgress] = true
      return cached
    },
    after: middleware.after,
    onError: async (request: Request) => {
      if (request.internal[savedInProgress] === true) await middleware.onError?.(request)
    },
  }
}
