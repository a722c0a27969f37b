import { describe, expect, it } from 'vitest'
import {
  ConfigurationError,
  readConfig,
  requireEventBusName,
  requireMailSettings,
  requireSchedulerSettings,
  requireWebhookQueue,
} from '#src/config.ts'

const complete = {
  TABLE_NAME: 'caseline',
  AWS_REGION: 'eu-central-1',
  CURSOR_SECRET_ARN: 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:cursor',
  SCHEDULE_GROUP: 'caseline-timers',
  TIMER_TARGET_ARN: 'arn:aws:lambda:eu-central-1:123456789012:function:Caseline-Stateless-fire-timer',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/Caseline-Stateless-TimersInvokeRole',
  TIMER_DLQ_ARN: 'arn:aws:sqs:eu-central-1:123456789012:Caseline-Stateless-TimersDeadLetters',
}

function errorOf(env: NodeJS.ProcessEnv): Error {
  try {
    readConfig(env)
  } catch (error) {
    return error as Error
  }
  throw new Error('readConfig accepted the environment')
}

describe('readConfig', () => {
  it('reads a complete AWS environment', () => {
    expect(readConfig(complete)).toEqual({
      tableName: 'caseline',
      region: 'eu-central-1',
      cursorSecret: { kind: 'arn', arn: complete.CURSOR_SECRET_ARN },
      dynamodbEndpoint: undefined,
      queueSeeds: {
        routing: { defaultQueue: 'support', byType: { consulting_request: 'consulting' } },
        teamAddresses: {},
      },
      functionName: 'local',
      scheduler: {
        groupName: 'caseline-timers',
        targetArn: complete.TIMER_TARGET_ARN,
        roleArn: complete.SCHEDULER_ROLE_ARN,
        deadLetterArn: complete.TIMER_DLQ_ARN,
        endpoint: undefined,
      },
      clock: 'system',
      // Only functions bound to the bucket get FILES_BUCKET; the file functions parse the blocked types.
      files: {
        bucket: undefined,
        endpoint: undefined,
        blockedTypes: undefined,
        scanRequired: false,
      },
      // Only mailing functions get the mail settings; requireMailSettings names what is missing.
      mail: {
        from: undefined,
        fromName: 'Caseline Support',
        replyDomain: undefined,
        configurationSet: undefined,
        endpoint: undefined,
        surveyUrl: undefined,
        caseUrl: undefined,
        inbound: { bucket: undefined, prefix: '' },
      },
      // Only functions that manage users get the pool; they fail on first use without it.
      identity: { provider: 'cognito', userPoolId: undefined },
      // Only the functions that publish or deliver get the bus and the queue; they check them on first use.
      events: {
        busName: undefined,
        busEndpoint: undefined,
        webhookQueueUrl: undefined,
        webhookQueueArn: undefined,
        sqsEndpoint: undefined,
        allowLoopbackWebhooks: false,
      },
    })
  })

  it('reads the event bus and the webhook queue, and names what a function that delivers lacks', () => {
    const config = readConfig({
      ...complete,
      EVENT_BUS_NAME: 'caseline-prod-events',
      WEBHOOK_QUEUE_URL: 'https://sqs.eu-central-1.amazonaws.com/123456789012/caseline-prod-deliveries',
    })
    expect(requireEventBusName(config.events)).toBe('caseline-prod-events')
    expect(() => requireWebhookQueue(config.events)).toThrow(/WEBHOOK_QUEUE_ARN required/)
    expect(() => requireEventBusName(readConfig(complete).events)).toThrow(/EVENT_BUS_NAME is required/)
  })

  it('reads the mail settings of a mailing function', () => {
    const config = readConfig({
      ...complete,
      MAIL_FROM: 'support@caseline.example',
      MAIL_REPLY_DOMAIN: 'reply.caseline.example',
      SURVEY_URL: 'https://portal.example/surveys/{token}',
      QUEUE_TEAM_ADDRESSES: '{"support": "team@vendor.example"}',
    })

    expect(requireMailSettings(config.mail)).toEqual({
      from: 'support@caseline.example',
      replyDomain: 'reply.caseline.example',
      surveyUrl: 'https://portal.example/surveys/{token}',
    })
    expect(config.queueSeeds.teamAddresses).toEqual({ support: 'team@vendor.example' })
  })

  it('names every missing mail setting when a mailing function lacks them', () => {
    const config = readConfig({ ...complete, MAIL_FROM: 'support@caseline.example' })

    expect(() => requireMailSettings(config.mail)).toThrow(/MAIL_REPLY_DOMAIN, SURVEY_URL/)
  })

  it('fails naming QUEUE_TEAM_ADDRESSES when an address is not an e-mail address', () => {
    const error = errorOf({ ...complete, QUEUE_TEAM_ADDRESSES: '{"support": "nobody"}' })

    expect(error.message).toContain('QUEUE_TEAM_ADDRESSES')
  })

  it.each(['SCHEDULE_GROUP', 'TIMER_TARGET_ARN', 'SCHEDULER_ROLE_ARN', 'TIMER_DLQ_ARN'] as const)(
    'fails naming %s when a function that sets timers lacks it',
    (name) => {
      const { [name]: _, ...without } = complete

      const config = readConfig(without)

      expect(() => requireSchedulerSettings(config.scheduler)).toThrow(ConfigurationError)
      expect(() => requireSchedulerSettings(config.scheduler)).toThrow(name)
    },
  )

  it('reads the timer settings of a function that sets timers', () => {
    expect(requireSchedulerSettings(readConfig(complete).scheduler)).toEqual({
      groupName: 'caseline-timers',
      targetArn: complete.TIMER_TARGET_ARN,
      roleArn: complete.SCHEDULER_ROLE_ARN,
      deadLetterArn: complete.TIMER_DLQ_ARN,
      endpoint: undefined,
    })
  })

  it('reads the local Scheduler endpoint and the local clock', () => {
    const config = readConfig({ ...complete, SCHEDULER_ENDPOINT: 'http://127.0.0.1:4567', CLOCK: 'local' })

    expect(config.scheduler.endpoint).toBe('http://127.0.0.1:4567')
    expect(config.clock).toBe('local')
  })

  it('fails naming CLOCK when it is neither system nor local', () => {
    expect(errorOf({ ...complete, CLOCK: 'fast' }).message).toContain('CLOCK')
  })

  it('reads an operator queue routing and refuses a malformed one by name', () => {
    const routing = { defaultQueue: 'support', byType: { cloud_outage: 'cloud-ops' } }
    expect(readConfig({ ...complete, QUEUE_ROUTING: JSON.stringify(routing) }).queueSeeds.routing).toEqual(
      routing,
    )
    expect(() => readConfig({ ...complete, QUEUE_ROUTING: '{"byType":' })).toThrow(/QUEUE_ROUTING/)
    expect(() => readConfig({ ...complete, QUEUE_ROUTING: '{"defaultQueue":"a b","byType":{}}' })).toThrow(
      /QUEUE_ROUTING/,
    )
  })

  it('reads a local environment with the secret itself and a DynamoDB Local endpoint', () => {
    const { CURSOR_SECRET_ARN: _, ...withoutArn } = complete

    const config = readConfig({
      ...withoutArn,
      CURSOR_SECRET: 'a-local-cursor-secret-of-32-chars!',
      DYNAMODB_ENDPOINT: 'http://localhost:8000',
    })

    expect(config.cursorSecret).toEqual({ kind: 'value', value: 'a-local-cursor-secret-of-32-chars!' })
    expect(config.dynamodbEndpoint).toBe('http://localhost:8000')
  })

  it('fails naming TABLE_NAME when it is missing', () => {
    const { TABLE_NAME: _, ...withoutTable } = complete

    const error = errorOf(withoutTable)

    expect(error).toBeInstanceOf(ConfigurationError)
    expect(error.message).toContain('TABLE_NAME')
  })

  it('fails naming TABLE_NAME when it is empty', () => {
    expect(errorOf({ ...complete, TABLE_NAME: '' }).message).toContain('TABLE_NAME')
  })

  it('fails naming both cursor secret variables when neither is set', () => {
    const { CURSOR_SECRET_ARN: _, ...withoutSecret } = complete

    const error = errorOf(withoutSecret)

    expect(error).toBeInstanceOf(ConfigurationError)
    expect(error.message).toContain('CURSOR_SECRET_ARN')
    expect(error.message).toMatch(/\bCURSOR_SECRET\b/)
  })

  it('fails naming CURSOR_SECRET when it is too short to sign with', () => {
    const { CURSOR_SECRET_ARN: _, ...withoutArn } = complete

    expect(errorOf({ ...withoutArn, CURSOR_SECRET: 'short' }).message).toContain('CURSOR_SECRET')
  })
})
