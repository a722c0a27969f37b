import { describe, expect, it } from 'vitest'
import { authorizationRequests } from '#local/aws-call-requests.ts'

const site = { region: 'us-east-1', account: '000000000000' }
const table = 'arn:aws:dynamodb:us-east-1:000000000000:table/t'

describe('what IAM authorises for an SDK call', () => {
  it('a query on an index: Query on the index ARN', () => {
    expect(
      authorizationRequests('DynamoDBClient', 'QueryCommand', { TableName: 't', IndexName: 'gsi1' }, site),
    ).toEqual([{ action: 'dynamodb:Query', resource: `${table}/index/gsi1` }])
  })

  it('a transaction: each item as its own action, none for the transaction', () => {
    const input = {
      TransactItems: [
        { Put: { TableName: 't' } },
        { Update: { TableName: 't' } },
        { Delete: { TableName: 't' } },
        { ConditionCheck: { TableName: 't' } },
      ],
    }

    expect(
      authorizationRequests('DynamoDBClient', 'TransactWriteItemsCommand', input, site).map((r) => r.action),
    ).toEqual([
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:ConditionCheckItem',
    ])
  })

  it('a batch write: the batch on the table and each put or delete', () => {
    const input = { RequestItems: { t: [{ PutRequest: {} }, { DeleteRequest: {} }] } }

    expect(authorizationRequests('DynamoDBClient', 'BatchWriteItemCommand', input, site)).toEqual([
      { action: 'dynamodb:BatchWriteItem', resource: table },
      { action: 'dynamodb:PutItem', resource: table },
      { action: 'dynamodb:DeleteItem', resource: table },
    ])
  })

  it('S3: versions, copies, multi-deletes and listings', () => {
    const s3 = (command: string, input: Record<string, unknown>) =>
      authorizationRequests('S3Client', command, { Bucket: 'b', ...input }, site)

    expect(s3('HeadObjectCommand', { Key: 'k', VersionId: 'v' })).toEqual([
      { action: 's3:GetObjectVersion', resource: 'arn:aws:s3:::b/k' },
    ])
    expect(s3('CopyObjectCommand', { Key: 'to', CopySource: 'b/from%20x?versionId=1' })).toEqual([
      { action: 's3:GetObjectVersion', resource: 'arn:aws:s3:::b/from x' },
      { action: 's3:PutObject', resource: 'arn:aws:s3:::b/to' },
    ])
    expect(
      s3('DeleteObjectsCommand', { Delete: { Objects: [{ Key: 'a' }, { Key: 'b', VersionId: 'v' }] } }),
    ).toEqual([
      { action: 's3:DeleteObject', resource: 'arn:aws:s3:::b/a' },
      { action: 's3:DeleteObjectVersion', resource: 'arn:aws:s3:::b/b' },
    ])
    expect(s3('ListObjectVersionsCommand', { Prefix: 'files/' })).toEqual([
      { action: 's3:ListBucketVersions', resource: 'arn:aws:s3:::b', context: { 's3:prefix': 'files/' } },
    ])
  })

  it('a schedule with a target role: the schedule, and passing the role to Scheduler', () => {
    const input = { Name: 'n', GroupName: 'g', Target: { RoleArn: 'arn:aws:iam::000000000000:role/r' } }

    expect(authorizationRequests('SchedulerClient', 'CreateScheduleCommand', input, site)).toEqual([
      {
        action: 'scheduler:CreateSchedule',
        resource: 'arn:aws:scheduler:us-east-1:000000000000:schedule/g/n',
      },
      {
        action: 'iam:PassRole',
        resource: 'arn:aws:iam::000000000000:role/r',
        context: { 'iam:PassedToService': 'scheduler.amazonaws.com' },
      },
    ])
  })

  it('mail: the From domain’s identity and the configuration set', () => {
    const input = { FromEmailAddress: 'Support <support@Example.com>', ConfigurationSetName: 'set' }

    expect(
      authorizationRequests('SESv2Client', 'SendEmailCommand', input, site).map((r) => r.resource),
    ).toEqual([
      'arn:aws:ses:us-east-1:000000000000:identity/example.com',
      'arn:aws:ses:us-east-1:000000000000:configuration-set/set',
    ])
  })

  it('a queue by its URL, a batch as its single-message action', () => {
    const input = { QueueUrl: 'http://127.0.0.1:1234/000000000000/q' }

    expect(authorizationRequests('SQSClient', 'SendMessageBatchCommand', input, site)).toEqual([
      { action: 'sqs:SendMessage', resource: 'arn:aws:sqs:us-east-1:000000000000:q' },
    ])
  })

  it('a call it does not know: on *, which no scoped grant allows', () => {
    expect(authorizationRequests('KinesisClient', 'PutRecordCommand', {}, site)).toEqual([
      { action: 'kinesis:PutRecord', resource: '*' },
    ])
  })
})
