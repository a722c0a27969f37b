import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { localHandlerEnvironment, localStage } from '#local/environment.ts'
import {
  readConfig,
  requireEventBusName,
  requireMailSettings,
  requireSchedulerSettings,
  requireWebhookQueue,
} from '#src/config.ts'
import { entries } from '#src/runtime/entries.ts'

const endpoints = {
  apiUrl: 'http://localhost:3000',
  tableName: 'caseline-test',
  dynamodbEndpoint: 'http://127.0.0.1:8000',
  schedulerEndpoint: 'http://127.0.0.1:4567',
  filesBucket: localStage.filesBucket,
  s3Endpoint: 'http://127.0.0.1:4568',
  sesEndpoint: 'http://127.0.0.1:4569',
  eventBridgeEndpoint: 'http://127.0.0.1:4570',
  sqsEndpoint: 'http://127.0.0.1:4571',
  webhookQueueUrl: `http://127.0.0.1:4571/000000000000/${localStage.webhookQueueName}`,
  webhookQueueArn: `arn:aws:sqs:${localStage.region}:000000000000:${localStage.webhookQueueName}`,
}

describe('the local handlers’ environment', () => {
  it('passes the runtime’s config check, with every setting a function may need', () => {
    const config = readConfig(localHandlerEnvironment(endpoints))

    expect(config).toMatchObject({
      tableName: 'caseline-test',
      region: localStage.region,
      cursorSecret: { kind: 'value' },
      dynamodbEndpoint: endpoints.dynamodbEndpoint,
      clock: 'local',
      files: { bucket: localStage.filesBucket, endpoint: endpoints.s3Endpoint },
      mail: { endpoint: endpoints.sesEndpoint, inbound: localStage.inboundMail },
      identity: { provider: 'local' },
    })
    expect(requireSchedulerSettings(config.scheduler)).toEqual({
      groupName: localStage.timers.scheduleGroup,
      targetArn: localStage.timers.targetArn,
      roleArn: localStage.timers.roleArn,
      deadLetterArn: localStage.timers.deadLetterArn,
      endpoint: endpoints.schedulerEndpoint,
    })
    expect(requireMailSettings(config.mail)).toEqual({
      from: localStage.mail.supportAddress,
      replyDomain: localStage.mail.replyDomain,
      surveyUrl: 'http://localhost:3000/surveys/{token}',
    })
  })

  it('publishes to the local bus and hands deliveries to the local queue, loopback receivers allowed', () => {
    const { events } = readConfig(localHandlerEnvironment(endpoints))

    expect(requireEventBusName(events)).toBe(localStage.eventBusName)
    expect(requireWebhookQueue(events)).toEqual({
      url: endpoints.webhookQueueUrl,
      arn: endpoints.webhookQueueArn,
    })
    expect(events).toMatchObject({
      busEndpoint: endpoints.eventBridgeEndpoint,
      sqsEndpoint: endpoints.sqsEndpoint,
      allowLoopbackWebhooks: true,
    })
  })

  it('signs with a fresh cursor key at every start', () => {
    expect(readConfig(localHandlerEnvironment(endpoints)).cursorSecret).not.toEqual(
      readConfig(localHandlerEnvironment(endpoints)).cursorSecret,
    )
  })
})

describe('the entries table', () => {
  it.each(Object.entries(entries))('%s names a module under functions/', (_, entry) => {
    expect(
      existsSync(fileURLToPath(new URL(`../../../functions/${entry.handler}.ts`, import.meta.url))),
    ).toBe(true)
  })
})
