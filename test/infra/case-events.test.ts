import { Template } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import { streamRetryAttempts } from '#lib/constructs/case-event-handler.ts'
import { readConfig, requireMailSettings } from '#src/config.ts'
import { entries } from '#src/runtime/entries.ts'
import { buildCaselineApp } from './caseline-app.ts'
import { resolvedAtDeploy } from './template-lookup.ts'

type Json = Record<string, unknown>
type CfnResource = { Type: string; Properties: Json }
type Statement = { Action: string | string[]; Resource: unknown }

const { stateful, stateless } = buildCaselineApp({
  context: { supportAddress: 'help@vendor.example', replyDomain: 'reply.vendor.example' },
})
const statelessTemplate = Template.fromStack(stateless)
const statefulTemplate = Template.fromStack(stateful)
const resources = statelessTemplate.toJSON().Resources as Record<string, CfnResource>
const handler = stateless.eventHandler.handlerFunction
const logicalId = (construct: unknown) =>
  stateless.getLogicalId(construct as Parameters<typeof stateless.getLogicalId>[0])
const roleStatements = Object.values(resources)
  .filter(
    (r) =>
      r.Type === 'AWS::IAM::Policy' &&
      JSON.stringify(r.Properties.Roles) ===
        JSON.stringify([{ Ref: logicalId(handler.role.node.defaultChild) }]),
  )
  .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
const actionsOf = (statement: Statement) => [statement.Action].flat()
/** The table stream's mapping (the stack has others, e.g. the webhook queue's). */
const streamMappings = () =>
  Object.values(resources).filter(
    (r) =>
      r.Type === 'AWS::Lambda::EventSourceMapping' &&
      JSON.stringify(r.Properties.FunctionName) ===
        JSON.stringify({ Ref: logicalId(handler.fn.node.defaultChild) }),
  )

const surveyUrlOf = (app: ReturnType<typeof buildCaselineApp>) => {
  const template = Template.fromStack(app.stateless).toJSON().Resources as Record<string, CfnResource>
  const fn =
    template[
      app.stateless.getLogicalId(app.stateless.eventHandler.handlerFunction.fn.node.defaultChild as never)
    ]
  return (fn?.Properties.Environment as { Variables: Json } | undefined)?.Variables.SURVEY_URL
}

describe('the event handler on the table stream', () => {
  it('runs the events/table-stream module', () => {
    expect(handler.entry.endsWith(`functions/${entries.tableStream.handler}.ts`)).toBe(true)
  })

  it('reads the stream from the oldest record, reports batch item failures, bisects, retries and dead-letters', () => {
    const mappings = streamMappings()

    expect(mappings).toHaveLength(1)
    expect(mappings[0]?.Properties).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: streamRetryAttempts,
      ParallelizationFactor: 1,
      DestinationConfig: {
        OnFailure: {
          Destination: {
            'Fn::GetAtt': [logicalId(stateless.eventHandler.deadLetterQueue.node.defaultChild), 'Arn'],
          },
        },
      },
    })
  })

  it('is invoked for new case events, case item changes and contact and account changes only', () => {
    const mapping = streamMappings()[0]
    const filters = (
      (mapping?.Properties.FilterCriteria ?? { Filters: [] }) as { Filters: { Pattern: string }[] }
    ).Filters

    expect(filters.map((f) => JSON.parse(f.Pattern))).toEqual([
      { eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['caseEvent'] } } } },
      { eventName: ['INSERT', 'MODIFY'], dynamodb: { NewImage: { entity: { S: ['case'] } } } },
      { eventName: ['INSERT', 'MODIFY'], dynamodb: { NewImage: { entity: { S: ['contact'] } } } },
      { eventName: ['MODIFY'], dynamodb: { NewImage: { entity: { S: ['account'] } } } },
    ])
  })

  it('alarms as soon as a failed batch waits in its dead-letter queue', () => {
    statelessTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 1,
      Dimensions: [
        {
          Name: 'QueueName',
          Value: {
            'Fn::GetAtt': [logicalId(stateless.eventHandler.deadLetterQueue.node.defaultChild), 'QueueName'],
          },
        },
      ],
    })
  })

  it('may send mail only from the Caseline identities with the configuration set', () => {
    const send = roleStatements.filter((s) => actionsOf(s).some((a) => a.startsWith('ses:')))

    expect(send).toHaveLength(1)
    expect(actionsOf(send[0] as Statement)).toEqual(['ses:SendEmail'])
    expect(JSON.stringify(send[0]?.Resource)).toContain('configuration-set')
    expect(JSON.stringify(send[0]?.Resource)).not.toContain('"*"')
  })

  it('gets every mail setting the runtime requires, so its first mail cannot fail on configuration', () => {
    const variables = (
      (resources[logicalId(handler.fn.node.defaultChild)] as CfnResource).Properties.Environment as {
        Variables: Json
      }
    ).Variables
    const resolved = Object.fromEntries(
      Object.entries(variables).map(([name, value]) => [name, resolvedAtDeploy(value)]),
    )

    const config = readConfig({ ...resolved, AWS_REGION: 'eu-central-1' })

    expect(requireMailSettings(config.mail)).toMatchObject({
      from: 'help@vendor.example',
      replyDomain: 'reply.vendor.example',
    })
    expect(config.mail.configurationSet).toBeDefined()
  })
})

describe('the survey link of the closing mail', () => {
  it("opens the API's own hosted page by default: its URL and /surveys/{token}", () => {
    // Act
    const url = surveyUrlOf({ stateful, stateless } as ReturnType<typeof buildCaselineApp>)

    // Assert: the API's endpoint attribute, then the page's path
    expect(url).toEqual({
      'Fn::Join': [
        '',
        [
          { 'Fn::GetAtt': [stateless.getLogicalId(stateless.api.node.defaultChild as never), 'ApiEndpoint'] },
          '/surveys/{token}',
        ],
      ],
    })
    expect(resolvedAtDeploy(url)).toBe('resolved/surveys/{token}')
  })

  it("opens a portal's own page when surveyUrl names one", () => {
    // Act
    const url = surveyUrlOf(
      buildCaselineApp({ context: { surveyUrl: 'https://portal.vendor.example/s/{token}' } }),
    )

    // Assert
    expect(url).toBe('https://portal.vendor.example/s/{token}')
  })
})

describe('SES', () => {
  it('verifies the sending domain and the reply domain, with the configuration set', () => {
    statefulTemplate.resourceCountIs('AWS::SES::EmailIdentity', 2)
    statefulTemplate.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'vendor.example' })
    statefulTemplate.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'reply.vendor.example',
    })
  })

  it('tracks reputation and suppresses bouncing and complaining addresses', () => {
    statefulTemplate.hasResourceProperties('AWS::SES::ConfigurationSet', {
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    })
  })
})
