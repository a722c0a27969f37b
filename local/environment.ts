import { randomBytes } from 'node:crypto'
import { type EnvVars, envVar } from '#src/environment.ts'

const region = 'us-east-1'

/**
 * The local stage: what the stacks would create or the operator would choose in AWS (the region,
 * the table, the buckets, the mail settings), with credentials the local services accept.
 */
export const localStage = {
  region,
  accessKey: { id: 'local', secret: 'local' },
  tableName: 'caseline-local',
  filesBucket: 'caseline-local-files',
  /** The demo's mail settings (`support@caseline.local` locally; docs/email.md). */
  mail: {
    supportAddress: 'support@caseline.local',
    replyDomain: 'reply.caseline.local',
    /** Named in every send, as in AWS, where IAM allows sending only with the stage's configuration set. */
    configurationSet: 'caseline-local-mail',
  },
  /** The team addresses the local table's queues start with (docs/queues.md, "Seeds"). */
  queueTeamAddresses: {
    support: 'support-team@vendor.example',
    consulting: 'consulting-team@vendor.example',
  },
  /** Where "SES" stores received mail locally, as the receipt rule's S3 action does in AWS. */
  inboundMail: { bucket: 'caseline-local-inbound', prefix: 'inbound/' },
  /** Well-formed stand-ins that the local Scheduler endpoint stores and the adapter passes on, as in AWS. */
  timers: {
    /** What `scheduleGroupNameFor('local')` names the stage's group (lib/constructs/case-timers.ts). */
    scheduleGroup: 'caseline-local-timers',
    targetArn: `arn:aws:lambda:${region}:000000000000:function:caseline-local-fire-timer`,
    roleArn: 'arn:aws:iam::000000000000:role/caseline-local-scheduler',
    deadLetterArn: `arn:aws:sqs:${region}:000000000000:caseline-local-timer-dead-letters`,
  },
  /** The stand-in for the daily retention rule (lib/constructs/case-retention.ts): what its events name. */
  retentionRuleArn: `arn:aws:events:${region}:000000000000:rule/caseline-local-retention`,
  /** The stage's event bus (`caseline-<stage>-events` in AWS; docs/integrations.md, EventBridge). */
  eventBusName: 'caseline-local-events',
  /** The webhook delivery queue; its URL and ARN come from the local SQS endpoint. */
  webhookQueueName: 'caseline-local-webhook-deliveries',
} as const

/** Where the local services listen, and what the local runtime was started with. */
export interface LocalEndpoints {
  /** The local API's own address: survey links open its hosted survey page. */
  apiUrl: string
  tableName: string
  dynamodbEndpoint: string
  schedulerEndpoint: string
  filesBucket: string
  s3Endpoint: string
  sesEndpoint: string
  /** The local EventBridge endpoint, holding the stage's bus. */
  eventBridgeEndpoint: string
  /** The local SQS endpoint and its one queue, the webhook deliveries'. */
  sqsEndpoint: string
  webhookQueueUrl: string
  webhookQueueArn: string
}

/**
 * The environment every local handler reads at its cold start, as Lambda functions read theirs: one
 * local stage, so every handler gets every setting (the functions in AWS only get those of their
 * `AppFunction.bind*` calls). A fresh cursor-signing key each start.
 */
export function localHandlerEnvironment(endpoints: LocalEndpoints): EnvVars {
  return {
    [envVar.tableName]: endpoints.tableName,
    [envVar.queueTeamAddresses]: JSON.stringify(localStage.queueTeamAddresses),
    [envVar.awsRegion]: localStage.region,
    [envVar.awsAccessKeyId]: localStage.accessKey.id,
    [envVar.awsSecretAccessKey]: localStage.accessKey.secret,
    [envVar.dynamodbEndpoint]: endpoints.dynamodbEndpoint,
    [envVar.cursorSecret]: randomBytes(32).toString('base64url'),
    [envVar.awsSdkNodeVersionWarningDisabled]: 'true',
    // Timers: the SDK talks to the local endpoint.
    [envVar.schedulerEndpoint]: endpoints.schedulerEndpoint,
    [envVar.scheduleGroup]: localStage.timers.scheduleGroup,
    [envVar.timerTargetArn]: localStage.timers.targetArn,
    [envVar.schedulerRoleArn]: localStage.timers.roleArn,
    [envVar.timerDeadLetterArn]: localStage.timers.deadLetterArn,
    // Every handler reads the clock that POST /local/clock moves.
    [envVar.clock]: 'local',
    // Case files: s3rver's bucket; the presigned URLs point at s3rver, reachable from this machine.
    [envVar.filesBucket]: endpoints.filesBucket,
    [envVar.s3Endpoint]: endpoints.s3Endpoint,
    // E-mail: aws-ses-v2-local; survey links open this API's hosted survey page, as in AWS by default.
    [envVar.sesEndpoint]: endpoints.sesEndpoint,
    [envVar.mailFrom]: localStage.mail.supportAddress,
    [envVar.sesConfigurationSet]: localStage.mail.configurationSet,
    [envVar.mailReplyDomain]: localStage.mail.replyDomain,
    [envVar.surveyUrl]: `${endpoints.apiUrl}/surveys/{token}`,
    // E-mail in: the bucket the receipt rule's S3 action writes to.
    [envVar.inboundMailBucket]: localStage.inboundMail.bucket,
    [envVar.inboundMailPrefix]: localStage.inboundMail.prefix,
    // Integrations (docs/integrations.md, locally): the bus and the delivery queue of the local
    // endpoints; retries later than SQS's delay use the timers' schedule group, role and DLQ above.
    [envVar.eventBusName]: localStage.eventBusName,
    [envVar.eventBridgeEndpoint]: endpoints.eventBridgeEndpoint,
    [envVar.sqsEndpoint]: endpoints.sqsEndpoint,
    [envVar.webhookQueueUrl]: endpoints.webhookQueueUrl,
    [envVar.webhookQueueArn]: endpoints.webhookQueueArn,
    // A receiver on this machine (plain http on loopback) may subscribe; never so in AWS.
    [envVar.webhookAllowLoopback]: 'true',
  }
}
