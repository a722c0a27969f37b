/**
 * The name of every environment variable Caseline reads or sets, in one place: the runtime reads
 * the functions' settings (`readConfig`, `readRateLimits` in src/config.ts), the CDK constructs set
 * them (each `AppFunction.bind*` in lib/constructs/app-function.ts sets the ones of its resource),
 * and the local runtime sets them for its handlers (local/environment.ts). docs/architecture.md
 * describes the layers; docs/deploy.md the settings an operator chooses.
 */
export const envVar = {
  /** The one table (`bindTable`). */
  tableName: 'TABLE_NAME',
  /** Where the cursor-signing key lives in AWS, in Secrets Manager (`bindSecret`). */
  cursorSecretArn: 'CURSOR_SECRET_ARN',
  /** The cursor-signing key itself: local runtime and tests only. */
  cursorSecret: 'CURSOR_SECRET',
  /** Only locally, in tests: the directory where the local runtime records each function's AWS calls (docs/iam.md). */
  awsCallLog: 'AWS_CALL_LOG',
  /** Only locally: DynamoDB Local's address. Unset in AWS, where the SDK finds the regional endpoint. */
  dynamodbEndpoint: 'DYNAMODB_ENDPOINT',
  /** The seed of a fresh table's routing by case type, JSON (docs/queues.md, "Seeds"). */
  queueRouting: 'QUEUE_ROUTING',
  /** The seed of a fresh table's queue team addresses, by queue, JSON (docs/queues.md, "Seeds"). */
  queueTeamAddresses: 'QUEUE_TEAM_ADDRESSES',

  /** EventBridge Scheduler (`bindScheduler`, only functions that set timers): the stage's schedule group. */
  scheduleGroup: 'SCHEDULE_GROUP',
  /** The timer function's ARN, the target of every schedule. */
  timerTargetArn: 'TIMER_TARGET_ARN',
  /** The role Scheduler assumes to invoke the target and to dead-letter. */
  schedulerRoleArn: 'SCHEDULER_ROLE_ARN',
  /** The timers' dead-letter queue. */
  timerDeadLetterArn: 'TIMER_DLQ_ARN',
  /** Only locally: the endpoint that speaks the Scheduler API. */
  schedulerEndpoint: 'SCHEDULER_ENDPOINT',
  /** Only locally: `local` makes every function read the adjustable local clock (`POST /local/clock`). */
  clock: 'CLOCK',

  /** The case-files bucket (`bindFiles`). */
  filesBucket: 'FILES_BUCKET',
  /** Only locally: s3rver's address. */
  s3Endpoint: 'S3_ENDPOINT',
  /** What may not be uploaded: media types and `.ext`ensions, or `none`. */
  fileBlockedTypes: 'FILE_BLOCKED_TYPES',
  /** `true`: downloads wait for GuardDuty Malware Protection's clean verdict (docs/files.md). */
  fileScanRequired: 'FILE_SCAN_REQUIRED',

  /** E-mail (`bindMail`, only functions that send or receive mail): the support address mail is sent from. */
  mailFrom: 'MAIL_FROM',
  /** The display name mail is sent under. */
  mailFromName: 'MAIL_FROM_NAME',
  /** The domain of the signed per-case reply addresses. */
  mailReplyDomain: 'MAIL_REPLY_DOMAIN',
  /** The SES configuration set every mail is sent with. */
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  /** Only locally: aws-ses-v2-local's address. */
  sesEndpoint: 'SES_ENDPOINT',
  /** The survey page's address with a `{token}` placeholder. */
  surveyUrl: 'SURVEY_URL',
  /** The portal's case page, with `{caseId}` and/or `{number}` placeholders. */
  caseUrl: 'CASE_URL',
  /** Where SES stores received mail (the mail-in function, `InboundMail`). */
  inboundMailBucket: 'INBOUND_MAIL_BUCKET',
  /** The key prefix in front of the SES message id. */
  inboundMailPrefix: 'INBOUND_MAIL_PREFIX',

  /** The operator's event bus every published event goes to (`bindEventBus`, the event handler). */
  eventBusName: 'EVENT_BUS_NAME',
  /** Only locally: the endpoint that speaks the EventBridge `PutEvents` API. */
  eventBridgeEndpoint: 'EVENTBRIDGE_ENDPOINT',
  /** The queue of webhook deliveries to attempt (`bindWebhookQueue`: the event handler and the webhook functions). */
  webhookQueueUrl: 'WEBHOOK_QUEUE_URL',
  /** The same queue's ARN: the target of the one-time schedules that bring a late retry back to it. */
  webhookQueueArn: 'WEBHOOK_QUEUE_ARN',
  /** Only locally: the endpoint that speaks the SQS API. */
  sqsEndpoint: 'SQS_ENDPOINT',
  /** `true` only in the local runtime: webhooks may then go to plain `http` on a loopback address. */
  webhookAllowLoopback: 'WEBHOOK_ALLOW_LOOPBACK',

  /** The Cognito user pool contacts are registered in (`bindUserPool`). */
  userPoolId: 'USER_POOL_ID',
  /** Where users are registered: `cognito` or `local`. */
  identityProvider: 'IDENTITY_PROVIDER',

  /** Per-caller rate limits of the route functions (`bindRateLimits`): changes per minute. */
  rateLimitWritesPerMinute: 'RATE_LIMIT_WRITES_PER_MINUTE',
  /** Reads per minute, per function instance. */
  rateLimitReadsPerMinute: 'RATE_LIMIT_READS_PER_MINUTE',

  /** Set by Lambda (and by the local runtime for its handlers): the region. */
  awsRegion: 'AWS_REGION',
  /** Set by Lambda: the function's name. */
  awsLambdaFunctionName: 'AWS_LAMBDA_FUNCTION_NAME',
  /** The SDK's credentials: set by Lambda; locally, stand-ins DynamoDB Local, s3rver and SES accept. */
  awsAccessKeyId: 'AWS_ACCESS_KEY_ID',
  awsSecretAccessKey: 'AWS_SECRET_ACCESS_KEY',
  /** Silences the SDK's warning about Node 20 (Lambda runs Node 22). */
  awsSdkNodeVersionWarningDisabled: 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
  /** Node.js options of every function (source maps). */
  nodeOptions: 'NODE_OPTIONS',
  /** The logs' `service` and the metrics' `service` dimension (src/logger.ts, src/operational-metrics.ts). */
  powertoolsServiceName: 'POWERTOOLS_SERVICE_NAME',
  /** The log level (src/logger.ts); `LOG_LEVEL` too, `silent` silences it. */
  powertoolsLogLevel: 'POWERTOOLS_LOG_LEVEL',
  logLevel: 'LOG_LEVEL',

  /** Set by the CDK CLI at synth: the account and region the stacks deploy to. */
  cdkDefaultAccount: 'CDK_DEFAULT_ACCOUNT',
  cdkDefaultRegion: 'CDK_DEFAULT_REGION',
  /** `npm start`'s port (local/start.ts). */
  port: 'PORT',
} as const

/** One of the names above. */
export type EnvVarName = (typeof envVar)[keyof typeof envVar]

/** Values for some of the variables, by name: what a function's or a local handler's environment holds. */
export type EnvVars = Partial<Record<EnvVarName, string>>
