import { type CfnElement, Stack } from 'aws-cdk-lib'
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions'
import { AwsSolutionsChecks } from 'cdk-nag'
import type { IConstruct } from 'constructs'
import { describe, expect, it } from 'vitest'
import { AppFunction } from '#lib/constructs/app-function.ts'
import {
  InboundMail,
  inboundMailPrefix,
  mailInMaxEventAge,
  mailInRuleName,
  recipientsOf,
} from '#lib/constructs/inbound-mail.ts'
import { entries } from '#src/runtime/entries.ts'
import { testApp } from './caseline-app.ts'

type Json = Record<string, unknown>
type CfnResource = { Type: string; Properties: Json; DependsOn?: string[]; DeletionPolicy?: string }
type Statement = {
  Effect: string
  Action: string | string[]
  Resource: unknown
  Principal?: Json
  Condition?: Json
}

const json = (value: unknown) => JSON.stringify(value)
const mail = { supportAddress: 'support@caseline.example', replyDomain: 'reply.caseline.example' }

/** A stack with only the mail-in function and the construct, checked by cdk-nag as `cdk synth` does. */
function build() {
  const app = testApp()
  const stack = new Stack(app, 'MailTest')
  const mailInFunction = new AppFunction(stack, 'MailIn', { handler: entries.mailIn.handler })
  const inbound = new InboundMail(stack, 'InboundMail', { mailInFunction, mail })
  const checks = new AwsSolutionsChecks()
  return { stack, mailInFunction, inbound, checks }
}

const { stack, mailInFunction, inbound, checks } = build()
const template = Template.fromStack(stack)
const resources = template.toJSON().Resources as Record<string, CfnResource>
const logicalId = (construct: IConstruct | undefined) => stack.getLogicalId(construct as CfnElement)
const resourceOf = (construct: IConstruct | undefined) => resources[logicalId(construct)] as CfnResource
const bucketId = logicalId(inbound.bucket.node.defaultChild)
const functionId = logicalId(mailInFunction.fn.node.defaultChild)
const ruleSetName = 'MailTest-inbound-mail'
const ruleArn = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':ses:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      `:receipt-rule-set/${ruleSetName}:receipt-rule/${mailInRuleName}`,
    ],
  ],
}
const inboundObjects = {
  'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, `/${inboundMailPrefix}*`]],
}

function bucketPolicyStatements(bucket: string): Statement[] {
  const policy = Object.values(resources).find(
    (r) => r.Type === 'AWS::S3::BucketPolicy' && json(r.Properties.Bucket) === json({ Ref: bucket }),
  )
  return ((policy as CfnResource).Properties.PolicyDocument as { Statement: Statement[] }).Statement
}

const functionStatements = (): Statement[] =>
  Object.values(resources)
    .filter(
      (r) =>
        r.Type === 'AWS::IAM::Policy' &&
        json(r.Properties.Roles) === json([{ Ref: logicalId(mailInFunction.role.node.defaultChild) }]),
    )
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement)

describe('the inbound-mail bucket', () => {
  const bucket = resources[bucketId] as CfnResource

  it('is private, encrypted, owns its objects and is retained', () => {
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    })
    expect(bucket.Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    })
    expect(bucket.Properties.OwnershipControls).toEqual({
      Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }],
    })
    expect(bucket.DeletionPolicy).toBe('Retain')
  })

  it('expires received mail after 30 days', () => {
    const rules = (bucket.Properties.LifecycleConfiguration as { Rules: Json[] }).Rules

    expect(rules).toContainEqual({ Id: 'expire-received-mail', Status: 'Enabled', ExpirationInDays: 30 })
  })

  it('refuses requests without TLS 1.2', () => {
    const statements = bucketPolicyStatements(bucketId)

    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    )
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
    )
  })

  it('lets SES write received mail under the prefix, only for this rule of this account', () => {
    const sesStatements = bucketPolicyStatements(bucketId).filter(
      (s) => json(s.Principal) === json({ Service: 'ses.amazonaws.com' }),
    )

    expect(sesStatements).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'ses.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: inboundObjects,
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' }, 'aws:SourceArn': ruleArn },
        },
      },
    ])
  })

  it('logs access to a bucket of its own', () => {
    expect(bucket.Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logicalId(inbound.accessLogs.node.defaultChild) },
      LogFilePrefix: 'inbound-mail/',
    })
  })
})

describe('the receipt rule', () => {
  it('belongs to a named rule set', () => {
    template.hasResourceProperties('AWS::SES::ReceiptRuleSet', { RuleSetName: ruleSetName })
  })

  it('takes mail for the reply domain and the support address, over TLS, scanned, stored, then handed to mail-in', () => {
    const rule = resourceOf(inbound.rule.node.defaultChild)

    expect(rule.Properties).toEqual({
      RuleSetName: { Ref: logicalId(inbound.ruleSet.node.defaultChild) },
      Rule: {
        Name: mailInRuleName,
        Enabled: true,
        Recipients: ['reply.caseline.example', 'support@caseline.example'],
        ScanEnabled: true,
        TlsPolicy: 'Require',
        Actions: [
          { S3Action: { BucketName: { Ref: bucketId }, ObjectKeyPrefix: inboundMailPrefix } },
          { LambdaAction: { FunctionArn: { 'Fn::GetAtt': [functionId, 'Arn'] }, InvocationType: 'Event' } },
        ],
      },
    })
  })

  it('is created after SES may write the bucket and invoke the function (SES checks both then)', () => {
    const rule = resourceOf(inbound.rule.node.defaultChild)
    const bucketPolicyId = Object.entries(resources).find(
      ([, r]) => r.Type === 'AWS::S3::BucketPolicy' && json(r.Properties.Bucket) === json({ Ref: bucketId }),
    )?.[0]
    const permissionId = Object.entries(resources).find(
      ([, r]) => r.Type === 'AWS::Lambda::Permission' && r.Properties.Principal === 'ses.amazonaws.com',
    )?.[0]

    expect(rule.DependsOn).toEqual(expect.arrayContaining([bucketPolicyId, permissionId]))
  })

  it('lets only this rule of this account invoke the function', () => {
    const permissions = Object.values(resources).filter(
      (r) => r.Type === 'AWS::Lambda::Permission' && r.Properties.Principal === 'ses.amazonaws.com',
    )

    expect(permissions.map((p) => p.Properties)).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] },
        Principal: 'ses.amazonaws.com',
        SourceAccount: { Ref: 'AWS::AccountId' },
        SourceArn: ruleArn,
      },
    ])
  })

  it('names the support address apart only when the reply domain does not cover it', () => {
    expect(recipientsOf(mail)).toEqual(['reply.caseline.example', 'support@caseline.example'])
    expect(
      recipientsOf({
        supportAddress: 'Support@Reply.Caseline.Example',
        replyDomain: 'reply.caseline.example',
      }),
    ).toEqual(['reply.caseline.example'])
  })
})

describe('the mail-in function', () => {
  it('is told where SES stores received mail', () => {
    const variables = (
      resourceOf(mailInFunction.fn.node.defaultChild).Properties.Environment as { Variables: Json }
    ).Variables

    expect(variables).toMatchObject({
      INBOUND_MAIL_BUCKET: { Ref: bucketId },
      INBOUND_MAIL_PREFIX: inboundMailPrefix,
    })
  })

  it('may read received mail and nothing else of the bucket', () => {
    const s3Statements = functionStatements().filter((s) =>
      [s.Action].flat().some((action) => action.startsWith('s3:')),
    )

    expect(s3Statements).toEqual([{ Effect: 'Allow', Action: 's3:GetObject', Resource: inboundObjects }])
  })

  it('is retried twice, then its event goes to the alarmed dead-letter queue', () => {
    const queueArn = { 'Fn::GetAtt': [logicalId(inbound.deadLetterQueue.node.defaultChild), 'Arn'] }

    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: mailInMaxEventAge.toSeconds(),
      DestinationConfig: { OnFailure: { Destination: queueArn } },
    })
    expect(functionStatements()).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Resource: queueArn,
        Action: expect.arrayContaining(['sqs:SendMessage']),
      }),
    )
    expect(resourceOf(inbound.deadLetterAlarm.node.defaultChild).Properties).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    })
  })

  it('outputs the rule set to activate', () => {
    template.hasOutput('InboundMailRuleSetName', { Value: ruleSetName })
  })
})

describe('compliance', () => {
  it('leaves no unacknowledged AWS Solutions finding', () => {
    // Act: the same checks `cdk synth` runs, on this stack alone.
    const findings = checks
      .validateScope(stack)
      .violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`))

    // Assert: the wildcard read of inbound/*, the dead-letter queue and the pinned runtime are acknowledged.
    expect(findings).toEqual([])
  })

  it('leaves no CDK warning or error', () => {
    const annotations = Annotations.fromStack(stack)
    const messages = [
      ...annotations.findWarning('*', Match.anyValue()),
      ...annotations.findError('*', Match.anyValue()),
    ]

    expect(messages.map((m) => `${m.id}: ${JSON.stringify(m.entry.data)}`)).toEqual([])
  })
})
