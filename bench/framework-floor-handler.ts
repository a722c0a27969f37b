import { Logger } from '@aws-lambda-powertools/logger'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import middy from '@middy/core'
import * as z from '#src/zod.ts'

// The framework floor: the least an API function of this architecture carries before any code of
// its own (docs/performance.md) — the document client, one validated parameter through zod/mini,
// the Powertools logger and middy. Not a target; it shows how much room the bundle target leaves.
const logger = new Logger({ serviceName: 'floor' })
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}))
const Params = z.object({ id: z.string().check(z.minLength(1)) })

export const handler = middy(async (event: { pathParameters?: unknown }) => {
  const { id } = Params.parse(event.pathParameters)
  const { Item } = await doc.send(
    new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: id, sk: id } }),
  )
  logger.info('read', { found: Item !== undefined })
  return { statusCode: Item ? 200 : 404, body: JSON.stringify(Item ?? {}) }
})
