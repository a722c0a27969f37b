import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'

/**
 * The DynamoDB client every repository shares. `endpoint` is set only locally (DynamoDB Local);
 * in AWS the SDK resolves the regional endpoint itself.
 */
export function createDynamoDbClient(options: {
  region: string
  endpoint?: string | undefined
}): DynamoDBClient {
  return new DynamoDBClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    maxAttempts: 3,
  })
}

/** The document client over `client`: plain JavaScript values in and out. */
export function documentClientFor(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  })
}

export function createDocumentClient(options: {
  region: string
  endpoint?: string | undefined
}): DynamoDBDocumentClient {
  return documentClientFor(createDynamoDbClient(options))
}
