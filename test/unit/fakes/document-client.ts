import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { mockClient } from 'aws-sdk-client-mock'
import { afterAll } from 'vitest'
import { createCursorCodec } from '#src/adapters/cursor.ts'

/**
 * What a repository's unit test talks to: the mocked document client (`ddb`, for its calls and
 * answers), a client to hand the repository, a cursor codec and the table's name. Call it once at
 * the top of a test file.
 */
export function mockedDocumentClient() {
  const ddb = mockClient(DynamoDBDocumentClient)
  // Unit tests share one module graph: give the real client back to the files that run later.
  afterAll(() => {
    ddb.restore()
  })
  return {
    ddb,
    doc: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' })),
    cursors: createCursorCodec('unit-test-cursor-secret-0123456789abcdef'),
    tableName: 'caseline-test',
  }
}
