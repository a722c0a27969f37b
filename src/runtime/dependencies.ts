import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { CursorCodec } from '#src/adapters/cursor.ts'
import type { Config } from '#src/config.ts'
import type { QueueRouting } from '#src/domain/queues.ts'
import type { ReplyAddresses } from '#src/domain/reply-address.ts'
import type { SurveyTokens } from '#src/domain/survey-token.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'
import type { AccountStore, ContactStore, StaffDirectory } from '#src/use-cases/ports/directory.ts'
import type { FileCatalog } from '#src/use-cases/ports/files.ts'
import type { ArticleCorpus, ArticleStore } from '#src/use-cases/ports/kb.ts'
import type { CaseExportSource, MetricsStore } from '#src/use-cases/ports/metrics.ts'
import type { SlaSettings } from '#src/use-cases/ports/sla.ts'
import type { SurveyStore } from '#src/use-cases/ports/surveys.ts'
import { articleStore } from './article-store-dependency.ts'
import { caseStore, queueRouting } from './case-store-dependency.ts'
import { cursorCodec } from './cursor-codec.ts'
import { directory } from './directory-dependency.ts'
import { fileCatalog, fileRules } from './file-catalog-dependency.ts'
import { lazyDependencies } from './lazy-dependencies.ts'
import { replyAddresses } from './mail-dependencies.ts'
import { metricsStore } from './metrics-store-dependency.ts'
import { slaSettings } from './sla-settings-dependency.ts'
import { surveyStore, surveyTokens } from './survey-dependencies.ts'
import { clock, ids, runtimeConfig, tableContext } from './table-context.ts'

/**
 * The table's whole set of adapters in one object, for the bench and the tests that look at the
 * process's shared DynamoDB client (`dynamodb`). No function entry imports it: each declares the
 * few members its use case reads with `lazyDependencies` (docs/performance.md), so its bundle
 * carries nothing else.
 */
export interface AppDependencies {
  config: Config
  dynamodb: DynamoDBClient
  clock: Clock
  ids: IdGenerator
  queueRouting: QueueRouting
  cases: CaseStore
  accounts: AccountStore
  contacts: ContactStore
  staff: StaffDirectory
  slaSettings: SlaSettings
  files: FileCatalog
  fileRules: Config['files']
  surveys: SurveyStore
  articles: ArticleStore & ArticleCorpus
  cursorCodec(): Promise<CursorCodec>
  metrics: MetricsStore
  caseExport: CaseExportSource
  surveyTokens(): Promise<SurveyTokens>
  replyAddresses(): Promise<ReplyAddresses>
}

let cached: AppDependencies | undefined

/**
 * The process-wide set, each member built on first read from the same builders the entries use
 * (one DynamoDB client, one signing secret): a missing variable fails the first read with its
 * name. Nothing here calls AWS; the cursor key is fetched only when a list needs it.
 */
export function dependencies(): AppDependencies {
  const withDirectory = () => directory(cursorCodec)
  const withMetrics = () => metricsStore(cursorCodec)
  cached ??= lazyDependencies<AppDependencies>({
    config: runtimeConfig,
    dynamodb: () => tableContext().dynamodb,
    clock,
    ids,
    queueRouting,
    cases: () => caseStore(cursorCodec),
    accounts: withDirectory,
    contacts: withDirectory,
    staff: withDirectory,
    slaSettings,
    files: () => fileCatalog(cursorCodec),
    fileRules,
    surveys: surveyStore,
    articles: () => articleStore(cursorCodec),
    cursorCodec: () => cursorCodec,
    metrics: withMetrics,
    caseExport: withMetrics,
    surveyTokens: () => surveyTokens,
    replyAddresses: () => replyAddresses,
  })
  return cached
}
