import { describe, expect, it } from 'vitest'
import type { Severity } from '#src/domain/vocabulary.ts'
import type {
  CaseObjectStore,
  PurgeCandidate,
  PurgedItems,
  RetentionAccount,
  RetentionStore,
} from '#src/use-cases/ports/retention.ts'
import {
  type CasePurge,
  type PurgeEndedCasesDeps,
  purgeEndedCases,
} from '#src/use-cases/retention/purge-ended-cases.ts'
import { InMemoryMetricsStore } from '../fakes/metrics.ts'

const now = new Date('2031-03-02T00:00:00.000Z')
const day = 24 * 60 * 60 * 1000
const daysAgo = (n: number) => new Date(now.getTime() - n * day).toISOString()

/** A case with its partition items, file objects and mail records, as the fake store holds it. */
interface StoredCase extends PurgeCandidate {
  items: number
  links: number
  mail: number
  objects: number
}

function aCase(id: string, accountId: string, overrides: Partial<StoredCase> = {}): StoredCase {
  return {
    caseId: id,
    accountId,
    number: `CS-${id}`,
    severity: 'standard' as Severity,
    status: 'closed',
    createdAt: daysAgo(60),
    closedAt: daysAgo(40),
    items: 5,
    links: 1,
    mail: 2,
    objects: 1,
    ...overrides,
  }
}

/** The table and the bucket in memory, recording every deletion in order. */
class FakeRetention implements RetentionStore, CaseObjectStore {
  readonly calls: string[] = []
  /** Fail the case item's deletion of this case once (a crash before the last step). */
  crashBeforeDeleting: string | undefined

  constructor(
    readonly accounts: RetentionAccount[],
    readonly cases: StoredCase[],
  ) {}

  async listRetentionAccounts() {
    return this.accounts
  }

  async *casesCreatedBefore(accountId: string, cutoff: Date) {
    this.calls.push(`list ${accountId} before ${cutoff.toISOString()}`)
    const due = this.cases
      .filter((c) => c.accountId === accountId && c.createdAt < cutoff.toISOString())
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    // Two pages, as the table would page a long timeline.
    yield due.slice(0, 1).map((c) => ({ ...c }))
    yield due.slice(1).map((c) => ({ ...c }))
  }

  async deleteCaseContents(candidate: PurgeCandidate): Promise<PurgedItems> {
    this.calls.push(`contents ${candidate.caseId}`)
    const stored = this.find(candidate.caseId)
    const purged = { caseItems: stored.items, linkTwins: stored.links, mailLedger: stored.mail }
    Object.assign(stored, { items: 0, links: 0, mail: 0 })
    return purged
  }

  async deleteCaseObjects(ref: { accountId: string; caseId: string }) {
    this.calls.push(`objects ${ref.accountId}/${ref.caseId}`)
    const stored = this.find(ref.caseId)
    const deleted = stored.objects
    stored.objects = 0
    return deleted
  }

  async deleteCase(candidate: PurgeCandidate) {
    if (this.crashBeforeDeleting === candidate.caseId) {
      this.crashBeforeDeleting = undefined
      throw new Error('Lambda timed out')
    }
    this.calls.push(`case ${candidate.caseId}`)
    this.cases.splice(this.cases.indexOf(this.find(candidate.caseId)), 1)
  }

  private find(caseId: string): StoredCase {
    const stored = this.cases.find((c) => c.caseId === caseId)
    if (!stored) throw new Error(`no case ${caseId}`)
    return stored
  }
}

function depsOf(store: FakeRetention) {
  const metrics = new InMemoryMetricsStore()
  const purges: CasePurge[] = []
  const deps: PurgeEndedCasesDeps = {
    retention: store,
    caseObjects: store,
    metrics,
    clock: { now: () => now },
    onPurged: (purge) => purges.push(purge),
  }
  return { deps, metrics, purges }
}

describe('the daily retention run', () => {
  it('purges the ended cases past each account’s limit, closed or cancelled, and keeps the rest', async () => {
    // Arrange
    const store = new FakeRetention(
      [
        { accountId: 'acme', retainClosedCasesDays: 30 },
        { accountId: 'initech', retainClosedCasesDays: 90 },
      ],
      [
        aCase('closed-31', 'acme', { closedAt: daysAgo(31) }),
        aCase('cancelled-45', 'acme', { status: 'cancelled', closedAt: undefined, cancelledAt: daysAgo(45) }),
        aCase('closed-at-limit', 'acme', { closedAt: daysAgo(30) }),
        aCase('closed-10', 'acme', { closedAt: daysAgo(10) }),
        aCase('open-old', 'acme', { status: 'in_progress', closedAt: undefined, createdAt: daysAgo(400) }),
        aCase('closed-40-initech', 'initech', { closedAt: daysAgo(40) }),
        aCase('closed-100-initech', 'initech', { createdAt: daysAgo(200), closedAt: daysAgo(100) }),
        aCase('closed-400-globex', 'globex', { createdAt: daysAgo(500), closedAt: daysAgo(400) }),
      ],
    )
    const { deps, purges } = depsOf(store)

    // Act
    const run = await purgeEndedCases(deps)

    // Assert
    expect(purges.map((p) => p.caseId).sort()).toEqual(['cancelled-45', 'closed-100-initech', 'closed-31'])
    expect(store.cases.map((c) => c.caseId).sort()).toEqual([
      'closed-10',
      'closed-40-initech',
      'closed-400-globex',
      'closed-at-limit',
      'open-old',
    ])
    expect(run).toMatchObject({ at: now.toISOString(), accounts: 2, purged: purges })
    // Only the accounts with the setting are read, each up to its own cutoff.
    expect(store.calls.filter((c) => c.startsWith('list'))).toEqual([
      `list acme before ${daysAgo(30)}`,
      `list initech before ${daysAgo(90)}`,
    ])
  })

  it('deletes the contents, then the files, then the case item last, and tells what went (counts only)', async () => {
    // Arrange
    const store = new FakeRetention([{ accountId: 'acme', retainClosedCasesDays: 30 }], [aCase('c1', 'acme')])
    const { deps, purges } = depsOf(store)

    // Act
    await purgeEndedCases(deps)

    // Assert
    expect(store.calls.filter((c) => !c.startsWith('list'))).toEqual([
      'contents c1',
      'objects acme/c1',
      'case c1',
    ])
    expect(purges).toEqual([
      {
        caseId: 'c1',
        accountId: 'acme',
        number: 'CS-c1',
        endedAt: daysAgo(40),
        caseItems: 5,
        linkTwins: 1,
        mailLedger: 2,
        fileObjects: 1,
        counted: true,
      },
    ])
  })

  it('counts each purge once in the metrics of the day, under the case’s severity', async () => {
    // Arrange
    const store = new FakeRetention(
      [{ accountId: 'acme', retainClosedCasesDays: 30 }],
      [aCase('c1', 'acme', { severity: 'critical' }), aCase('c2', 'acme')],
    )
    const { deps, metrics } = depsOf(store)

    // Act
    await purgeEndedCases(deps)

    // Assert
    expect(metrics.recorded).toEqual([
      { eventId: 'purge-c1', accountId: 'acme', day: '2031-03-02', bySeverity: { critical: { purged: 1 } } },
      { eventId: 'purge-c2', accountId: 'acme', day: '2031-03-02', bySeverity: { standard: { purged: 1 } } },
    ])
  })

  it('finds a purge that crashed before its last step again, finishes it and does not count it twice', async () => {
    // Arrange
    const store = new FakeRetention([{ accountId: 'acme', retainClosedCasesDays: 30 }], [aCase('c1', 'acme')])
    store.crashBeforeDeleting = 'c1'
    const { deps, metrics, purges } = depsOf(store)

    // Act
    await expect(purgeEndedCases(deps)).rejects.toThrow('Lambda timed out')
    const rerun = await purgeEndedCases(deps)

    // Assert
    expect(store.cases).toEqual([])
    expect(rerun.purged).toEqual([
      expect.objectContaining({ caseId: 'c1', caseItems: 0, fileObjects: 0, counted: false }),
    ])
    expect(purges).toHaveLength(1)
    expect(metrics.recorded).toHaveLength(1)
  })

  it('reads and deletes nothing when no account has the setting', async () => {
    // Arrange
    const store = new FakeRetention([], [aCase('c1', 'globex', { closedAt: daysAgo(3000) })])
    const { deps, metrics } = depsOf(store)

    // Act
    const run = await purgeEndedCases(deps)

    // Assert
    expect(run).toEqual({ at: now.toISOString(), accounts: 0, casesRead: 0, purged: [] })
    expect(store.calls).toEqual([])
    expect(metrics.recorded).toEqual([])
  })
})
