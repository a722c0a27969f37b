import { Aws, CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib'
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch'
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { CfnPermission } from 'aws-cdk-lib/aws-lambda'
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations'
import { Bucket, type CfnBucket } from 'aws-cdk-lib/aws-s3'
import {
  type IReceiptRuleAction,
  ReceiptRule,
  type ReceiptRuleActionConfig,
  ReceiptRuleSet,
  TlsPolicy,
} from 'aws-cdk-lib/aws-ses'
import type { Queue } from 'aws-cdk-lib/aws-sqs'
import { Construct, type IConstruct } from 'constructs'
import { envVar } from '#src/environment.ts'
import type { MailSettings } from '../settings.ts'
import { AlarmedDeadLetterQueue } from './alarmed-dead-letter-queue.ts'
import type { AppFunction } from './app-function.ts'
import { acknowledgeInboundMailObjects, acknowledgeOnFailureDestination } from './nag-suppressions.ts'
import { accessLogsBucket, deliverAccessLogs, privateBucketProps } from './private-buckets.ts'

/** Where in the bucket SES stores received messages (`INBOUND_MAIL_PREFIX`), in front of the SES message id. */
export const inboundMailPrefix = 'inbound/'

/** How long raw received mail is kept: long enough to investigate a message, short for personal data. */
export const inboundMailRetention = Duration.days(30)

/** How long Lambda keeps retrying a failed mail-in invocation before it goes to the dead-letter queue. */
export const mailInMaxEventAge = Duration.hours(6)

/** The receipt rule's name in its rule set. */
export const mailInRuleName = 'mail-in'

export interface InboundMailProps {
  /**
   * The mail-in function (`entries.mailIn`), bound to the table, the mail settings and the case-files
   * bucket (it stores attachments in `files/`). This construct adds the inbound-mail settings and
   * read access, the SES invoke permission and its asynchronous-failure destination. Put this
   * construct in the function's stack: the rule names the function and the function the bucket.
   */
  readonly mailInFunction: AppFunction
  /** The support address and the reply domain: the receipt rule accepts mail for exactly these. */
  readonly mail: Pick<MailSettings, 'supportAddress' | 'replyDomain'>
  /** @default `<stack name>-inbound-mail` (rule set names are unique per account and region) */
  readonly ruleSetName?: string
}

/**
 * E-mail in (docs/email.md; SES inbound → S3 raw mail → mail-in handler): a receipt rule set whose
 * one rule accepts mail for the reply domain (every signed `case.<id>.<sig>@` address) and the
 * support address, requires TLS, has SES scan it for spam and viruses (the verdicts mail-in
 * checks), stores the raw message in a private bucket under `inbound/<message id>`, then invokes
 * the mail-in function asynchronously. Failed invocations are retried by Lambda and then land in
 * an alarmed dead-letter queue.
 *
 * Deploying this is not enough to receive mail:
 * - Only one receipt rule set can be active per account and region, and CloudFormation cannot
 *   activate one: activating it is a deploy step (`aws ses set-active-receipt-rule-set
 *   --rule-set-name <output InboundMailRuleSetName>`), which replaces any other active set.
 * - SES receives only in the regions that offer email receiving, only for verified domains
 *   (`CaseMail` verifies the reply domain), and only where the domain's MX record points at
 *   `inbound-smtp.<region>.amazonaws.com`.
 */
export class InboundMail extends Construct {
  readonly bucket: Bucket
  readonly accessLogs: Bucket
  readonly ruleSet: ReceiptRuleSet
  readonly rule: ReceiptRule
  readonly deadLetterQueue: Queue
  /** In ALARM while a received message waits in the dead-letter queue; subscribe the operator's topic to it. */
  readonly deadLetterAlarm: Alarm

  constructor(scope: Construct, id: string, props: InboundMailProps) {
    super(scope, id)
    const stack = Stack.of(this)
    const fn = props.mailInFunction.fn

    this.accessLogs = accessLogsBucket(this, 'AccessLogs', Duration.days(365))

    this.bucket = new Bucket(this, 'Bucket', {
      // SSE-S3: SES's S3 action writes into it without a key policy to maintain.
      ...privateBucketProps,
      lifecycleRules: [
        { id: 'expire-received-mail', expiration: inboundMailRetention },
        { id: 'abort-incomplete-multipart-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      // Raw mail is personal data with a lifecycle of its own: kept past a stack deletion, it still expires.
      removalPolicy: RemovalPolicy.RETAIN,
    })
    deliverAccessLogs(this.bucket, this.accessLogs, 'inbound-mail/')

    const ruleSetName = (props.ruleSetName ?? `${stack.stackName}-inbound-mail`).slice(0, 64)
    // Only this rule of this rule set, in this account, may write mail and invoke the function
    // (the confused-deputy guard). Fixed names keep these conditions free of references to the rule,
    // which is created after them: SES checks both permissions when the rule is created.
    const ruleArn = `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:receipt-rule-set/${ruleSetName}:receipt-rule/${mailInRuleName}`
    const sesConditions = {
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID, 'aws:SourceArn': ruleArn },
    }
    const storeMail = this.bucket.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${inboundMailPrefix}*`)],
        conditions: sesConditions,
      }),
    )
    const invokePermission = new CfnPermission(this, 'SesInvoke', {
      action: 'lambda:InvokeFunction',
      functionName: fn.functionArn,
      principal: 'ses.amazonaws.com',
      sourceAccount: Aws.ACCOUNT_ID,
      sourceArn: ruleArn,
    })

    // The function reads what SES stored, and only that.
    fn.addEnvironment(envVar.inboundMailBucket, this.bucket.bucketName)
    fn.addEnvironment(envVar.inboundMailPrefix, inboundMailPrefix)
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects(`${inboundMailPrefix}*`)],
      }),
    )
    acknowledgeInboundMailObjects(
      props.mailInFunction.role,
      stack.getLogicalId(this.bucket.node.defaultChild as CfnBucket),
      inboundMailPrefix,
    )

    const deadLetters = new AlarmedDeadLetterQueue(this, 'DeadLetters', {
      alarmDescription:
        'A received e-mail could not be taken in (no case, comment or auto-reply was made) and its SES event waits in the dead-letter queue: the raw message stays in the inbound-mail bucket for 30 days; fix the cause, then invoke the mail-in function again with the event.',
    })
    this.deadLetterQueue = deadLetters.queue
    this.deadLetterAlarm = deadLetters.alarm
    // Lambda sends a failed event to the destination with the function's role (SendMessage,
    // GetQueueAttributes, GetQueueUrl, granted by CDK here), not its code: the IAM proof cannot
    // exercise it (docs/iam.md).
    fn.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: mailInMaxEventAge,
      onFailure: new SqsDestination(this.deadLetterQueue),
    })
    acknowledgeOnFailureDestination(
      this.deadLetterQueue.node.defaultChild as IConstruct,
      "the mail-in function's asynchronous invocations",
    )

    this.ruleSet = new ReceiptRuleSet(this, 'RuleSet', { receiptRuleSetName: ruleSetName })
    this.rule = new ReceiptRule(this, 'Rule', {
      ruleSet: this.ruleSet,
      receiptRuleName: mailInRuleName,
      recipients: recipientsOf(props.mail),
      enabled: true,
      // Verdicts for spam and viruses in the event; mail-in drops what does not pass.
      scanEnabled: true,
      tlsPolicy: TlsPolicy.REQUIRE,
      actions: [
        action({
          s3Action: { bucketName: this.bucket.bucketName, objectKeyPrefix: inboundMailPrefix },
        }),
        action({ lambdaAction: { functionArn: fn.functionArn, invocationType: 'Event' } }),
      ],
    })
    const storePolicy = storeMail.policyDependable ?? this.bucket.policy
    if (storePolicy) this.rule.node.addDependency(storePolicy)
    this.rule.node.addDependency(invokePermission)

    new CfnOutput(stack, 'InboundMailRuleSetName', {
      value: ruleSetName,
      description:
        'Activate once per account and region (replaces the active set): aws ses set-active-receipt-rule-set --rule-set-name <this>',
    })
    new CfnOutput(stack, 'MailInDeadLetterQueueUrl', {
      value: this.deadLetterQueue.queueUrl,
      description: 'Received e-mail that could not be taken in; alarm on depth ≥ 1',
    })
  }
}

/** The rule's recipients: the reply domain (all its addresses) and the support address, unless the domain covers it. */
export function recipientsOf(mail: Pick<MailSettings, 'supportAddress' | 'replyDomain'>): string[] {
  const domain = mail.replyDomain.toLowerCase()
  const support = mail.supportAddress.toLowerCase()
  return support.endsWith(`@${domain}`) ? [domain] : [domain, support]
}

/** A receipt-rule action as configured: the bucket policy and invoke permission are this construct's own. */
function action(config: ReceiptRuleActionConfig): IReceiptRuleAction {
  return { bind: () => config }
}
