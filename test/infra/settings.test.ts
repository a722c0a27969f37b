import { describe, expect, it } from 'vitest'
import {
  defaultMailSettings,
  defaultRateLimits,
  readSettings,
  SettingsError,
  stackNames,
} from '#lib/settings.ts'

const context = (values: Record<string, unknown>) => ({ tryGetContext: (key: string) => values[key] })

describe('readSettings', () => {
  it('defaults to no stage, no CORS, no tracing, threat protection on, the default rate limits and no alarm topic', () => {
    expect(readSettings(context({}))).toEqual({
      stage: undefined,
      allowedOrigins: [],
      tracing: false,
      threatProtection: true,
      malwareScan: false,
      blockedFileTypes: undefined,
      mail: defaultMailSettings,
      queueSeeds: { routing: undefined, teamAddresses: {} },
      rateLimits: { writesPerMinute: 120, readsPerMinute: 600 },
      alarms: { email: undefined, topicArn: undefined },
    })
    expect(defaultRateLimits).toEqual({ writesPerMinute: 120, readsPerMinute: 600 })
  })

  it('reads the mail settings and refuses what SES or the mails could not use', () => {
    const settings = readSettings(
      context({
        supportAddress: 'help@vendor.example',
        replyDomain: 'reply.vendor.example',
        surveyUrl: 'https://portal.vendor.example/survey/{token}',
        caseUrl: 'https://portal.vendor.example/cases/{number}',
      }),
    )

    expect(settings.mail).toEqual({
      supportAddress: 'help@vendor.example',
      replyDomain: 'reply.vendor.example',
      surveyUrl: 'https://portal.vendor.example/survey/{token}',
      caseUrl: 'https://portal.vendor.example/cases/{number}',
    })
    expect(() => readSettings(context({ supportAddress: 'help' }))).toThrow(/supportAddress/)
    expect(() => readSettings(context({ replyDomain: 'reply' }))).toThrow(/replyDomain/)
    expect(() => readSettings(context({ surveyUrl: 'https://portal.example/survey' }))).toThrow(/surveyUrl/)
  })

  it('reads the seeds of the queues and the routing, checked as the functions check them', () => {
    const settings = readSettings(
      context({
        queueRouting: '{"defaultQueue": "helpdesk", "byType": {"cloud_outage": "cloud-ops"}}',
        queueAddresses: '{"support": "team@vendor.example"}',
      }),
    )

    expect(settings.queueSeeds).toEqual({
      routing: { defaultQueue: 'helpdesk', byType: { cloud_outage: 'cloud-ops' } },
      teamAddresses: { support: 'team@vendor.example' },
    })
    expect(readSettings(context({})).queueSeeds).toEqual({ routing: undefined, teamAddresses: {} })
    expect(() => readSettings(context({ queueAddresses: '{"support": "nobody"}' }))).toThrow(/queueAddresses/)
    expect(() => readSettings(context({ queueRouting: '{"defaultQueue": "a b", "byType": {}}' }))).toThrow(
      /queueRouting/,
    )
  })

  it('reads malwareScan and blockedFileTypes, checked like the runtime checks them', () => {
    const settings = readSettings(
      context({ malwareScan: 'true', blockedFileTypes: 'application/x-msdownload,.exe' }),
    )

    expect(settings.malwareScan).toBe(true)
    expect(settings.blockedFileTypes).toBe('application/x-msdownload,.exe')
    expect(readSettings(context({ blockedFileTypes: 'none' })).blockedFileTypes).toBe('none')
    expect(() => readSettings(context({ blockedFileTypes: 'exe' }))).toThrow(/blockedFileTypes/)
    expect(() => readSettings(context({ malwareScan: 'yes' }))).toThrow(/malwareScan/)
  })

  it('reads origins from a JSON array (cdk.json) or a comma-separated string (-c)', () => {
    const fromArray = readSettings(context({ allowedOrigins: ['https://portal.example.com'] }))
    const fromString = readSettings(
      context({ allowedOrigins: 'https://portal.example.com, http://localhost:5173' }),
    )

    expect(fromArray.allowedOrigins).toEqual(['https://portal.example.com'])
    expect(fromString.allowedOrigins).toEqual(['https://portal.example.com', 'http://localhost:5173'])
  })

  it.each([
    '*',
    'portal.example.com',
    'http://portal.example.com',
    'https://portal.example.com/',
    'https://a.example/x',
  ])('refuses %s as an origin', (origin) => {
    expect(() => readSettings(context({ allowedOrigins: origin }))).toThrow(SettingsError)
  })

  it('reads booleans given as strings on the command line', () => {
    const settings = readSettings(context({ tracing: 'true', threatProtection: 'false' }))

    expect(settings.tracing).toBe(true)
    expect(settings.threatProtection).toBe(false)
  })

  it('names the key of a malformed value', () => {
    expect(() => readSettings(context({ tracing: 'yes' }))).toThrow(/"tracing"/)
    expect(() => readSettings(context({ stage: 'Prod_1' }))).toThrow(/"stage"/)
  })
})

describe('stackNames', () => {
  it('prefixes the stage so stages can share an account', () => {
    expect(stackNames(undefined)).toEqual({ stateful: 'Caseline-Stateful', stateless: 'Caseline-Stateless' })
    expect(stackNames('dev')).toEqual({
      stateful: 'Caseline-dev-Stateful',
      stateless: 'Caseline-dev-Stateless',
    })
  })
})
