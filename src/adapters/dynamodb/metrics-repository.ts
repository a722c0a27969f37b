import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb'
import type { CursorCodec } from '#src/adapters/cursor.ts'
import { Case } from '#src/domain/case.ts'
import type { AccessScope } from '#src/domain/identity.ts'
import {
  type DayAggregate,
  type MetricCounters,
  type SlaTargetKind,
  severities,
  type TargetCounters,
  type TargetsCounters,
  zeroPerSeverity,
} from '#src/domain/metrics/case-metrics.ts'
import { Severity } from '#src/domain/vocabulary.ts'
import type { CaseExportSource, MetricsStore } from '#src/use-cases/ports/metrics.ts'
import * as z from '#src/zod.ts'
import { conditionHeld, putIfAbsent, type TransactItem } from './conditions.ts'
import { stripKeys } from './items.ts'
import {
  casesCreatedBetween,
  keyAttributesOf,
  metricsDays,
  metricsKeys,
  monthOf,
  type RangeAccessPattern,
} from './keys.ts'
import { queryAllPages } from './paged-query.ts'

/**
 * How long a counted event's marker is kept: longer than the stream keeps records (24 hours) and
 * than a failed batch waits in the dead-letter queue (14 days), so a redelivery always finds it.
 */
const keepCountedEventsSeconds = 30 * 24 * 60 * 60

/** The plain counters, stored under their own names; the histogram's buckets as `frMinutes_<bucket>`. */
const counterNames = [
  'opened',
  'closed',
  'cancelled',
  'purged',
  'firstResponsesMet',
  'firstResponsesBreached',
  'backlogChange',
  'csatSum',
  'csatCount',
] as const satisfies readonly (keyof MetricCounters)[]
const bucketPrefix = 'frMinutes_'
const bucketAttribute = /^frMinutes_(\d+)$/

/**
 * The SLA targets' counters: `<code>Met`, `<code>Breached` and the histogram's buckets as
 * `<code>Min_<bucket>`, each only once it is non-zero. Short codes, as every attribute name counts
 * toward the item's size, which every `ADD` to the day's item pays for.
 */
const targetCodes = {
  first_response: 'slaFr',
  next_reply: 'slaNr',
  periodic_update: 'slaPu',
  resolution: 'slaRes',
} as const satisfies Record<SlaTargetKind, string>
const targetOfCode = new Map(
  Object.entries(targetCodes).map(([target, code]) => [code as string, target as SlaTargetKind]),
)
const targetAttribute = new RegExp(`^(${Object.values(targetCodes).join('|')})(Met|Breached|Min_(\\d+))$`)

/** The targets' counters of a stored day item (targets it never saw stay out). */
function targetsOf(item: Record<string, unknown>): TargetsCounters {
  const targets: TargetsCounters = {}
  for (const [name, value] of Object.entries(item)) {
    const match = targetAttribute.exec(name)
    const target = match && targetOfCode.get(match[1] as string)
    if (!match || !target || typeof value !== 'number') continue
    const counters: TargetCounters = targets[target] ?? { met: 0, breached: 0, businessMinutes: {} }
    if (match[2] === 'Met') counters.met = value
    else if (match[2] === 'Breached') counters.breached = value
    else counters.businessMinutes = { ...counters.businessMinutes, [Number(match[3])]: value }
    targets[target] = counters
  }
  return targets
}

const count = z._default(z.number(), 0)
const StoredDay = z.object({
  day: z.iso.date(),
  severity: Severity,
  opened: count,
  closed: count,
  cancelled: count,
  purged: count,
  firstResponsesMet: count,
  firstResponsesBreached: count,
  backlogChange: count,
  csatSum: count,
  csatCount: count,
})

function dayAggregateOf(item: Record<string, unknown>): DayAggregate {
  const stored = StoredDay.parse(item)
  const responseMinutes: Record<number, number> = {}
  for (const [name, value] of Object.entries(item)) {
    const bucket = bucketAttribute.exec(name)?.[1]
    if (bucket !== undefined && typeof value === 'number') responseMinutes[Number(bucket)] = value
  }
  const { day, severity, ...counters } = stored
  return { day, severity, counters: { ...counters, responseMinutes, slaTargets: targetsOf(item) } }
}

/** `ADD` of every non-zero counter (DynamoDB creates a missing number attribute as 0 first). */
function additions(counters: Partial<MetricCounters>): [string, number][] {
  const added: [string, number][] = counterNames
    .map((name): [string, number] => [name, counters[name] ?? 0])
    .filter(([, value]) => value !== 0)
  for (const [bucket, value] of Object.entries(counters.responseMinutes ?? {})) {
    if (value !== 0) added.push([`${bucketPrefix}${bucket}`, value])
  }
  for (const [target, code] of Object.entries(targetCodes)) {
    const {
      met = 0,
      breached = 0,
      businessMinutes = {},
    } = counters.slaTargets?.[target as SlaTargetKind] ?? {}
    if (met !== 0) added.push([`${code}Met`, met])
    if (breached !== 0) added.push([`${code}Breached`, breached])
    for (const [bucket, value] of Object.entries(businessMinutes)) {
      if (value !== 0) added.push([`${code}Min_${bucket}`, value])
    }
  }
  return added
}

function updateOf(
  tableName: string,
  key: { pk: string; sk: string },
  set: Record<string, unknown>,
  added: [string, number][],
): TransactItem {
  const names: Record<string, string> = {}
  const values: Record<string, unknown> = {}
  const sets = Object.entries(set).map(([name, value], i) => {
    names[`#s${i}`] = name
    values[`:s${i}`] = value
    return `#s${i} = :s${i}`
  })
  const adds = added.map(([name, value], i) => {
    names[`#a${i}`] = name
    values[`:a${i}`] = value
    return `#a${i} :a${i}`
  })
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  }
}

/** The key condition of a range access pattern: its partition, between its sort-key bounds. */
function rangeConditionOf(pattern: RangeAccessPattern) {
  const { partitionKey, sortKey } = keyAttributesOf(pattern.index)
  return {
    ...(pattern.index ? { IndexName: pattern.index } : {}),
    KeyConditionExpression: `${partitionKey} = :pk AND ${sortKey} BETWEEN :low AND :high`,
    ExpressionAttributeValues: {
      ':pk': pattern.partition,
      ':low': pattern.sortKeyRange.low,
      ':high': pattern.sortKeyRange.high,
    },
  }
}

/** Every month from the one of `from` to the one of `to`, both `YYYY-MM`. */
function monthsBetween(from: string, to: string): string[] {
  const months: string[] = []
  let [year, month] = monthOf(from).split('-').map(Number) as [number, number]
  const last = monthOf(to)
  for (;;) {
    const current = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`
    if (current > last) return months
    months.push(current)
    month += 1
    if (month === 13) {
      month = 1
      year += 1
    }
  }
}

/** Where an export page stopped: the month partition and the last key read in it. */
interface ExportPosition {
  month: string
  key: Record<string, unknown> | undefined
}

/**
 * The metrics aggregates and the case export in the single table (docs/data-model.md,
 * docs/metrics.md). Writes come from the event handler only; every read is a GetItem or a Query.
 */
export function createMetricsRepository(
  doc: DynamoDBDocumentClient,
  tableName: string,
  /** Resolved on the first export page only: the event handler never needs the signing key. */
  cursorCodec: () => Promise<CursorCodec>,
): MetricsStore & CaseExportSource {
  return {
    async recordContribution(contribution, at) {
      const scopes: AccessScope[] = [{ kind: 'account', accountId: contribution.accountId }, { kind: 'all' }]
      const scopeName = (scope: AccessScope) => (scope.kind === 'account' ? scope.accountId : '*')
      const openChanges = zeroPerSeverity()
      const dayUpdates: TransactItem[] = []
      for (const [severity, counters] of Object.entries(contribution.bySeverity)) {
        const added = additions(counters ?? {})
        if (added.length === 0) continue
        openChanges[severity as Severity] += counters?.backlogChange ?? 0
        for (const scope of scopes) {
          dayUpdates.push(
            updateOf(
              tableName,
              metricsKeys.day(scope, contribution.day, severity),
              { entity: 'metricsDay', scope: scopeName(scope), day: contribution.day, severity },
              added,
            ),
          )
        }
      }
      if (dayUpdates.length === 0) return 'recorded'
      const openAdded = severities
        .filter((severity) => openChanges[severity] !== 0)
        .map((severity): [string, number] => [severity, openChanges[severity]])
      const openUpdates = openAdded.length
        ? scopes.map((scope) =>
            updateOf(
              tableName,
              metricsKeys.openCases(scope),
              { entity: 'metricsOpenCases', scope: scopeName(scope) },
              openAdded,
            ),
          )
        : []
      const marker = putIfAbsent(tableName, {
        ...metricsKeys.countedEvent(contribution.eventId),
        entity: 'metricsEvent',
        eventId: contribution.eventId,
        accountId: contribution.accountId,
        day: contribution.day,
        countedAt: at.toISOString(),
        expiresAt: Math.floor(at.getTime() / 1000) + keepCountedEventsSeconds,
      })
      // The marker and the counters commit together: a redelivered event fails the marker's
      // condition and adds nothing, and a failed write leaves no marker behind. Only the marker
      // carries a condition: its failure means this event was counted before.
      const counted = await conditionHeld(
        doc.send(
          new TransactWriteCommand({ TransactItems: [{ Put: marker }, ...dayUpdates, ...openUpdates] }),
        ),
      )
      return counted ? 'recorded' : 'duplicate'
    },

    async listDays(scope, from, to) {
      if (from > to) return []
      const items = await queryAllPages(doc, {
        TableName: tableName,
        ...rangeConditionOf(metricsDays(scope, from, to)),
        // The backlog is the open count less later days' changes: read both consistently so they agree.
        ConsistentRead: true,
      })
      return items.map(dayAggregateOf)
    },

    async openCases(scope) {
      const result = await doc.send(
        new GetCommand({ TableName: tableName, Key: metricsKeys.openCases(scope), ConsistentRead: true }),
      )
      const open = zeroPerSeverity()
      for (const severity of severities) {
        const value = result.Item?.[severity]
        if (typeof value === 'number') open[severity] = value
      }
      return open
    },

    async listCasesCreatedBetween({ from, to, limit, cursor }) {
      const context = `export|${from}|${to}`
      const months = monthsBetween(from, to)
      const periodInMonth = (month: string) => casesCreatedBetween(month, from, to)
      let index = 0
      let startKey: Record<string, unknown> | undefined
      if (cursor) {
        const position = (await cursorCodec()).decode(cursor, context) as ExportPosition
        index = Math.max(0, months.indexOf(position.month))
        startKey = position.key
      }
      // One more than asked: if it exists there is a next page, so the last page never points to an empty one.
      const wanted = limit + 1
      const found: { item: Record<string, unknown>; month: string }[] = []
      while (found.length < wanted && index < months.length) {
        const month = months[index] as string
        const result = await doc.send(
          new QueryCommand({
            TableName: tableName,
            ...rangeConditionOf(periodInMonth(month)),
            ScanIndexForward: true,
            Limit: wanted - found.length,
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        )
        for (const item of result.Items ?? []) found.push({ item, month })
        startKey = result.LastEvaluatedKey
        if (!startKey) index += 1
      }
      const page = found.slice(0, limit)
      const last = page.at(-1)
      const cases = page.map(({ item }) => Case.parse(stripKeys(item)))
      if (found.length <= limit || !last) return { cases, nextCursor: null }
      const key = Object.fromEntries(
        keyAttributesOf(periodInMonth(last.month).index).position.map((name) => [name, last.item[name]]),
      )
      const position: ExportPosition = { month: last.month, key }
      return { cases, nextCursor: (await cursorCodec()).encode(position, context) }
    },
  }
}
