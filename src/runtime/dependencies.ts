import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { loadCursorSecret } from '#src/adapters/aws/secrets.ts'
import { type CursorCodec, createCursorCodec } from '#src/adapters/cursor.ts'
import { createCaseRepository } from '#src/adapters/dynamodb/case-repository.ts'
import { createDynamoDbClient, documentClientFor } from '#src/adapters/dynamodb/client.ts'
import {
  createDirectoryRepository,
  type DirectoryRepository,
} from '#src/adapters/dynamodb/directory-repository.ts'
import { systemClock, uuidGenerator } from '#src/adapters/system.ts'
import { type Config, readConfig } from '#src/config.ts'
import type { QueueRouting } from '#src/domain/queues.ts'
import type { CaseStore, Clock, IdGenerator } from '#src/use-cases/ports.ts'

/** Everything the use cases need, built once per cold start (Lambda) or per process (local runtime). */
export interface AppDependencies {
  config: Config
  cases: CaseStore
  contacts: DirectoryRepository
  staff: DirectoryRepository
  dynamodb: DynamoDBClient
  queueRouting: QueueRouting
  clock: Clock
  ids: IdGenerator
}

function build(config: Config): AppDependencies {
  const dynamodb = createDynamoDbClient({ region: config.region, endpoint: config.dynamodbEndpoint })
  const doc = documentClientFor(dynamodb)
  let cursors: Promise<CursorCodec> | undefined
  const cursorCodec = () => {
    cursors ??= loadCursorSecret(config).then(createCursorCodec)
    cursors.catch(() => {
      cursors = undefined // a failed fetch is retried by the next request
    })
    return cursors
  }
  const directory = createDirectoryRepository(doc, config.tableName)
  return {
    config,
    cases: createCaseRepository(doc, config.tableName, cursorCodec),
    contacts: directory,
    staff: directory,
    dynamodb,
    queueRouting: config.queueRouting,
    clock: systemClock,
    ids: uuidGenerator,
  }
}

let cached: AppDependencies | undefined

/**
 * The process-wide dependencies, built on first use: a missing variable fails the first invocation
 * with its name. Nothing here calls AWS; the cursor key is fetched only when a list needs it.
 */
export function dependencies(): AppDependencies {
  cached ??= build(readConfig())
  return cached
}
