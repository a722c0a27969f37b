import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { beforeEach, describe, expect, it } from 'vitest'
import { caseKeys, metricsKeys } from '#src/adapters/dynamodb/keys.ts'
import { createMetricsRepository } from '#src/adapters/dynamodb/metrics-repository.ts'
import type { Case } from '#src/domain/case.ts'
import { ValidationError } from '#src/domain/errors.ts'
import type { MetricsContribution } from '#src/domain/metrics/case-metrics.ts'
import { bucketOf } from '#src/domain/metrics/histogram.ts'
import { aCase, now, rejectionOf } from '../fakes/core.ts'
import { mockedDocumentClient } from '../fakes/document-client.ts'

const { ddb, doc, cursors, tableName } = mockedDocumentClient()
const repository = createMetricsRepository(doc, tableName, async () => cursors)

beforeEach(() => {
  ddb.reset()
})

const response: MetricsContribution = {
  eventId: 'event-1',
  accountId: 'acme',
  day: '2026-11-25',
  bySeverity: { critical: { firstResponsesBreached: 1, responseMinutes: { [bucketOf(180)]: 1 } } },
}

const closing: MetricsContribution = {
  eventId: 'event-2',
  accountId: 'acme',
  day: '2026-11-25',
  bySeverity: { standard: { closed: 1, backlogChange: -1 } },
}

function cancelled(codes: string[]): Error {
  return Object.assign(new Error('Transaction cancelled'), {
    name: 'TransactionCanceledException',
    CancellationReasons: codes.map((Code) => ({ Code })),
  })
}

const stored = (c: Case) => ({ ...caseKeys.item(c.id), ...caseKeys.indexes(c), entity: 'case', ...c })

describe('recording a contribution', () => {
  it('writes the event’s marker and the day counters of its account and of all accounts in one transaction', async () => {
    // Arrange
    ddb.on(TransactWriteCommand).resolves({})

    // Act
    const outcome = await repository.recordContribution(response, now)

    // Assert
    expect(outcome).toBe('recorded')
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []
    expect(items).toHaveLength(3)
    expect(items[0]?.Put).toMatchObject({
      Item: {
        ...metricsKeys.countedEvent('event-1'),
        entity: 'metricsEvent',
        expiresAt: Math.floor(now.getTime() / 1000) + 30 * 24 * 60 * 60,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    })
    expect(items.slice(1).map((item) => item.Update?.Key)).toEqual([
      metricsKeys.day({ kind: 'account', accountId: 'acme' }, '2026-11-25', 'critical'),
      metricsKeys.day({ kind: 'all' }, '2026-11-25', 'critical'),
    ])
    const update = items[1]?.Update
    expect(update?.UpdateExpression).toMatch(/ ADD #a0 :a0, #a1 :a1$/)
    expect(update?.ExpressionAttributeNames).toMatchObject({
      '#a0': 'firstResponsesBreached',
      '#a1': `frMinutes_${bucketOf(180)}`,
    })
    expect(update?.ExpressionAttributeValues).toMatchObject({ ':a0': 1, ':a1': 1 })
  })

  it('moves the open-case counters of both scopes when the backlog changes', async () => {
    // Arrange
    ddb.on(TransactWriteCommand).resolves({})

    // Act
    await repository.recordContribution(closing, now)

    // Assert
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []
    const open = items.filter((item) => item.Update?.Key?.sk === 'OPENCASES')
    expect(open.map((item) => item.Update?.Key?.pk)).toEqual(['METRICS#ACCOUNT#acme', 'METRICS#ALL'])
    expect(open[0]?.Update?.ExpressionAttributeNames).toMatchObject({ '#a0': 'standard' })
    expect(open[0]?.Update?.ExpressionAttributeValues).toMatchObject({ ':a0': -1 })
  })

  it('adds the SLA targets’ non-zero counters and histogram buckets under short names, beside the others', async () => {
    // Arrange: a resolution met (urgent) and a next reply breached (low) on one event.
    ddb.on(TransactWriteCommand).resolves({})
    const outcomes: MetricsContribution = {
      eventId: 'event-3',
      accountId: 'acme',
      day: '2026-11-25',
      bySeverity: {
        urgent: {
          closed: 1,
          backlogChange: -1,
          slaTargets: { resolution: { met: 1, breached: 0, businessMinutes: { [bucketOf(2_000)]: 1 } } },
        },
        low: {
          slaTargets: {
            next_reply: { met: 0, breached: 2, businessMinutes: { [bucketOf(500)]: 1, [bucketOf(90)]: 1 } },
            periodic_update: { met: 0, breached: 0, businessMinutes: {} },
          },
        },
      },
    }

    // Act
    await repository.recordContribution(outcomes, now)

    // Assert
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []
    const addedTo = (pk: string, severity: string) => {
      const update = items.find(
        (item) => item.Update?.Key?.pk === pk && item.Update.Key.sk === `DAY#2026-11-25#${severity}`,
      )?.Update
      const names = update?.ExpressionAttributeNames ?? {}
      const values = update?.ExpressionAttributeValues ?? {}
      return Object.fromEntries(
        Object.keys(names)
          .filter((name) => name.startsWith('#a'))
          .map((name) => [names[name], values[`:${name.slice(1)}`]]),
      )
    }
    expect(items[0]?.Put?.ConditionExpression).toBe('attribute_not_exists(pk)')
    for (const pk of ['METRICS#ACCOUNT#acme', 'METRICS#ALL']) {
      expect(addedTo(pk, 'urgent')).toEqual({
        closed: 1,
        backlogChange: -1,
        slaResMet: 1,
        [`slaResMin_${bucketOf(2_000)}`]: 1,
      })
      expect(addedTo(pk, 'low')).toEqual({
        slaNrBreached: 2,
        [`slaNrMin_${bucketOf(90)}`]: 1,
        [`slaNrMin_${bucketOf(500)}`]: 1,
      })
    }
    // Marker, two day items per scope, the open cases of both scopes: still one transaction.
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1)
    expect(items).toHaveLength(7)
  })

  it('answers duplicate when the marker exists: a redelivered event adds nothing', async () => {
    // Arrange
    ddb.on(TransactWriteCommand).rejects(cancelled(['ConditionalCheckFailed', 'None', 'None']))

    // Act
    const outcome = await repository.recordContribution(response, now)

    // Assert
    expect(outcome).toBe('duplicate')
  })

  it('lets any other failure through, so the stream retries the event', async () => {
    // Arrange
    ddb.on(TransactWriteCommand).rejects(cancelled(['None', 'TransactionConflict', 'None']))

    // Act
    const error = await rejectionOf(repository.recordContribution(response, now))

    // Assert
    expect(error).toMatchObject({ name: 'TransactionCanceledException' })
  })
})

describe('reading the aggregates', () => {
  it('reads a period with one consistent Query on the scope’s partition, histogram buckets included', async () => {
    // Arrange
    ddb.on(QueryCommand).resolves({
      Items: [
        {
          ...metricsKeys.day({ kind: 'all' }, '2026-11-25', 'critical'),
          entity: 'metricsDay',
          day: '2026-11-25',
          severity: 'critical',
          opened: 2,
          [`frMinutes_${bucketOf(180)}`]: 1,
        },
      ],
    })

    // Act
    const days = await repository.listDays({ kind: 'all' }, '2026-11-01', '2026-11-30')

    // Assert
    expect(days).toEqual([
      {
        day: '2026-11-25',
        severity: 'critical',
        counters: expect.objectContaining({ opened: 2, closed: 0, responseMinutes: { [bucketOf(180)]: 1 } }),
      },
    ])
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
      ExpressionAttributeValues: {
        ':pk': 'METRICS#ALL',
        ':low': 'DAY#2026-11-01#',
        ':high': 'DAY#2026-11-30#~',
      },
      ConsistentRead: true,
    })
  })

  it('reads the SLA targets’ counters back per target, leaving out the targets a day never saw', async () => {
    // Arrange
    ddb.on(QueryCommand).resolves({
      Items: [
        {
          ...metricsKeys.day({ kind: 'account', accountId: 'acme' }, '2026-11-25', 'urgent'),
          entity: 'metricsDay',
          scope: 'acme',
          day: '2026-11-25',
          severity: 'urgent',
          firstResponsesMet: 1,
          [`frMinutes_${bucketOf(45)}`]: 1,
          slaFrMet: 1,
          [`slaFrMin_${bucketOf(45)}`]: 1,
          slaResBreached: 2,
          [`slaResMin_${bucketOf(3_000)}`]: 1,
          [`slaResMin_${bucketOf(4_000)}`]: 1,
          slaPuMet: 1,
          [`slaPuMin_${bucketOf(100)}`]: 1,
        },
      ],
    })

    // Act
    const [day] = await repository.listDays(
      { kind: 'account', accountId: 'acme' },
      '2026-11-25',
      '2026-11-25',
    )

    // Assert
    expect(day?.counters).toMatchObject({
      firstResponsesMet: 1,
      responseMinutes: { [bucketOf(45)]: 1 },
      slaTargets: {
        first_response: { met: 1, breached: 0, businessMinutes: { [bucketOf(45)]: 1 } },
        periodic_update: { met: 1, breached: 0, businessMinutes: { [bucketOf(100)]: 1 } },
        resolution: {
          met: 0,
          breached: 2,
          businessMinutes: { [bucketOf(3_000)]: 1, [bucketOf(4_000)]: 1 },
        },
      },
    })
    expect(day?.counters.slaTargets).not.toHaveProperty('next_reply')
  })

  it('reads the open cases with one GetItem, zero for an account that never had a case', async () => {
    // Arrange
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: { standard: 3, critical: 1 } })
      .resolves({})

    // Act
    const some = await repository.openCases({ kind: 'account', accountId: 'acme' })
    const none = await repository.openCases({ kind: 'account', accountId: 'initech' })

    // Assert
    expect(some).toEqual({ critical: 1, urgent: 0, standard: 3, low: 0 })
    expect(none).toEqual({ critical: 0, urgent: 0, standard: 0, low: 0 })
  })
})

describe('the case export', () => {
  const november = aCase({ id: 'c1', createdAt: '2026-11-30T22:00:00.000Z' })
  const december = aCase({ id: 'c2', createdAt: '2026-12-01T08:00:00.000Z' })
  const laterDecember = aCase({ id: 'c3', createdAt: '2026-12-02T08:00:00.000Z' })

  it('reads the period’s months oldest first, each on the sort-key range of the period', async () => {
    // Arrange
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'CASEMONTH#2026-11' } }, false)
      .resolves({ Items: [stored(november)] })
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'CASEMONTH#2026-12' } }, false)
      .resolves({ Items: [stored(december), stored(laterDecember)] })

    // Act
    const page = await repository.listCasesCreatedBetween({ from: '2026-11-15', to: '2026-12-15', limit: 25 })

    // Assert
    expect(page.cases.map((c) => c.id)).toEqual(['c1', 'c2', 'c3'])
    expect(page.nextCursor).toBeNull()
    expect(page.cases[0]).not.toHaveProperty('gsi3pk')
    const inputs = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input)
    expect(inputs.map((input) => input.ExpressionAttributeValues?.[':pk'])).toEqual([
      'CASEMONTH#2026-11',
      'CASEMONTH#2026-12',
    ])
    expect(inputs[0]).toMatchObject({
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk BETWEEN :low AND :high',
      ExpressionAttributeValues: { ':low': '2026-11-15T', ':high': '2026-12-15T~' },
      ScanIndexForward: true,
    })
  })

  it('pages with a signed cursor that resumes after the last case, in its month', async () => {
    // Arrange: the first page reads limit + 1 = 2 cases and stops; the next resumes after c2.
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'CASEMONTH#2026-11' } }, false)
      .resolves({ Items: [stored(november)] })
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'CASEMONTH#2026-12' } }, false)
      .resolves({ Items: [stored(december), stored(laterDecember)] })
    const query = { from: '2026-11-01', to: '2026-12-31', limit: 2 }

    // Act
    const first = await repository.listCasesCreatedBetween(query)
    ddb.resetHistory()
    ddb.on(QueryCommand).resolves({ Items: [stored(laterDecember)] })
    const second = await repository.listCasesCreatedBetween({ ...query, cursor: first.nextCursor ?? '' })

    // Assert
    expect(first.cases.map((c) => c.id)).toEqual(['c1', 'c2'])
    expect(first.nextCursor).toEqual(expect.any(String))
    expect(second.cases.map((c) => c.id)).toEqual(['c3'])
    expect(second.nextCursor).toBeNull()
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      ExpressionAttributeValues: { ':pk': 'CASEMONTH#2026-12' },
      ExclusiveStartKey: { pk: 'CASE#c2', sk: 'CASE', gsi3pk: 'CASEMONTH#2026-12' },
    })
  })

  it('refuses a cursor of another period with 400, reading nothing', async () => {
    // Arrange
    ddb.on(QueryCommand).resolves({ Items: [stored(november), stored(december)] })
    const first = await repository.listCasesCreatedBetween({ from: '2026-11-01', to: '2026-11-30', limit: 1 })
    ddb.resetHistory()

    // Act
    const error = await rejectionOf(
      repository.listCasesCreatedBetween({
        from: '2026-11-01',
        to: '2026-12-31',
        limit: 1,
        cursor: first.nextCursor ?? '',
      }),
    )

    // Assert
    expect(error).toBeInstanceOf(ValidationError)
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0)
  })
})
