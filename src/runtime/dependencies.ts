import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { loadCursorSecret } from '#src/adapters/aws/secrets.ts'
import { type CursorCodec, createCursorCodec } from '#src/adapters/cursor.ts'
import { createCaseRepository } from '#src/adapters/dynamodb/case-repository.ts'
import { createDynamoDbClient, documentClientFor } from '#src/adapters/dynamodb/client.ts'
import { createDirectoryRepository } from '#src/adapters/dynamodb/directory-repository.ts'
import { createFileRepository } from '#src/adapters/dynamodb/file-repository.ts'
import { createArticleRepository } from '#src/adapters/dynamodb/kb-repository.ts'
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
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'
import type { AccountStore, ContactStore, StaffDirectory } from '#src/use-cases/ports/directory.ts'
import type { FileCatalog } from '#src/use-cases/ports/files.ts'
import type { ArticleCorpus, ArticleStore } from '#src/use-cases/ports/kb.ts'
import type { CaseExportSource, MetricsStore } from '#src/use-cases/ports/metrics.ts'
import type { SlaSettings } from '#src/use-cases/ports/sla.ts'
import type { SurveyStore } from '#src/use-cases/ports/surveys.ts'

/**
 * Everything most use cases need, built once per cold start (Lambda) or per process (local runtime):
 * the table's repositories, the clock, ids, the signing secret. Adapters of other services are
 * added by the few functions that use them (`withFileStore`, `withScheduler`, `withIdentity`,
 * `mailDependencies`), so their SDK clients stay out of every other bundle.
 */
export interface AppDependencies {
  config: Config
  dynamodb: DynamoDBClient
  clock: Clock
  ids: IdGenerator
  queueRouting: QueueRouting
  cases: CaseStore
  /** Customer accounts: read by most use cases, listed, created and changed by the account functions. */
  accounts: AccountStore
  /** Customer contacts, and who owns an e-mail address. */
  contacts: ContactStore
  staff: StaffDirectory
  slaSettings: SlaSettings
  /** Case file and folder records (the objects themselves: `withFileStore`). */
  files: FileCatalog
  fileRules: Config['files']
  surveys: SurveyStore
  /** Knowledge-base articles, and the corpus the search functions load their in-memory index from. */
  articles: ArticleStore & ArticleCorpus
  /** Signs the cursors of search results (offsets into a ranked list), as lists sign theirs. */
  kbCursors: () => Promise<CursorCodec>
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
  // One repository per aggregate, each reached under one name; the directory serves three ports.
  const directory = createDirectoryRepository(doc, config.tableName, cursorCodec)
  const metrics = createMetricsRepository(doc, config.tableName, cursorCodec)
  return {
    config,
    dynamodb,
    clock: config.clock === 'local' ? localClock : systemClock,
    ids: uuidGenerator,
    queueRouting: config.queueRouting,
    cases: createCaseRepository(doc, config.tableName, cursorCodec),
    accounts: directory,
    contacts: directory,
    staff: directory,
    slaSettings: createSlaSettingsRepository(doc, config.tableName),
    files: createFileRepository(doc, config.tableName, cursorCodec),
    fileRules: config.files,
    surveys: createSurveyRepository(doc, config.tableName),
    articles: createArticleRepository(doc, config.tableName, cursorCodec),
    kbCursors: cursorCodec,
    metrics,
    caseExport: metrics,
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
