import { Logger } from '@aws-lambda-powertools/logger'
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import middy from '@middy/core'
import * as z from '#src/zod.ts'

// The framework floor: the least an API function of this architecture carries before any code of
// its own (docs/performance.md) — the document client, one validated parameter through zod/mini,
// the Powertools logger, middy, and the Powertools metric every route's rate limit counts its
// refusals with. The bundle target is measured against it (with the function's other SDK clients).
const logger = new Logger({ serviceName: 'floor' })
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}))
const Params = z.object({ id: z.string().check(z.minLength(1)) })

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
})
