import { describe, expect, it } from 'vitest'
import { ConflictError, NotFoundError, PreconditionFailedError, ValidationError } from '#src/domain/errors.ts'
import type { Queue } from '#src/domain/queues.ts'
import type { Routing } from '#src/domain/routing.ts'
import type { SettingVersion } from '#src/use-cases/ports/sla.ts'
import {
  decideRouting,
  getRouting,
  getRoutingVersion,
  listRoutingVersions,
  previewRouting,
  putRouting,
} from '#src/use-cases/queues/routing.ts'
import { fixedClock, InMemoryAccounts, now, rejectionOf } from '../../fakes/core.ts'
import { InMemoryQueueSettings } from '../../fakes/queues.ts'

const at = now.toISOString()
const seededAt = '2026-11-01T00:00:00.000Z'

const seed: Routing = {
  rules: [
    { name: 'Case types of consulting', when: { caseTypes: ['consulting_request'] }, queue: 'consulting' },
  ],
  defaultQueue: 'support',
}

const outagesToCloudOps: Routing = {
  rules: [
    { name: 'Outages', when: { caseTypes: ['cloud_outage'] }, queue: 'cloud-ops' },
    { when: { caseTypes: ['consulting_request'] }, queue: 'consulting' },
  ],
  defaultQueue: 'support',
}

const cloudOps: Queue = { id: 'cloud-ops', names: { de: 'Cloud', en: 'Cloud' }, active: true, version: 1 }

async function withCloudOps<T extends InMemoryQueueSettings>(settings: T): Promise<T>
async function withCloudOps(): Promise<InMemoryQueueSettings>
async function withCloudOps(settings = new InMemoryQueueSettings()) {
  await settings.keepSeeds(seededAt)
  settings.queues.set(cloudOps.id, cloudOps)
  settings.writes.length = 0
  return settings
}

const depsOf = (settings: InMemoryQueueSettings) => ({
  queues: settings,
  queueAdmin: settings,
  clock: fixedClock(),
})

/** Queue settings where another admin saves a routing just before each of this one's saves (`times` at most). */
class RoutingSavedMeanwhile extends InMemoryQueueSettings {
  saveAttempts = 0
  constructor(private readonly times: number) {
    super()
  }

  override async saveRouting(
    routing: Routing,
    expected: SettingVersion<Routing>,
    queues: readonly Queue[],
    savedAt: string,
  ) {
    this.saveAttempts++
    if (this.saveAttempts <= this.times) {
      const latest = this.versions.at(-1) as SettingVersion<Routing>
      this.versions.push({ version: latest.version + 1, savedAt: seededAt, definition: seed })
    }
    return super.saveRouting(routing, expected, queues, savedAt)
  }
}

describe('getRouting and getRoutingVersion', () => {
  it('answers the seed as version 1, not saved, while nothing is stored, and stores nothing', async () => {
    const settings = new InMemoryQueueSettings()

    const routing = await getRouting({ queues: settings })

    expect(routing).toEqual({ ...seed, version: 1, savedAt: null })
    expect(settings.writes).toEqual([])
  })

  it('answers the latest stored version with the time it was saved', async () => {
    // Arrange
    const settings = await withCloudOps()
    await putRouting(outagesToCloudOps, undefined, depsOf(settings))

    // Act
    const routing = await getRouting({ queues: settings })

    // Assert
    expect(routing).toEqual({ ...outagesToCloudOps, version: 2, savedAt: at })
  })

  it('answers an earlier version, the one a case’s history names', async () => {
    // Arrange
    const settings = await withCloudOps()
    await putRouting(outagesToCloudOps, undefined, depsOf(settings))

    // Act
    const first = await getRoutingVersion(1, { queues: settings })

    // Assert
    expect(first).toEqual({ ...seed, version: 1, savedAt: seededAt })
  })

  it('answers 404 for a version never saved', async () => {
    const error = await rejectionOf(getRoutingVersion(2, { queues: new InMemoryQueueSettings() }))

    expect(error).toBeInstanceOf(NotFoundError)
    expect((error as NotFoundError).message).toBe('There is no routing version 2.')
  })
})

describe('listRoutingVersions', () => {
  it('lists the stored versions newest first, as views', async () => {
    // Arrange
    const settings = await withCloudOps()
    await putRouting(outagesToCloudOps, undefined, depsOf(settings))

    // Act
    const page = await listRoutingVersions({ limit: 25 }, { queueAdmin: settings })

    // Assert
    expect(page).toEqual({
      items: [
        { ...outagesToCloudOps, version: 2, savedAt: at },
        { ...seed, version: 1, savedAt: seededAt },
      ],
      nextCursor: null,
    })
  })
})

describe('putRouting', () => {
  it('keeps the seeds of a fresh table as version 1 first, and saves the routing as version 2', async () => {
    // Arrange
    const settings = new InMemoryQueueSettings()
    const onlySupport: Routing = {
      rules: [{ when: { severities: ['critical'] }, queue: 'support' }],
      defaultQueue: 'consulting',
    }

    // Act
    const saved = await putRouting(onlySupport, undefined, depsOf(settings))

    // Assert
    expect(saved).toEqual({ ...onlySupport, version: 2, savedAt: at })
    expect(settings.writes).toEqual(['seeds', 'routing 2'])
    expect(await settings.routing(1)).toEqual({ version: 1, savedAt: at, definition: seed })
  })

  it('saves the version after the latest when If-Match names the latest', async () => {
    const settings = await withCloudOps()

    const saved = await putRouting(outagesToCloudOps, 1, depsOf(settings))

    expect(saved.version).toBe(2)
    expect(settings.writes).toEqual(['routing 2'])
  })

  it('answers 412 when If-Match names another version, and saves nothing', async () => {
    // Arrange
    const settings = await withCloudOps()
    await putRouting(outagesToCloudOps, undefined, depsOf(settings))

    // Act
    const error = await rejectionOf(putRouting(seed, 1, depsOf(settings)))

    // Assert
    expect(error).toBeInstanceOf(PreconditionFailedError)
    expect((error as PreconditionFailedError).message).toBe(
      'The routing is at version 2, not 1: read it again and re-apply your change.',
    )
    expect(settings.versions).toHaveLength(2)
  })

  it('refuses unknown and inactive queues with 400, pointing at each rule and at the default queue', async () => {
    // Arrange
    const settings = await withCloudOps()
    settings.queues.set('cloud-ops', { ...cloudOps, active: false })
    const routing: Routing = {
      rules: [
        { when: { caseTypes: ['consulting_request'] }, queue: 'consulting' },
        { when: { caseTypes: ['cloud_outage'] }, queue: 'cloud-ops' },
        { when: { severities: ['critical'] }, queue: 'sales' },
      ],
      defaultQueue: 'frontline',
    }

    // Act
    const error = await rejectionOf(putRouting(routing, undefined, depsOf(settings)))

    // Assert
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).errors).toEqual([
      { pointer: '/defaultQueue', detail: 'is not a queue; the active queues are consulting, support' },
      { pointer: '/rules/1/queue', detail: 'queue cloud-ops is inactive' },
      { pointer: '/rules/2/queue', detail: 'is not a queue; the active queues are consulting, support' },
    ])
    expect(settings.writes).toEqual([])
  })

  it('reads again and saves after the latest when another admin’s save landed first', async () => {
    // Arrange
    const settings = await withCloudOps(new RoutingSavedMeanwhile(2))

    // Act
    const saved = await putRouting(outagesToCloudOps, undefined, depsOf(settings))

    // Assert: versions 2 and 3 are theirs
    expect(settings.saveAttempts).toBe(3)
    expect(saved).toEqual({ ...outagesToCloudOps, version: 4, savedAt: at })
    expect((await settings.routing())?.definition).toEqual(outagesToCloudOps)
  })

  it('gives up with 409 after three lost saves', async () => {
    // Arrange
    const settings = await withCloudOps(new RoutingSavedMeanwhile(Number.POSITIVE_INFINITY))

    // Act
    const error = await rejectionOf(putRouting(outagesToCloudOps, undefined, depsOf(settings)))

    // Assert
    expect(error).toBeInstanceOf(ConflictError)
    expect((error as ConflictError).message).toBe(
      'The routing or its queues are being changed by others right now. Please retry.',
    )
    expect(settings.saveAttempts).toBe(3)
    expect(settings.versions.map((version) => version.definition)).not.toContainEqual(outagesToCloudOps)
  })

  it('answers 412 on the retry when If-Match was given and another admin saved meanwhile', async () => {
    const settings = await withCloudOps(new RoutingSavedMeanwhile(1))

    const error = await rejectionOf(putRouting(outagesToCloudOps, 1, depsOf(settings)))

    expect(error).toBeInstanceOf(PreconditionFailedError)
    expect(settings.saveAttempts).toBe(1)
  })

  it('answers 400 when a queue it names is deactivated between the check and the save', async () => {
    // Arrange
    class DeactivatedMeanwhile extends InMemoryQueueSettings {
      override async saveRouting(
        routing: Routing,
        expected: SettingVersion<Routing>,
        queues: readonly Queue[],
        savedAt: string,
      ) {
        const current = this.queues.get('cloud-ops') as Queue
        this.queues.set('cloud-ops', { ...current, active: false, version: current.version + 1 })
        return super.saveRouting(routing, expected, queues, savedAt)
      }
    }
    const settings = await withCloudOps(new DeactivatedMeanwhile())

    // Act
    const error = await rejectionOf(putRouting(outagesToCloudOps, undefined, depsOf(settings)))

    // Assert
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).errors).toEqual([
      { pointer: '/rules/0/queue', detail: 'queue cloud-ops is inactive' },
    ])
    expect(settings.versions).toHaveLength(1)
  })
})

describe('previewRouting', () => {
  const serviceLevelRouting: Routing = {
    rules: [
      {
        name: 'Premium outages',
        when: { caseTypes: ['cloud_outage'], serviceLevels: ['premium'] },
        queue: 'cloud-ops',
      },
    ],
    defaultQueue: 'support',
  }

  async function withServiceLevelRouting() {
    const settings = await withCloudOps()
    await putRouting(serviceLevelRouting, undefined, depsOf(settings))
    settings.writes.length = 0
    return { queues: settings, accounts: new InMemoryAccounts() }
  }

  const anOutage = (accountId: string) =>
    ({ type: 'cloud_outage', product: 'ERP', accountId, severity: 'critical' }) as const

  it('routes by the service level of the account: a premium account matches', async () => {
    const deps = await withServiceLevelRouting()

    const preview = await previewRouting(anOutage('acme'), deps)

    expect(preview).toEqual({
      queue: 'cloud-ops',
      rule: 1,
      ruleName: 'Premium outages',
      checks: [{ rule: 1, name: 'Premium outages', queue: 'cloud-ops', outcome: 'matched', unmet: [] }],
      routingVersion: 2,
      explanation:
        'Rule 1 "Premium outages" of routing version 2 matched first and sends the case to cloud-ops.',
    })
  })

  it('routes by the service level of the account: a standard account does not match, and is told why', async () => {
    const deps = await withServiceLevelRouting()

    const preview = await previewRouting(anOutage('globex'), deps)

    expect(preview).toMatchObject({ queue: 'support', rule: null, routingVersion: 2 })
    expect(preview.checks[0]?.unmet).toEqual(['service level standard is not one of premium'])
  })

  it('answers 400 at /accountId for an unknown account', async () => {
    const deps = await withServiceLevelRouting()

    const error = await rejectionOf(previewRouting(anOutage('initech'), deps))

    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).errors).toEqual([
      { pointer: '/accountId', detail: 'is not an account' },
    ])
  })

  it('previews by the seed on a fresh table, and stores nothing', async () => {
    const settings = new InMemoryQueueSettings()

    const preview = await previewRouting(
      { type: 'consulting_request', product: 'ERP', accountId: 'acme', severity: 'low' },
      { queues: settings, accounts: new InMemoryAccounts() },
    )

    expect(preview).toMatchObject({ queue: 'consulting', rule: 1, routingVersion: 1 })
    expect(settings.writes).toEqual([])
  })
})

describe('decideRouting', () => {
  it('passes over a rule whose queue is inactive among the queues given', () => {
    const queues = [
      { ...cloudOps, active: false },
      { id: 'consulting', active: true },
    ]
    const draft = {
      type: 'cloud_outage',
      product: 'ERP',
      accountId: 'acme',
      serviceLevel: 'premium',
      severity: 'low',
    } as const

    const decision = decideRouting(outagesToCloudOps, draft, queues)

    expect(decision).toMatchObject({ queue: 'support', rule: null })
    expect(decision.checks[0]?.outcome).toBe('queue_inactive')
  })

  it('treats a queue missing from the queues given as inactive', () => {
    const draft = {
      type: 'cloud_outage',
      product: 'ERP',
      accountId: 'acme',
      serviceLevel: 'premium',
      severity: 'low',
    } as const

    expect(decideRouting(outagesToCloudOps, draft, []).queue).toBe('support')
  })
})
