import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency'
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb'
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware'
import { Logger } from '@aws-lambda-powertools/logger'
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import middy from '@middy/core'
import * as z from '#src/zod.ts'

// The framework floor of a creating route (docs/performance.md): `framework-floor-handler.ts` plus
// Powertools idempotency with a JMESPath key, which every route that honours `Idempotency-Key`
// carries (src/runtime/idempotency.ts). Not a target; the bundle target is measured against it.
const logger = new Logger({ serviceName: 'floor' })
const client = new DynamoDBClient({})
const doc = DynamoDBDocumentClient.from(client)
const Params = z.object({ id: z.string().check(z.minLength(1)) })
const idempotency = makeHandlerIdempotent({
  persistenceStore: new DynamoDBPersistenceLayer({ tableName: 'floor', awsSdkV3Client: client }),
  config: new IdempotencyConfig({ eventKeyJmesPath: 'headers."idempotency-key"' }),
})

export const handler = middy(async (event: { pathParameters?: unknown }) => {
  const { id } = Params.parse(event.pathParameters)
  const { Item } = await doc.send(
    new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: id, sk: id } }),
  )
  logger.info('read', { found: Item !== undefined })
  if (!Item) {
    // Every route counts its rate-limit refusals as an EMF metric (src/operational-metrics.ts).
    const metrics = new Metrics({ namespace: 'floor' })
    metrics.addMetric('NotFound', MetricUnit.Count, 1)
    metrics.publishStoredMetrics()
  }
  return { statusCode: Item ? 200 : 404, body: JSON.stringify(Item ?? {}) }
}).use(idempotency)
