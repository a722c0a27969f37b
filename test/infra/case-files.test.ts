import { type CfnElement, Stack } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import type { IConstruct } from 'constructs'
import { describe, expect, it } from 'vitest'
import { type AppFunction, fileActions } from '#lib/constructs/app-function.ts'
import { deletedFileRetention, uncheckedUploadRetention } from '#lib/constructs/case-files-bucket.ts'
import { fileCheckMaxEventAge } from '#lib/constructs/file-checks.ts'
import { routeList } from '#src/http/routes.ts'
import { buildCaselineApp } from './caseline-app.ts'

type Json = Record<string, unknown>
type CfnResource = { Type: string; Properties: Json; DeletionPolicy?: string }
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: Json }

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value])
const json = (value: unknown) => JSON.stringify(value)

const origin = 'https://portal.example.com'
const { stateful, stateless, routeStacks, routeFunctions } = buildCaselineApp({
  context: { allowedOrigins: origin },
})
const statefulJson = Template.fromStack(stateful).toJSON() as { Resources: Record<string, CfnResource> }
const statelessJson = Template.fromStack(stateless).toJSON() as {
  Resources: Record<string, CfnResource>
  Outputs: Record<string, { Value: unknown }>
}

function logicalId(construct: IConstruct | undefined): string {
  const element = construct as CfnElement
  return (element.stack as Stack).getLogicalId(element)
}

/** Lookups in the template of each function's own stack (route functions live in the route stacks). */
function inspect() {
  const resourcesOf = (fn: AppFunction) =>
    (Template.fromStack(Stack.of(fn)).toJSON() as { Resources: Record<string, CfnResource> }).Resources
  const statementsOf = (fn: AppFunction): Statement[] =>
    Object.values(resourcesOf(fn))
      .filter(
        (r) =>
          r.Type === 'AWS::IAM::Policy' &&
          json(r.Properties.Roles) === json([{ Ref: logicalId(fn.role.node.defaultChild) }]),
      )
      .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
  const s3StatementsOf = (fn: AppFunction) =>
    statementsOf(fn).filter((s) => asArray(s.Action).some((a) => String(a).startsWith('s3:')))
  const variablesOf = (fn: AppFunction) =>
    (
      (resourcesOf(fn)[logicalId(fn.fn.node.defaultChild)] as CfnResource).Properties.Environment as {
        Variables: Record<string, unknown>
      }
    ).Variables
  return { statementsOf, s3StatementsOf, variablesOf }
}

const { s3StatementsOf, variablesOf } = inspect()
const bucket = statefulJson.Resources[logicalId(stateful.filesBucket.node.defaultChild)] as CfnResource
const bucketArn = { 'Fn::ImportValue': stateful.filesBucketArnExport }
const area = (prefix: string) => ({ 'Fn::Join': ['', [bucketArn, `/${prefix}*`]] })

describe('the case-files bucket', () => {
  it('blocks public access, owns every object, encrypts and keeps versions', () => {
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    })
    expect(bucket.Properties.OwnershipControls).toEqual({
      Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }],
    })
    expect(bucket.Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    })
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' })
  })

  it('refuses requests without TLS 1.2', () => {
    const policy = Object.values(statefulJson.Resources).find(
      (r) =>
        r.Type === 'AWS::S3::BucketPolicy' &&
        json(r.Properties.Bucket) === json({ Ref: logicalId(stateful.filesBucket.node.defaultChild) }),
    )
    const statements = ((policy as CfnResource).Properties.PolicyDocument as { Statement: Statement[] })
      .Statement

    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    )
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
    )
  })

  it('is retained when the stack goes', () => {
    expect(bucket.DeletionPolicy).toBe('Retain')
  })

  it('lets the configured origins POST uploads, and nothing else', () => {
    expect(bucket.Properties.CorsConfiguration).toEqual({
      CorsRules: [{ AllowedHeaders: ['*'], AllowedMethods: ['POST'], AllowedOrigins: [origin], MaxAge: 300 }],
    })
  })

  it('has no CORS without configured origins', () => {
    const plain = buildCaselineApp().stateful
    const plainBucket = Template.fromStack(plain).toJSON().Resources[
      logicalId(plain.filesBucket.node.defaultChild)
    ] as CfnResource

    expect(plainBucket.Properties.CorsConfiguration).toBeUndefined()
  })

  it('removes unchecked uploads, aborted multipart uploads and, after the retention, deleted files', () => {
    const rules = (bucket.Properties.LifecycleConfiguration as { Rules: Json[] }).Rules

    expect(rules).toEqual([
      {
        Id: 'abort-incomplete-multipart-uploads',
        Status: 'Enabled',
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        ExpiredObjectDeleteMarker: true,
      },
      {
        Id: 'unchecked-uploads',
        Status: 'Enabled',
        Prefix: 'uploads/',
        ExpirationInDays: uncheckedUploadRetention.toDays(),
        NoncurrentVersionExpiration: { NoncurrentDays: uncheckedUploadRetention.toDays() },
      },
      {
        Id: 'deleted-files',
        Status: 'Enabled',
        Prefix: 'files/',
        NoncurrentVersionExpiration: { NoncurrentDays: deletedFileRetention.toDays() },
      },
    ])
  })

  it('sends its events to EventBridge by its own property, without a custom resource', () => {
    const types = [...Object.values(statefulJson.Resources), ...Object.values(statelessJson.Resources)].map(
      (r) => r.Type,
    )

    expect(bucket.Properties.NotificationConfiguration).toEqual({
      EventBridgeConfiguration: { EventBridgeEnabled: true },
    })
    expect(types.filter((type) => type.startsWith('Custom::'))).toEqual([])
  })

  it('logs access into a bucket of its own, delivered under a bucket policy for this bucket only', () => {
    const logs = statefulJson.Resources[
      logicalId(stateful.node.findChild('Files').node.findChild('AccessLogs').node.defaultChild)
    ] as CfnResource
    const logsPolicy = Object.values(statefulJson.Resources).find(
      (r) => r.Type === 'AWS::S3::BucketPolicy' && json(r.Properties.Bucket).includes('AccessLogs'),
    )

    expect(bucket.Properties.LoggingConfiguration).toMatchObject({ LogFilePrefix: 'case-files/' })
    expect(logs.Properties.PublicAccessBlockConfiguration).toBeDefined()
    expect(
      ((logsPolicy as CfnResource).Properties.PolicyDocument as { Statement: Statement[] }).Statement,
    ).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Action: 's3:PutObject',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Condition: {
          ArnLike: {
            'aws:SourceArn': { 'Fn::GetAtt': [logicalId(stateful.filesBucket.node.defaultChild), 'Arn'] },
          },
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        },
      }),
    )
  })

  it('reaches the stateless and route stacks through one named export, and the stateful stack imports nothing', () => {
    expect(json(statefulJson)).not.toContain('Fn::ImportValue')
    expect(json(statelessJson)).toContain(json(bucketArn))
    // The stack of the file routes (upload, download, delete) imports the same export.
    const fileRouteStacks = routeStacks.filter((stack) =>
      [...stack.routeFunctions.keys()].some(
        (operationId) => routeList.find((r) => r.operationId === operationId)?.files,
      ),
    )
    expect(fileRouteStacks.length).toBeGreaterThan(0)
    for (const stack of fileRouteStacks)
      expect(json(Template.fromStack(stack).toJSON())).toContain(json(bucketArn))
  })
})

describe('the upload check', () => {
  const checks = stateless.fileChecks
  const rule = statelessJson.Resources[logicalId(checks.rule.node.defaultChild)] as CfnResource
  const target = (rule.Properties.Targets as Json[])[0] as Json
  const dlqArn = { 'Fn::GetAtt': [logicalId(checks.deadLetterQueue.node.defaultChild), 'Arn'] }

  it('is an EventBridge rule on objects created in the upload area of the bucket', () => {
    expect(rule.Properties.EventPattern).toMatchObject({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { object: { key: [{ prefix: 'uploads/' }] } },
    })
    expect(json(rule.Properties.EventPattern)).toContain(json(bucketArn))
  })

  it('invokes the file-ready function with the S3 notification shape, retried, then dead-lettered', () => {
    const transformer = target.InputTransformer as { InputPathsMap: Json; InputTemplate: string }
    const sample = transformer.InputTemplate.replace(/<([a-z-]+)>/g, (_, name: string) =>
      name === 'detail-reason' ? 'PostObject' : JSON.stringify(`value of ${name}`),
    )

    expect(target.Arn).toEqual({
      'Fn::GetAtt': [logicalId(checks.fileReadyFunction.fn.node.defaultChild), 'Arn'],
    })
    expect(transformer.InputPathsMap).toMatchObject({
      'detail-bucket-name': '$.detail.bucket.name',
      'detail-object-key': '$.detail.object.key',
    })
    expect(JSON.parse(sample)).toMatchObject({
      Records: [
        {
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:PostObject',
          s3: {
            bucket: { name: 'value of detail-bucket-name' },
            object: { key: 'value of detail-object-key' },
          },
        },
      ],
    })
    expect(target.DeadLetterConfig).toEqual({ Arn: dlqArn })
    expect(target.RetryPolicy).toEqual({
      MaximumRetryAttempts: 10,
      MaximumEventAgeInSeconds: fileCheckMaxEventAge.toSeconds(),
    })
  })

  it('has a function that retries twice, then dead-letters, with an alarm on the queue', () => {
    const fn = statelessJson.Resources[
      logicalId(checks.fileReadyFunction.fn.node.defaultChild)
    ] as CfnResource
    const alarm = statelessJson.Resources[logicalId(checks.deadLetterAlarm.node.defaultChild)] as CfnResource

    expect(fn.Properties.DeadLetterConfig).toEqual({ TargetArn: dlqArn })
    expect(alarm.Properties).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1 })
    expect(statelessJson.Outputs.FileCheckDeadLetterQueueUrl?.Value).toEqual({
      Ref: logicalId(checks.deadLetterQueue.node.defaultChild),
    })
  })

  it('may read and remove uploads and write checked files, nothing else of the bucket', () => {
    const fn = checks.fileReadyFunction

    expect(s3StatementsOf(fn)).toEqual([
      {
        Effect: 'Allow',
        Action: fileActions('check', { malwareScan: false }).uploads,
        Resource: area('uploads/'),
      },
      {
        Effect: 'Allow',
        Action: fileActions('check', { malwareScan: false }).files,
        Resource: area('files/'),
      },
    ])
    expect(variablesOf(fn).FILES_BUCKET).toBeDefined()
  })
})

describe('the file routes', () => {
  const withFiles = routeList.filter((route) => route.files)

  it('are upload, download and delete; listing, renaming and folders need no bucket', () => {
    expect(withFiles.map((route) => `${route.operationId}:${route.files}`).sort()).toEqual([
      'createFileUpload:presignUpload',
      'deleteFile:delete',
      'eraseContact:erase',
      'getFile:presignDownload',
    ])
  })

  it.each(routeList.map((route) => [route.operationId, route] as const))(
    '%s gets the bucket and exactly the S3 actions its file access needs',
    (operationId, route) => {
      const fn = routeFunctions.get(operationId) as AppFunction
      // The inbound-mail bucket's grant is its own (test/infra/inbound-mail.test.ts).
      const statements = s3StatementsOf(fn).filter((s) => !JSON.stringify(s.Resource).includes('InboundMail'))
      if (!route.files) {
        expect(statements).toEqual([])
        expect(variablesOf(fn).FILES_BUCKET).toBeUndefined()
        return
      }
      const actions = fileActions(route.files, { malwareScan: false })
      const expected = [
        ...(actions.uploads.length
          ? [{ Effect: 'Allow', Action: unwrap(actions.uploads), Resource: area('uploads/') }]
          : []),
        ...(actions.files.length
          ? [{ Effect: 'Allow', Action: unwrap(actions.files), Resource: area('files/') }]
          : []),
        // Erasing every version of a file lists its key's versions, below the two areas only.
        ...(route.files === 'erase'
          ? [
              {
                Effect: 'Allow',
                Action: ['s3:ListBucket', 's3:ListBucketVersions'],
                Resource: bucketArn,
                Condition: { StringLike: { 's3:prefix': ['uploads/*', 'files/*'] } },
              },
            ]
          : []),
      ]
      expect(statements).toEqual(expected)
      expect(variablesOf(fn).FILES_BUCKET).toBeDefined()
      expect(variablesOf(fn).FILE_SCAN_REQUIRED).toBeUndefined()
    },
  )
})

describe('the function that erases contacts', () => {
  const erase = routeFunctions.get('eraseContact') as AppFunction

  it('is told where received mail lies, and may only delete it there', () => {
    const inbound = s3StatementsOf(erase).filter((s) => JSON.stringify(s.Resource).includes('InboundMail'))

    expect(variablesOf(erase)).toMatchObject({ INBOUND_MAIL_PREFIX: 'inbound/' })
    expect(variablesOf(erase).INBOUND_MAIL_BUCKET).toBeDefined()
    expect(inbound).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:DeleteObject',
        Resource: {
          'Fn::Join': ['', [{ 'Fn::ImportValue': 'Caseline-Stateless-InboundMailBucketArn' }, '/inbound/*']],
        },
      },
    ])
  })

  it('may run 28 seconds, still ending before API Gateway gives up on the request (30 s)', () => {
    const cfn = erase.fn.node.defaultChild as { timeout?: number }
    expect(cfn.timeout).toBe(28)
  })

  it('is the only route function that touches received mail', () => {
    const touching = [...routeFunctions].filter(([, fn]) =>
      s3StatementsOf(fn).some((s) => JSON.stringify(s.Resource).includes('InboundMail')),
    )

    expect(touching.map(([operationId]) => operationId)).toEqual(['eraseContact'])
  })
})

describe('with malwareScan on', () => {
  const scanning = buildCaselineApp({ context: { malwareScan: 'true', blockedFileTypes: '.exe,.bat' } })
  const view = inspect()

  it('makes downloads wait for the clean tag, and lets the download function read tags', () => {
    const getFile = scanning.routeFunctions.get('getFile') as AppFunction

    expect(view.variablesOf(getFile).FILE_SCAN_REQUIRED).toBe('true')
    expect(view.s3StatementsOf(getFile).flatMap((s) => asArray(s.Action))).toEqual(
      expect.arrayContaining(['s3:GetObjectTagging', 's3:GetObjectVersionTagging']),
    )
  })

  it('hands the blocked types to the functions that judge uploads', () => {
    const upload = scanning.routeFunctions.get('createFileUpload') as AppFunction

    expect(view.variablesOf(upload).FILE_BLOCKED_TYPES).toBe('.exe,.bat')
    expect(view.variablesOf(scanning.stateless.fileChecks.fileReadyFunction).FILE_BLOCKED_TYPES).toBe(
      '.exe,.bat',
    )
  })
})

/** CloudFormation writes a single action as a string. */
function unwrap(actions: string[]): string | string[] {
  return actions.length === 1 ? (actions[0] as string) : actions
}
