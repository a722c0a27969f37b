import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { CursorCodec } from '#src/adapters/cursor.ts'
import { createDynamoDbClient, documentClientFor } from '#src/adapters/dynamodb/client.ts'
import { localClock } from '#src/adapters/local-clock.ts'
import { systemClock, uuidGenerator } from '#src/adapters/system.ts'
import { type Config, readConfig } from '#src/config.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'

/**
 * What every function that reads the table starts from: the configuration, the process's one
 * DynamoDB client (every repository, the rate limiter and the idempotency records share it, so
 * the bench counts every call on it), its document client, the clock and ids.
 */
export interface TableContext {
  readonly config: Config
  readonly dynamodb: DynamoDBClient
  readonly doc: DynamoDBDocumentClient
  readonly clock: Clock
  readonly ids: IdGenerator
}

let cached: TableContext | undefined

/**
 * The table context, built on first use (Lambda: once per cold start; locally: once per process):
 * a missing or malformed variable fails that first use with its name. Nothing here calls AWS.
 */
export function tableContext(): TableContext {
  if (!cached) {
    const config = readConfig()
    const dynamodb = createDynamoDbClient({ region: config.region, endpoint: config.dynamodbEndpoint })
    cached = {
      config,
      dynamodb,
      doc: documentClientFor(dynamodb),
      clock: config.clock === 'local' ? localClock : systemClock,
      ids: uuidGenerator,
    }
  }
  return cached
}

/** The configuration, read and checked on first use. */
export const runtimeConfig = (): Config => tableContext().config

/** The runtime's clock: the system's, or the local runtime's movable one (`CLOCK=local`). */
export const clock = (): Clock => tableContext().clock

export const ids = (): IdGenerator => tableContext().ids

/**
 * The cursor source of a repository in a function that lists nothing. Lists sign their cursors
 * with the deployment's secret (`cursorCodec` in `cursor-codec.ts`), which only the listing
 * functions import, so the others carry no Secrets Manager client (docs/performance.md); a list
 * read through this fails loudly instead of paging unsigned.
 */
export function noCursors(): Promise<CursorCodec> {
  return Promise.reject(
    new Error('this function was built without a cursor codec: give its repository `cursorCodec`'),
  )
}
