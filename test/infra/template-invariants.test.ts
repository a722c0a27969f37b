import { describe, expect, it } from 'vitest'
import { buildCaselineApp } from './caseline-app.ts'

type Resource = { Type: string; Properties: Record<string, unknown> }
type StackTemplate = { stack: string; resources: Record<string, Resource>; outputs: Record<string, unknown> }

/** Every stack of an app built with `context`, synthesized. */
function synthesized(context: Record<string, unknown> = {}): StackTemplate[] {
  const { app } = buildCaselineApp({ context })
  return app.synth().stacks.map((stack) => ({
    stack: stack.stackName,
    resources: (stack.template.Resources ?? {}) as Record<string, Resource>,
    outputs: (stack.template.Outputs ?? {}) as Record<string, unknown>,
  }))
}

const json = (value: unknown) => JSON.stringify(value)
/** The logical id `{ "Fn::GetAtt": [id, "Arn"] }` or `{ "Ref": id }` points at, in its own stack. */
const targetId = (value: unknown): string | undefined => {
  const reference = value as { 'Fn::GetAtt'?: [string, string]; Ref?: string } | undefined
  return reference?.['Fn::GetAtt']?.[0] ?? reference?.Ref
}
const ofType = (template: StackTemplate, type: string) =>
  Object.entries(template.resources).filter(([, resource]) => resource.Type === type)

const app = synthesized()

/** The functions each stack's triggers invoke asynchronously (Lambda's event queue, not a caller waiting). */
function asynchronouslyInvoked(template: StackTemplate): Set<string> {
  const invoked = new Set<string>()
  // S3, EventBridge rules, SES, SNS: each has a permission to invoke; API Gateway waits for the answer.
  for (const [, permission] of ofType(template, 'AWS::Lambda::Permission')) {
    if (String(permission.Properties.Principal) === 'apigateway.amazonaws.com') continue
    const id = targetId(permission.Properties.FunctionName)
    if (id) invoked.add(id)
  }
  // EventBridge Scheduler invokes through a role allowed lambda:InvokeFunction on the function's name.
  const functionsByName = new Map(
    ofType(template, 'AWS::Lambda::Function').map(([id, fn]) => [fn.Properties.FunctionName, id]),
  )
  for (const [, policy] of ofType(template, 'AWS::IAM::Policy')) {
    for (const statement of (
      policy.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }
    ).Statement) {
      if (!json(statement.Action).includes('lambda:InvokeFunction')) continue
      const name = /:function:([^"]+)"/.exec(json(statement.Resource))?.[1]
      const id = functionsByName.get(name)
      if (id) invoked.add(id)
    }
  }
  return invoked
}

describe('every stack of the app', () => {
  it('gives every asynchronously invoked function an on-failure destination or a dead-letter queue', () => {
    const missing = app.flatMap((template) => {
      const invokeConfigs = ofType(template, 'AWS::Lambda::EventInvokeConfig').map(
        ([, config]) => config.Properties,
      )
      return [...asynchronouslyInvoked(template)]
        .filter((id) => {
          const fn = template.resources[id]?.Properties ?? {}
          const deadLetterQueue = (fn.DeadLetterConfig as { TargetArn?: unknown } | undefined)?.TargetArn
          const onFailure = invokeConfigs.some(
            (config) =>
              targetId(config.FunctionName) === id &&
              (config.DestinationConfig as { OnFailure?: unknown } | undefined)?.OnFailure,
          )
          return !deadLetterQueue && !onFailure
        })
        .map((id) => `${template.stack}/${id}`)
    })

    expect(
      asynchronouslyInvoked(app.find((t) => t.stack.endsWith('-Stateless')) as StackTemplate).size,
    ).toBeGreaterThan(2)
    expect(missing).toEqual([])
  })

  it('gives every stream and queue event source an on-failure destination or a dead-letter queue', () => {
    const missing = app.flatMap((template) =>
      ofType(template, 'AWS::Lambda::EventSourceMapping')
        .filter(([, mapping]) => {
          const source = mapping.Properties.EventSourceArn
          const queueId = targetId(source)
          const queue = queueId ? template.resources[queueId] : undefined
          if (queue?.Type === 'AWS::SQS::Queue') return queue.Properties.RedrivePolicy === undefined
          return !(mapping.Properties.DestinationConfig as { OnFailure?: unknown } | undefined)?.OnFailure
        })
        .map(([id]) => `${template.stack}/${id}`),
    )

    expect(missing).toEqual([])
  })

  it('alarms on every dead-letter queue', () => {
    const unwatched = app.flatMap((template) => {
      const { resources } = template
      const deadLetterTargets = [
        ...ofType(template, 'AWS::Lambda::Function').map(
          ([, fn]) => (fn.Properties.DeadLetterConfig as { TargetArn?: unknown } | undefined)?.TargetArn,
        ),
        ...[
          ...ofType(template, 'AWS::Lambda::EventInvokeConfig'),
          ...ofType(template, 'AWS::Lambda::EventSourceMapping'),
        ].map(
          ([, config]) =>
            (config.Properties.DestinationConfig as { OnFailure?: { Destination?: unknown } } | undefined)
              ?.OnFailure?.Destination,
        ),
        ...ofType(template, 'AWS::Events::Rule').flatMap(([, rule]) =>
          ((rule.Properties.Targets ?? []) as { DeadLetterConfig?: { Arn?: unknown } }[]).map(
            (target) => target.DeadLetterConfig?.Arn,
          ),
        ),
        ...ofType(template, 'AWS::SQS::Queue').map(
          ([, queue]) =>
            (queue.Properties.RedrivePolicy as { deadLetterTargetArn?: unknown } | undefined)
              ?.deadLetterTargetArn,
        ),
      ]
      const deadLetterQueues = new Set(
        deadLetterTargets
          .map(targetId)
          .filter((id): id is string => id !== undefined && resources[id]?.Type === 'AWS::SQS::Queue'),
      )
      const watched = new Set(
        ofType(template, 'AWS::CloudWatch::Alarm')
          .filter(([, alarm]) => alarm.Properties.Namespace === 'AWS/SQS')
          .flatMap(([, alarm]) => (alarm.Properties.Dimensions ?? []) as { Name: string; Value: unknown }[])
          .filter((dimension) => dimension.Name === 'QueueName')
          .map((dimension) => targetId(dimension.Value)),
      )
      return [...deadLetterQueues].filter((id) => !watched.has(id)).map((id) => `${template.stack}/${id}`)
    })

    expect(unwatched).toEqual([])
  })

  it('keeps every log group for a limited time, and every function logs into one of them', () => {
    const forever = app.flatMap((template) =>
      ofType(template, 'AWS::Logs::LogGroup')
        .filter(([, group]) => group.Properties.RetentionInDays === undefined)
        .map(([id]) => `${template.stack}/${id}`),
    )
    // Without a LoggingConfig, Lambda creates /aws/lambda/<name> itself, kept forever.
    const ownLogGroups = app.flatMap((template) =>
      ofType(template, 'AWS::Lambda::Function')
        .filter(([, fn]) => {
          const group = targetId(
            (fn.Properties.LoggingConfig as { LogGroup?: unknown } | undefined)?.LogGroup,
          )
          return !group || template.resources[group]?.Type !== 'AWS::Logs::LogGroup'
        })
        .map(([id]) => `${template.stack}/${id}`),
    )

    expect(forever).toEqual([])
    expect(ownLogGroups).toEqual([])
  })

  it('lets every HTTP function time out before API Gateway does (30 s)', () => {
    const tooSlow = app.flatMap((template) =>
      ofType(template, 'AWS::ApiGatewayV2::Integration').flatMap(([, integration]) => {
        const id = targetId(integration.Properties.IntegrationUri)
        const timeout = Number(template.resources[id ?? '']?.Properties.Timeout ?? 3)
        const gatewayMs = Number(integration.Properties.TimeoutInMillis ?? 30_000)
        return timeout * 1000 < gatewayMs ? [] : [`${template.stack}/${id}: ${timeout} s`]
      }),
    )

    expect(app.some((template) => ofType(template, 'AWS::ApiGatewayV2::Integration').length > 0)).toBe(true)
    expect(tooSlow).toEqual([])
  })
})

/** Actions that have no resource-level permissions: `*` is the only resource IAM takes for them. */
const actionsOnAnyResource = new Set([
  'dynamodb:ListStreams',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'cloudwatch:PutMetricData',
])

describe('the roles of the app', () => {
  it.each([
    ['by default', {}],
    ['with tracing', { tracing: 'true' }],
  ])('allow no data action on any resource (`*`) %s', (_, context) => {
    const statements = synthesized(context).flatMap((template) =>
      ofType(template, 'AWS::IAM::Policy').flatMap(([id, policy]) =>
        (
          policy.Properties.PolicyDocument as {
            Statement: { Action: string | string[]; Resource: unknown }[]
          }
        ).Statement.map((statement) => ({ where: `${template.stack}/${id}`, ...statement })),
      ),
    )
    const onAnyResource = statements
      .filter((statement) => [statement.Resource].flat().includes('*'))
      .flatMap((statement) =>
        [statement.Action]
          .flat()
          .filter((action) => !actionsOnAnyResource.has(action))
          .map((action) => `${statement.where}: ${action}`),
      )

    expect(onAnyResource).toEqual([])
  })
})

/** The physical names the account holds once per region, by the type and property that set them. */
const physicalNames: Readonly<Record<string, string>> = {
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::Events::EventBus': 'Name',
  'AWS::Scheduler::ScheduleGroup': 'Name',
  'AWS::SecretsManager::Secret': 'Name',
  'AWS::SES::ConfigurationSet': 'Name',
  'AWS::SES::EmailIdentity': 'EmailIdentity',
  'AWS::SES::ReceiptRuleSet': 'RuleSetName',
  'AWS::CloudWatch::Alarm': 'AlarmName',
  'AWS::CloudWatch::Dashboard': 'DashboardName',
}

/** A name as deployed: literals kept, the stack's own name filled in, any other reference unique to its stack. */
function nameIn(stack: string, value: unknown): string {
  if (typeof value === 'string') return value
  const { Ref: ref, 'Fn::Join': join } = value as { Ref?: string; 'Fn::Join'?: [string, unknown[]] }
  if (ref === 'AWS::StackName') return stack
  if (ref?.startsWith('AWS::')) return `<${ref}>`
  if (join) return join[1].map((part) => nameIn(stack, part)).join(join[0])
  return `<${stack}:${json(value)}>`
}

/** Every physical name and export name of an app: stack names too. */
function namesOf(templates: StackTemplate[]): Set<string> {
  return new Set(
    templates.flatMap((template) => [
      `stack ${template.stack}`,
      ...Object.values(template.resources).flatMap((resource) => {
        const property = physicalNames[resource.Type]
        const value = property ? resource.Properties[property] : undefined
        return value === undefined ? [] : [`${resource.Type} ${nameIn(template.stack, value)}`]
      }),
      ...Object.values(template.outputs).flatMap((output) => {
        const name = (output as { Export?: { Name?: unknown } }).Export?.Name
        return name === undefined ? [] : [`export ${nameIn(template.stack, name)}`]
      }),
    ]),
  )
}

/** A stage's settings for one account shared with other stages: its own mail domain (docs/deploy.md). */
const stageContext = (stage: string) => ({
  stage,
  supportAddress: `support@${stage}.caseline.example`,
  replyDomain: `reply.${stage}.caseline.example`,
})

describe('two stages in one account', () => {
  it('synthesize side by side without a physical-name collision', () => {
    const first = namesOf(synthesized(stageContext('test')))
    const second = namesOf(synthesized(stageContext('prod')))

    expect([...first].filter((name) => second.has(name))).toEqual([])
  })

  it('collide only on the SES identities when they share a mail domain: each stage needs its own', () => {
    const first = namesOf(synthesized({ stage: 'test' }))
    const second = namesOf(synthesized({ stage: 'prod' }))

    expect([...first].filter((name) => second.has(name)).sort()).toEqual([
      'AWS::SES::EmailIdentity caseline.example',
      'AWS::SES::EmailIdentity reply.caseline.example',
    ])
  })
})
