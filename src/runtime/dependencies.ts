import { loadCursorSecret } from '#src/adapters/aws/secrets.ts'
import { createCursorCodec } from '#src/adapters/cursor.ts'
import { createCaseRepository } from '#src/adapters/dynamodb/case-repository.ts'
import { createDocumentClient } from '#src/adapters/dynamodb/client.ts'
import {
  createDirectoryRepository,
  type DirectoryRepository,
} from '#src/adapters/dynamodb/directory-repository.ts'
import { systemClock, uuidGenerator } from '#src/adapters/system.ts'
import { type Config, readConfig } from '#src/config.ts'
import type { CaseStore, Clock, IdGenerator } from '#src/use-cases/ports.ts'

/** Everything the use cases need, built once per cold start (Lambda) or per process (local runtime). */
export interface AppDependencies {
  config: Config
  cases: CaseStore
  contacts: DirectoryRepository
  directory: DirectoryRepository
  clock: Clock
  ids: IdGenerator
}

async function build(config: Config): Promise<AppDependencies> {
  const doc = createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint })
  const cursors = createCursorCodec(await loadCursorSecret(config))
  const directory = createDirectoryRepository(doc, config.tableName)
  return {
    config,
    cases: createCaseRepository(doc, config.tableName, cursors),
    contacts: directory,
    directory,
    clock: systemClock,
    ids: uuidGenerator,
  }
}

let cached: Promise<AppDependencies> | undefined

/**
 * The process-wide dependencies. Config is read on first use, so a missing variable fails the
 * first invocation with its name; a failed build (e.g. the secret was unreachable) is retried next time.
 */
export function dependencies(): Promise<AppDependencies> {
  if (!cached) {
    cached = build(readConfig())
    cached.catch(() => {
      cached = undefined
    })
  }
  return cached
}
