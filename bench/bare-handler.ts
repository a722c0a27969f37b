import { DynamoDBClient } from '@aws-sdk/client-dynamodb'

// The cold-init baseline: a handler that only imports the DynamoDB client and makes one at module scope.
const client = new DynamoDBClient({})

export async function handler(): Promise<{ statusCode: number; body: string }> {
  return { statusCode: 200, body: String(typeof client.send) }
}
