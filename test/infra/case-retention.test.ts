import type { CfnElement, Stack } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import type { IConstruct } from 'constructs'
import { describe, expect, it } from 'vitest'
import { retentionMaxEventAge } from '#lib/constructs/case-retention.ts'
import { entries } from '#src/runtime/entries.ts'
import { buildCaselineApp } from './caseline-app.ts'

type Json = Record<string, unknown>
type CfnResource = { Type: string; Properties: Json }
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: Json }

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value])
const json = (value: unknown) => JSON.stringify(value)

const { stateful, stateless } = buildCaselineApp()
const resources = (Template.fromStack(stateless).toJSON() as { Resources: Record<string, CfnResource> })
  .Resources

function logicalId(construct: IConstruct | undefined): string {
  const element = construct as CfnElement
  return (element.stack as Stack).getLogicalId(element)
}

const retention = stateless.retention
const functionId = logicalId(retention.purgeFunction.fn.node.defaultChild)
const queueId = logicalId(retention.deadLetterQueue.node.defaultChild)
const statements: Statement[] = Object.values(resources)
  .filter(
    (r) =>
      r.Type === 'AWS::IAM::Policy' &&
      json(r.Properties.Roles) === json([{ Ref: logicalId(retention.purgeFunction.role.node.defaultChild) }]),
  )
  .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
const actions = statements.flatMap((s) => asArray(s.Action).map(String))
const bucketArn = { 'Fn::ImportValue': stateful.filesBucketArnExport }

describe('the retention job in AWS', () => {
  it('runs the purge function every day at UTC midnight, retried and dead-lettered', () => {
    // Arrange
    const rules = Object.values(resources).filter((r) => r.Type === 'AWS::Events::Rule')

    // Act
    const daily = rules.filter((r) => r.Properties.ScheduleExpression !== undefined)

    // Assert
    expect(daily).toHaveLength(1)
    expect(daily[0]?.Properties.ScheduleExpression).toBe('cron(0 0 * * ? *)')
    expect(daily[0]?.Properties.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [functionId, 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: retentionMaxEventAge.toSeconds() },
      }),
    ])
  })

  it('is the entry of the entries table, with the dead-letter queue for failed asynchronous runs', () => {
    // Arrange
    const fn = resources[functionId] as CfnResource
    const invokeConfigs = Object.values(resources).filter(
      (r) =>
        r.Type === 'AWS::Lambda::EventInvokeConfig' &&
        json(r.Properties.FunctionName) === json({ Ref: functionId }),
    )

    // Assert
    expect(fn.Properties.Description).toBe(entries.purgeEndedCases.description)
    expect(fn.Properties.Timeout).toBe(entries.purgeEndedCases.timeoutSeconds)
    expect(fn.Properties.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } })
    expect(invokeConfigs).toHaveLength(1)
    expect(invokeConfigs[0]?.Properties.MaximumRetryAttempts).toBe(2)
  })

  it('has its dead-letter queue watched by an alarm at one waiting message', () => {
    // Assert
    expect(stateless.observability.deadLetterAlarms).toContain(retention.deadLetterAlarm)
  })

  it('may delete case objects and their versions in both areas and list only under them, nothing else of the bucket', () => {
    // Arrange
    const s3 = statements.filter((s) => asArray(s.Action).some((a) => String(a).startsWith('s3:')))

    // Assert
    expect(s3).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
          Resource: { 'Fn::Join': ['', [bucketArn, '/uploads/*']] },
        }),
        expect.objectContaining({
          Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
          Resource: { 'Fn::Join': ['', [bucketArn, '/files/*']] },
        }),
        expect.objectContaining({
          Action: ['s3:ListBucket', 's3:ListBucketVersions'],
          Resource: bucketArn,
          Condition: { StringLike: { 's3:prefix': ['uploads/*', 'files/*'] } },
        }),
      ]),
    )
    expect(s3).toHaveLength(3)
    expect(actions).not.toContain('s3:GetObject')
    expect(actions).not.toContain('s3:PutObject')
  })

  it('may use the table without Scan and send only to its own dead-letter queue: nothing of timers, mail or users', () => {
    // Arrange
    const sqs = statements.filter((s) => asArray(s.Action).some((a) => String(a).startsWith('sqs:')))

    // Assert
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:BatchWriteItem']))
    expect(actions).not.toContain('dynamodb:Scan')
    expect(sqs).toEqual([
      expect.objectContaining({ Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [queueId, 'Arn'] } }),
    ])
    expect(actions.filter((a) => /^(scheduler|ses|cognito-idp|events|iam):/.test(a))).toEqual([])
  })
})
