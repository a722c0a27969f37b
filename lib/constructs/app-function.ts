import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib'
import type { IUserPool } from 'aws-cdk-lib/aws-cognito'
import type { ITable } from 'aws-cdk-lib/aws-dynamodb'
import type { IEventBus } from 'aws-cdk-lib/aws-events'
import { type IRole, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda'
import { type ICommandHooks, LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import type { IBucket } from 'aws-cdk-lib/aws-s3'
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager'
import type { IQueue } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import { cognitoAdminActions } from '#src/adapters/aws/cognito-identity.ts'
import { filesPrefix, uploadPrefix } from '#src/adapters/aws/file-object-keys.ts'
import { tableDefinition } from '#src/adapters/dynamodb/table-definition.ts'
import { type EnvVarName, envVar } from '#src/environment.ts'
import { handlerRuntimeFiles } from '#src/http/docs-routes.ts'
import type { FileAccess, InboundMailAccess } from '#src/http/route-table.ts'
import type { EntryDefinition } from '#src/runtime/entries.ts'
import { type RateLimitSettings, readQueueSeedSettings } from '../settings.ts'
import type { MailingTarget } from './case-mail.ts'
import { inboundMailPrefix } from './inbound-mail.ts'
import {
  acknowledgeFileObjectWildcards,
  acknowledgeInboundMailDeletion,
  acknowledgePinnedRuntime,
  acknowledgeScheduleGroupWildcard,
  acknowledgeXrayWildcard,
} from './nag-suppressions.ts'

// This file is lib/constructs/app-function.ts: the repository root is two levels up.
const projectRoot = fileURLToPath(new URL('../..', import.meta.url))
const functionsDir = fileURLToPath(new URL('../../functions/', import.meta.url))

/** How a function may use the table: GET routes read, everything else reads and writes. */
export type TableAccess = 'read' | 'readWrite'

/**
 * The Scheduler actions the timer adapter uses (src/adapters/aws/eventbridge-scheduler.ts), on the
 * schedules of the stage's group only. It never reads a schedule back, so no GetSchedule.
 */
export const schedulerActions = [
  'scheduler:CreateSchedule',
  'scheduler:UpdateSchedule',
  'scheduler:DeleteSchedule',
] as const

/** What a function needs to know about the timers (see `CaseTimers`). */
export interface TimerTarget {
  /** The stage's schedule group, a literal name. */
  readonly scheduleGroupName: string
  /** The timer function's ARN, the target of every schedule. */
  readonly targetArn: string
  /** The role Scheduler assumes to invoke the target and to dead-letter. */
  readonly invokeRole: IRole
  readonly deadLetterQueue: IQueue
}

/**
 * The item actions the handlers use (transactions are authorised per contained action). Scan is
 * deliberately absent: no request path scans (docs/data-model.md), so no function is allowed to.
 */
export const tableActions = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
  write: [
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:ConditionCheckItem',
  ],
} as const

/**
 * How a function uses the case-files bucket: a route's `FileAccess`, `check` (the file-ready
 * function), `store` (mail-in's attachments) or `purge` (the retention job: every object and version
 * of a case, listed by its prefixes).
 */
export type FilesAccess = FileAccess | 'check' | 'store' | 'purge'

/** The file settings the runtime reads besides the bucket (see `AppSettings`). */
export interface FileSettings {
  /** Downloads wait for GuardDuty's clean tag (`FILE_SCAN_REQUIRED`). */
  readonly malwareScan: boolean
  /** `FILE_BLOCKED_TYPES`; undefined: the built-in list. */
  readonly blockedFileTypes: string | undefined
}

/**
 * The S3 actions each kind of file access needs, by area of the bucket. Presigned URLs are signed
 * with the function's credentials, so presigning an upload needs PutObject and a download GetObject.
 * The `…Version` actions are for a versioned bucket's exact versions; the local S3 (s3rver) keeps
 * none, so only AWS exercises them, never the IAM proof (docs/iam.md).
 */
export function fileActions(
  access: FilesAccess,
  settings: Pick<FileSettings, 'malwareScan'>,
): { uploads: string[]; files: string[] } {
  switch (access) {
    case 'presignUpload':
      return { uploads: ['s3:PutObject'], files: [] }
    case 'presignDownload':
      return {
        uploads: [],
        files: [
          's3:GetObject',
          's3:GetObjectVersion',
          ...(settings.malwareScan ? ['s3:GetObjectTagging', 's3:GetObjectVersionTagging'] : []),
        ],
      }
    case 'delete':
      // A pending file's upload may still be waiting to be checked.
      return { uploads: ['s3:DeleteObject'], files: ['s3:DeleteObject'] }
    case 'check':
      // Head, read the first bytes and copy the upload; remove it (the exact version, when rejected);
      // write the checked copy; remove that copy again if the file was deleted meanwhile.
      return {
        uploads: ['s3:GetObject', 's3:GetObjectVersion', 's3:DeleteObject', 's3:DeleteObjectVersion'],
        files: ['s3:PutObject', 's3:DeleteObject'],
      }
    case 'store':
      // Attachments of received mail, checked in memory, go straight into the files area.
      return { uploads: [], files: ['s3:PutObject'] }
    case 'purge':
    case 'erase': {
      // DeleteObjects is authorised per key; with a VersionId, as DeleteObjectVersion.
      const deletes = ['s3:DeleteObject', 's3:DeleteObjectVersion']
      return { uploads: deletes, files: deletes }
    }
  }
}

export interface AppFunctionProps {
  /** Module under `functions/` without extension, as the route table names it (`cases/create-case`). */
  readonly handler: string
  readonly description?: string
  /** @default 1024 MB: more memory is more CPU, which shortens cold starts of the bundled SDK. */
  readonly memorySize?: number
  /** @default 10 seconds, well inside the HTTP API's 30-second integration timeout. */
  readonly timeout?: Duration
  /** X-Ray active tracing. @default false */
  readonly tracing?: boolean
  /** @default one month */
  readonly logRetention?: RetentionDays
  /**
   * A fixed function name, for a function whose settings must name its own ARN (the timer function
   * is its own Scheduler target): an ARN built from a name refers to nothing, a generated one would
   * be a circular reference. @default a generated name
   */
  readonly functionName?: string
  /** Where Lambda puts an asynchronous event that failed all its attempts. @default none */
  readonly deadLetterQueue?: IQueue
  /**
   * The logs' `service` and the metrics' `service` dimension (`POWERTOOLS_SERVICE_NAME`). Route
   * functions live in route stacks but keep the stateless stack's name, so a stage's logs and
   * metrics (and the dashboard's widgets on them) stay one service. @default the function's stack name
   */
  readonly serviceName?: string
}

/** The props an entry of the entries table (src/runtime/entries.ts) declares: module, description, timeout, memory. */
export function entryFunctionProps(
  entry: EntryDefinition,
): Pick<AppFunctionProps, 'handler' | 'description' | 'timeout' | 'memorySize'> {
  return {
    handler: entry.handler,
    description: entry.description,
    timeout: Duration.seconds(entry.timeoutSeconds),
    ...(entry.memorySize !== undefined && { memorySize: entry.memorySize }),
  }
}

/**
 * Shell commands that put the holiday engine beside a bundle: date-holidays with its dependencies
 * (every country's rules, moment-timezone, astronomia; about 1.4 MB minified), bundled on its own
 * into `node_modules/date-holidays`, where `holidayEngine()` (src/domain/sla/holiday-engine.ts)
 * requires it on the first SLA computation instead of every cold start parsing it. The package's
 * licence travels with it. esbuild from this project: no install step, so synth stays offline.
 */
export function holidayEngineCommands(inputDir: string, outputDir: string): string[] {
  const target = `${outputDir}/node_modules/date-holidays`
  return [
    `mkdir -p "${target}"`,
    `"${inputDir}/node_modules/.bin/esbuild" "${inputDir}/node_modules/date-holidays/lib/index.cjs" --bundle --platform=node --format=cjs --target=node22 --minify --log-level=warning --outfile="${target}/index.cjs"`,
    `printf '%s' '{"name":"date-holidays","private":true,"main":"index.cjs"}' > "${target}/package.json"`,
    `cp "${inputDir}/node_modules/date-holidays/LICENSE" "${target}/LICENSE"`,
  ]
}

/**
 * Copies files a handler reads at run time (package files under `node_modules`) into the bundle's
 * own `node_modules`, where Node resolves them as it does locally, and adds the holiday engine
 * (`holidayEngineCommands`). Plain copies on this machine: no install step, so synth stays offline.
 */
function runtimeFilesBundling(files: readonly string[]): { commandHooks: ICommandHooks } {
  return {
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir, outputDir) => [
        ...files.map((file) => {
          const target = `${outputDir}/node_modules/${file}`
          return `mkdir -p "${path.posix.dirname(target)}" && cp "${inputDir}/node_modules/${file}" "${target}"`
        }),
        ...holidayEngineCommands(inputDir, outputDir),
      ],
    },
  }
}

/**
 * One Caseline Lambda function: Node.js 22 on arm64, bundled locally by esbuild into a minified ESM
 * file with source maps, logging to its own log group with a retention period.
 *
 * Its role starts with nothing but writing to that log group (no AWS managed policy); each
 * `bind*` method adds the environment variables the runtime reads (named in src/environment.ts)
 * together with the matching grant, so a function can never hold a permission without the setting,
 * nor the other way round.
 */
export class AppFunction extends Construct {
  /** Absolute path of the bundled entry file, `functions/<handler>.ts`. */
  readonly entry: string
  readonly fn: NodejsFunction
  readonly role: Role
  readonly logGroup: LogGroup

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id)
    if (!/^[a-z0-9-]+(\/[a-z0-9-]+)*$/.test(props.handler)) {
      throw new Error(
        `Handler "${props.handler}" must be a module path under functions/, like cases/create-case`,
      )
    }

    this.entry = `${functionsDir}${props.handler}.ts`

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      // Operational logs of a disposable stack; the audit trail lives in the table's event items.
      removalPolicy: RemovalPolicy.DESTROY,
    })
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') })
    // Used by the Lambda runtime writing the function's output, never by its code: the IAM proof's
    // SDK calls cannot exercise it (docs/iam.md).
    this.logGroup.grantWrite(this.role)

    this.fn = new NodejsFunction(this, 'Function', {
      entry: this.entry,
      handler: 'handler',
      projectRoot,
      depsLockFilePath: `${projectRoot}package-lock.json`,
      description: props.description,
      functionName: props.functionName,
      // CDK allows the role sqs:SendMessage on it: Lambda sends a failed asynchronous event there with
      // the function's role, not its code, so the IAM proof cannot exercise it (docs/iam.md).
      deadLetterQueue: props.deadLetterQueue,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      tracing: props.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      environment: {
        [envVar.nodeOptions]: '--enable-source-maps',
        // The logs' `service` and the metrics' `service` dimension: the stack, so stages stay apart.
        [envVar.powertoolsServiceName]: props.serviceName ?? Stack.of(this).stackName,
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        // ESM first where a package offers both, so esbuild can tree-shake it.
        mainFields: ['module', 'main'],
        // CommonJS dependencies inside an ESM bundle still call require(); give them one.
        banner:
          "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
        minify: true,
        sourceMap: true,
        // Stack traces need the mappings only; embedding the sources would double the asset.
        sourcesContent: false,
        // Ship the SDK version we pin and test with, not whichever one the runtime image carries.
        bundleAwsSDK: true,
        logLevel: LogLevel.WARNING,
        ...runtimeFilesBundling(handlerRuntimeFiles[props.handler] ?? []),
      },
    })

    const cfnFunction = this.fn.node.defaultChild
    if (cfnFunction) acknowledgePinnedRuntime(cfnFunction)
    if (props.tracing) acknowledgeXrayWildcard(this.role)
  }

  /** Sets one of the variables the runtime reads (src/environment.ts). */
  private setEnv(name: EnvVarName, value: string): void {
    this.fn.addEnvironment(name, value)
  }

  /**
   * Lets the function use the table: sets `TABLE_NAME`, and `QUEUE_ROUTING` and
   * `QUEUE_TEAM_ADDRESSES` from the context when set there: every function that reads the table gets
   * the same seeds of its queues and routing, so whichever keeps them first keeps the same
   * (docs/queues.md, "Seeds"). It allows the item actions for `access` on
   * the table, and `Query` on each of its indexes, named one by one from `tableDefinition` rather
   * than `index/*`. The item actions are granted by access level, not per function: which of them a
   * function uses follows from its use case's code paths, which the IAM proof lists (docs/iam.md).
   */
  bindTable(table: ITable, access: TableAccess): this {
    const actions = access === 'read' ? tableActions.read : [...tableActions.read, ...tableActions.write]
    const indexArns = tableDefinition.globalSecondaryIndexes.map(
      (index) => `${table.tableArn}/index/${index.indexName}`,
    )
    this.setEnv(envVar.tableName, table.tableName)
    const seeds = readQueueSeedSettings(this.node)
    if (seeds.routing) this.setEnv(envVar.queueRouting, JSON.stringify(seeds.routing))
    if (Object.keys(seeds.teamAddresses).length > 0)
      this.setEnv(envVar.queueTeamAddresses, JSON.stringify(seeds.teamAddresses))
    this.fn.addToRolePolicy(new PolicyStatement({ actions: [...actions], resources: [table.tableArn] }))
    // Of the item actions only Query reads an index (Scan is never granted): the others act on the table.
    this.fn.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: indexArns }))
    return this
  }

  /**
   * Lets the function set and clear timers: sets `SCHEDULE_GROUP`, `TIMER_TARGET_ARN`,
   * `SCHEDULER_ROLE_ARN` and `TIMER_DLQ_ARN` (which the runtime checks where it builds the timer
   * adapter, `timerScheduler` in src/runtime/scheduler-dependency.ts) and allows creating,
   * updating and deleting schedules in the stage's group and passing the invoke role to
   * Scheduler (and to nothing else).
   */
  bindScheduler(timers: TimerTarget): this {
    this.setEnv(envVar.scheduleGroup, timers.scheduleGroupName)
    this.setEnv(envVar.timerTargetArn, timers.targetArn)
    this.setEnv(envVar.schedulerRoleArn, timers.invokeRole.roleArn)
    this.setEnv(envVar.timerDeadLetterArn, timers.deadLetterQueue.queueArn)
    // Pseudo parameters rather than the stack's region and account, which `cdk synth` knows: the ARN,
    // and so the acknowledged cdk-nag finding, reads the same whatever the environment.
    const schedules = `arn:${Aws.PARTITION}:scheduler:${Aws.REGION}:${Aws.ACCOUNT_ID}:schedule/${timers.scheduleGroupName}/*`
    this.fn.addToRolePolicy(new PolicyStatement({ actions: [...schedulerActions], resources: [schedules] }))
    this.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [timers.invokeRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    )
    acknowledgeScheduleGroupWildcard(this.role, timers.scheduleGroupName)
    return this
  }

  /**
   * Lets the function use the case-files bucket as `access` says: sets `FILES_BUCKET` (and the file
   * settings the function reads) and allows exactly the S3 actions of `fileActions`, on the upload
   * or files area of the bucket only.
   */
  bindFiles(bucket: IBucket, access: FilesAccess, settings: FileSettings): this {
    this.setEnv(envVar.filesBucket, bucket.bucketName)
    if (access === 'presignUpload' || access === 'check' || access === 'store') {
      if (settings.blockedFileTypes) this.setEnv(envVar.fileBlockedTypes, settings.blockedFileTypes)
    }
    if (access === 'presignDownload' && settings.malwareScan) this.setEnv(envVar.fileScanRequired, 'true')
    const actions = fileActions(access, settings)
    const areas = [
      { prefix: uploadPrefix, actions: actions.uploads },
      { prefix: filesPrefix, actions: actions.files },
    ].filter((area) => area.actions.length > 0)
    for (const area of areas) {
      this.fn.addToRolePolicy(
        new PolicyStatement({ actions: area.actions, resources: [bucket.arnForObjects(`${area.prefix}*`)] }),
      )
    }
    if (access === 'purge' || access === 'erase') {
      // Listing is a bucket action: allowed for the two areas' prefixes only (a case's are below them).
      this.fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['s3:ListBucket', 's3:ListBucketVersions'],
          resources: [bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': areas.map((area) => `${area.prefix}*`) } },
        }),
      )
    }
    acknowledgeFileObjectWildcards(
      this.role,
      Stack.of(this).resolve(bucket.bucketArn),
      areas.map((area) => area.prefix),
    )
    return this
  }

  /**
   * Lets the function send mail: sets `MAIL_FROM`, `MAIL_REPLY_DOMAIN`, `SURVEY_URL` (the hosted
   * survey page unless the operator named a portal's, `withSurveyPage`), `CASE_URL`,
   * `QUEUE_TEAM_ADDRESSES` and `SES_CONFIGURATION_SET`, and allows `ses:SendEmail` from the
   * Caseline identities with that configuration set only.
   */
  bindMail(mail: MailingTarget): this {
    const { settings } = mail
    this.setEnv(envVar.mailFrom, settings.supportAddress)
    this.setEnv(envVar.mailReplyDomain, settings.replyDomain)
    this.setEnv(envVar.surveyUrl, mail.surveyPageUrl)
    if (settings.caseUrl) this.setEnv(envVar.caseUrl, settings.caseUrl)
    this.setEnv(envVar.sesConfigurationSet, mail.configurationSetName)
    this.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [...mail.identityArns, mail.configurationSetArn],
      }),
    )
    return this
  }

  /**
   * Lets the function use the inbound-mail bucket as `access` says: sets `INBOUND_MAIL_BUCKET` and
   * `INBOUND_MAIL_PREFIX` and allows exactly the S3 actions of that access, on received mail only.
   */
  bindInboundMail(bucket: IBucket, access: InboundMailAccess): this {
    this.setEnv(envVar.inboundMailBucket, bucket.bucketName)
    this.setEnv(envVar.inboundMailPrefix, inboundMailPrefix)
    // `erase`, the only access: delete a person's raw messages (docs/privacy.md, Erasing a contact).
    const actions = access === 'erase' ? ['s3:DeleteObject'] : []
    this.fn.addToRolePolicy(
      new PolicyStatement({ actions, resources: [bucket.arnForObjects(`${inboundMailPrefix}*`)] }),
    )
    acknowledgeInboundMailDeletion(this.role, Stack.of(this).resolve(bucket.bucketArn), inboundMailPrefix)
    return this
  }

  /**
   * Lets the function manage the users of the one user pool (register contacts, move them between
   * role groups, disable and enable them, delete a half-registered one or an erased one): sets
   * `USER_POOL_ID` and allows exactly the admin actions the Cognito adapter calls
   * (`cognitoAdminActions`), on that pool's ARN only.
   */
  bindUserPool(pool: IUserPool): this {
    // The local runtime keeps users in its own identity adapter (src/adapters/local-identity.ts), so
    // no test exercises these actions: the Cognito adapter's unit tests check it calls only them.
    this.setEnv(envVar.userPoolId, pool.userPoolId)
    this.fn.addToRolePolicy(
      new PolicyStatement({ actions: [...cognitoAdminActions], resources: [pool.userPoolArn] }),
    )
    return this
  }

  /**
   * Lets the function publish domain events (docs/integrations.md, EventBridge): sets
   * `EVENT_BUS_NAME` and allows `events:PutEvents` on that bus only.
   */
  bindEventBus(bus: IEventBus): this {
    this.setEnv(envVar.eventBusName, bus.eventBusName)
    bus.grantPutEventsTo(this.fn)
    return this
  }

  /**
   * Lets the function hand webhook deliveries to the delivery queue (docs/integrations.md,
   * deliveries and retries): sets `WEBHOOK_QUEUE_URL` and `WEBHOOK_QUEUE_ARN` and allows sending
   * messages to that queue only. (A late retry goes to the queue through a Scheduler schedule: that
   * takes `bindScheduler` besides.)
   */
  bindWebhookQueue(queue: IQueue): this {
    this.setEnv(envVar.webhookQueueUrl, queue.queueUrl)
    this.setEnv(envVar.webhookQueueArn, queue.queueArn)
    // SendMessage alone (a batch is authorised as it): the adapter never reads the queue's
    // attributes or URL, which `grantSendMessages` would allow too. SQS-managed encryption needs no KMS grant.
    this.fn.addToRolePolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
    )
    return this
  }

  /**
   * Lets the function read the cursor-signing secret: sets `CURSOR_SECRET_ARN` and allows
   * `GetSecretValue` on that secret only (the runtime reads it once per cold start; no DescribeSecret,
   * which `grantRead` would add). The secret is encrypted with the account's `aws/secretsmanager` key,
   * which needs no grant. The local runtime reads the key from its environment, so no test exercises
   * this grant (docs/iam.md).
   */
  bindSecret(secret: ISecret): this {
    this.setEnv(envVar.cursorSecretArn, secret.secretArn)
    this.fn.addToRolePolicy(
      new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }),
    )
    return this
  }

  /**
   * Gives a route function the per-caller rate limits it enforces (src/use-cases/rate-limit.ts):
   * sets `RATE_LIMIT_WRITES_PER_MINUTE` and `RATE_LIMIT_READS_PER_MINUTE`, each only when it limits
   * anything (0 sets no limit). Counting writes uses the table, which `bindTable` grants.
   */
  bindRateLimits(limits: RateLimitSettings): this {
    if (limits.writesPerMinute > 0)
      this.setEnv(envVar.rateLimitWritesPerMinute, String(limits.writesPerMinute))
    if (limits.readsPerMinute > 0) this.setEnv(envVar.rateLimitReadsPerMinute, String(limits.readsPerMinute))
    return this
  }
}
