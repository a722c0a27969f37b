import { randomUUID } from 'node:crypto'
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb'
import { afterAll, inject } from 'vitest'
import { documentClientFor } from '#src/adapters/dynamodb/client.ts'
import { createTableInput } from '#src/adapters/dynamodb/table-definition.ts'

/**
 * Tables of their own in the shared DynamoDB Local, for a repository's integration tests: each
 * `freshTable()` creates one with the project's definition, and all are deleted after the file.
 */
export function useLocalTables(prefix: string) {
  const client = new DynamoDBClient({
    endpoint: inject('dynamodbEndpoint'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  const tables: string[] = []
  afterAll(async () => {
    await Promise.all(tables.map((TableName) => client.send(new DeleteTableCommand({ TableName }))))
    client.destroy()
  })
  return {
    client,
    doc: documentClientFor(client),
    /** Creates a table of its own and answers its name. */
    async freshTable(): Promise<string> {
      const tableName = `caseline-test-${prefix}-${randomUUID()}`
      tables.push(tableName)
      await client.send(new CreateTableCommand(createTableInput(tableName)))
      await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: tableName })
      return tableName
    },
  }
}
