import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { loadCursorSecret } from '#src/adapters/aws/secrets.ts'
import { createCursorCodec } from '#src/adapters/cursor.ts'
import { createCaseRepository } from '#src/adapters/dynamodb/case-repository.ts'
import { createDynamoDbClient, documentClientFor } from '#src/adapters/dynamodb/client.ts'
import {
  createDirectoryRepository,
  type DirectoryRepository,
} from '#src/adapters/dynamodb/directory-repository.ts'
import { createFileRepository } from '#src/adapters/dynamodb/file-repository.ts'
import { type ArticleRepository, createArticleRepository } from '#src/adapters/dynamodb/kb-repository.ts'
import { createMetricsRepository } from '#src/adapters/dynamodb/metrics-repository.ts'
import { createSlaSettingsRepository } from '#src/adapters/dynamodb/sla-settings-repository.ts'
import { createSurveyRepository } from '#src/adapters/dynamodb/survey-repository.ts'
import { localClock } from '#src/adapters/local-clock.ts'
import { deriveSigningKey, type SigningPurpose } from '#src/adapters/signing-key.ts'
import { systemClock, uuidGenerator } from '#src/adapters/system.ts'
import { type Config, ConfigurationError, readConfig } from '#src/config.ts'
import type { QueueRouting } from '#src/domain/queues.ts'
import { createReplyAddresses, type ReplyAddresses } from '#src/domain/reply-address.ts'
import { createSurveyTokens, type SurveyTokens } from '#src/domain/survey-token.ts'
import type {
  AccountStore,
  CaseExportSource,
  CaseStore,
  Clock,
  ContactStore,
  FileCatalog,
  IdGenerator,
  MetricsStore,
  SlaSettings,
  SurveyStore,
} from '#src/use-cases/ports.ts'

/**
 * Everything most use cases need, built once per cold start (Lambda) or per process (local runtime):
 * the table's repositories, the clock, ids, the signing secret. Adapters of other services are
 * added by the few functions that use them (`withFileStore`, `withScheduler`, `withIdentity`,
 * `mailDependencies`), so their SDK clients stay out of every other bundle.
 */
export interface AppDependencies {
  config: Config
  cases: CaseStore
  contacts: DirectoryRepository
  staff: DirectoryRepository
  accounts: DirectoryRepository
  slaSettings: SlaSettings
  dynamodb: DynamoDBClient
  queueRouting: QueueRouting
  clock: Clock
  ids: IdGenerator
  /** Case file and folder records (the objects themselves: `withFileStore`). */
  files: FileCatalog
  fileRules: Config['files']
  surveys: SurveyStore
  // --- accounts and contacts dependencies (issue 7) ---
  /** Accounts as admins manage them (list, create, change). */
  accountStore: AccountStore
  /** Contacts as customer admins and admins manage them (list, register, change). */
  contactStore: ContactStore
  // --- knowledge base dependencies (issue 7) ---
  /** Knowledge-base articles, and the corpus the search functions load their in-memory index from. */
  articles: ArticleRepository
  /** Signs the cursors of search results (offsets into a ranked list), as lists sign theirs. */
  kbCursors: () => Promise<import('#src/adapters/cursor.ts').CursorCodec>
  // --- metrics dependencies (issue 7) ---
  /** Metrics aggregates: written by the event handler, read by `GET /v1/metrics`. */
  metrics: MetricsStore
  /** All cases by creation time, for `GET /v1/cases/export`. */
  caseExport: CaseExportSource
  /** Survey links' tokens, keyed from the deployment's signing secret (fetched on first use). */
  surveyTokens(): Promise<SurveyTokens>
  /** Signed per-case reply addresses; fails with the variable's name without MAIL_REPLY_DOMAIN. */
  replyAddresses(): Promise<ReplyAddresses>
}

function build(config: Config): AppDependencies {
  const dynamodb = createDynamoDbClient({ region: config.region, endpoint: config.dynamodbEndpoint })
  const doc = documentClientFor(dynamodb)
  // One secret signs cursors, reply addresses and survey tokens, each with a key of its own.
  let secret: Promise<string> | undefined
  const signingSecret = () => {
    secret ??= loadCursorSecret(config)
    secret.catch(() => {
      secret = undefined // a failed fetch is retried by the next request
    })
    return secret
  }
  const cursorCodec = () => signingSecret().then(createCursorCodec)
  const signingKey = async (purpose: SigningPurpose) => deriveSigningKey(await signingSecret(), purpose)
  const directory = createDirectoryRepository(doc, config.tableName)
  const clock = config.clock === 'local' ? localClock : systemClock
  return {
    config,
    cases: createCaseRepository(doc, config.tableName, cursorCodec),
    contacts: directory,
    staff: directory,
    accounts: directory,
    slaSettings: createSlaSettingsRepository(doc, config.tableName),
    dynamodb,
    queueRouting: config.queueRouting,
    clock,
    ids: uuidGenerator,
    files: createFileRepository(doc, config.tableName, cursorCodec),
    fileRules: config.files,
    surveys: createSurveyRepository(doc, config.tableName),
    // --- accounts and contacts wiring (issue 7) ---
    // The same directory, with the cursor codec its lists (accounts, contacts) sign their cursors with.
    accountStore: createDirectoryRepository(doc, config.tableName, cursorCodec),
    contactStore: createDirectoryRepository(doc, config.tableName, cursorCodec),
    // --- knowledge base wiring (issue 7) ---
    articles: createArticleRepository(doc, config.tableName, cursorCodec),
    kbCursors: cursorCodec,
    // --- metrics wiring (issue 7) ---
    metrics: createMetricsRepository(doc, config.tableName, cursorCodec),
    caseExport: createMetricsRepository(doc, config.tableName, cursorCodec),
    surveyTokens: async () => createSurveyTokens(await signingKey('survey-token')),
    async replyAddresses() {
      const domain = config.mail.replyDomain
      if (!domain)
        throw new ConfigurationError(
          'Invalid environment: MAIL_REPLY_DOMAIN is required by functions that send or receive mail',
        )
      return createReplyAddresses(await signingKey('reply-address'), domain)
    },
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
