import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import { beforeEach, describe, expect, it } from 'vitest'
import { type PagedQuery, pagedQuery, type Segment } from '#src/adapters/dynamodb/paged-query.ts'
import { ValidationError } from '#src/domain/errors.ts'
import { mockedDocumentClient } from '../../fakes/document-client.ts'

const { ddb, doc, cursors, tableName } = mockedDocumentClient()

/** A comment-like item in a case partition (table keys only). */
function tableItem(n: number, caseId = 'c1'): Record<string, unknown> {
  return { pk: `CASE#${caseId}`, sk: `COMMENT#2026-11-25T10:00:0${n}.000Z#k${n}`, id: `k${n}` }
}

/** A case-like item on a queue index (table and index keys). */
function indexItem(n: number, partition = 'QUEUE#support'): Record<string, unknown> {
  return { pk: `CASE#q${n}`, sk: 'CASE', gsi4pk: partition, gsi4sk: `2026-11-0${n}#q${n}`, id: `q${n}` }
}

function commentsQuery(overrides: Partial<PagedQuery> = {}): PagedQuery {
  return {
    context: 'comments|c1',
    limit: 2,
    first: { partition: 'CASE#c1', sortKeyPrefix: 'COMMENT#' },
    ascending: true,
    ...overrides,
  }
}

function monthQuery(overrides: Partial<PagedQuery> = {}): PagedQuery {
  const months: Record<string, string | undefined> = { 'CASEMONTH#2026-11': 'CASEMONTH#2026-10' }
  return {
    context: 'cases|all',
    limit: 2,
    first: { index: 'gsi3', partition: 'CASEMONTH#2026-11' },
    next: async (segment: Segment) => {
      const previous = months[segment.partition]
      return previous ? { index: 'gsi3', partition: previous } : undefined
    },
    ...overrides,
  }
}

const queries = () => ddb.commandCalls(QueryCommand).map((call) => call.args[0].input)
const run = (query: PagedQuery) => pagedQuery(doc, tableName, cursors, query)

beforeEach(() => {
  ddb.reset()
})

describe('pagedQuery: the request', () => {
  it('asks for one item more than the page holds, in the partition and under the prefix', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] })

    await run(commentsQuery({ limit: 25 }))

    expect(queries()).toEqual([
      {
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
        ExpressionAttributeValues: { ':pk': 'CASE#c1', ':prefix': 'COMMENT#' },
        ScanIndexForward: true,
        Limit: 26,
      },
    ])
  })

  it('reads newest first unless asked for ascending order', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] })

    await run(commentsQuery({ ascending: undefined }))
    await run(commentsQuery({ ascending: true }))

    expect(queries().map((input) => input.ScanIndexForward)).toEqual([false, true])
  })

  it('queries an index by its own key names', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] })

    await run({ context: 'queue|support', limit: 3, first: { index: 'gsi4', partition: 'QUEUE#support' } })

    expect(queries()[0]).toMatchObject({
      IndexName: 'gsi4',
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': 'gsi4pk' },
      ExpressionAttributeValues: { ':pk': 'QUEUE#support' },
      Limit: 4,
    })
  })

  it('merges the filter into the key condition’s names and values', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] })

    await run(
      commentsQuery({
        filter: {
          expression: '#visibility = :public',
          names: { '#visibility': 'visibility' },
          values: { ':public': 'public' },
        },
      }),
    )

    expect(queries()[0]).toMatchObject({
      FilterExpression: '#visibility = :public',
      ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', '#visibility': 'visibility' },
      ExpressionAttributeValues: { ':pk': 'CASE#c1', ':prefix': 'COMMENT#', ':public': 'public' },
    })
  })

  it('sends no filter expression without a filter', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] })

    await run(commentsQuery())

    expect(queries()[0]).not.toHaveProperty('FilterExpression')
    expect(queries()[0]).not.toHaveProperty('ExclusiveStartKey')
  })
})

describe('pagedQuery: the page and its cursor', () => {
  it('gives no cursor when the extra item did not come back', async () => {
    ddb.on(QueryCommand).resolves({ Items: [tableItem(1), tableItem(2)] })

    const page = await run(commentsQuery({ limit: 2 }))

    expect(page).toEqual({ items: [tableItem(1), tableItem(2)], nextCursor: null })
  })

  it('gives no cursor for an empty list', async () => {
    ddb.on(QueryCommand).resolves({})

    expect(await run(commentsQuery())).toEqual({ items: [], nextCursor: null })
  })

  it('drops the extra item and gives a cursor after the last item of the page', async () => {
    ddb.on(QueryCommand).resolves({ Items: [tableItem(1), tableItem(2), tableItem(3)] })

    const page = await run(commentsQuery({ limit: 2 }))

    expect(page.items).toEqual([tableItem(1), tableItem(2)])
    expect(cursors.decode(page.nextCursor as string, 'comments|c1')).toEqual({
      partition: 'CASE#c1',
      key: { pk: 'CASE#c1', sk: tableItem(2).sk },
    })
  })

  it('resumes from a cursor with the last key as ExclusiveStartKey', async () => {
    // Arrange
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [indexItem(1), indexItem(2), indexItem(3)] })
      .resolves({ Items: [indexItem(3)] })
    const query = {
      context: 'queue|support',
      limit: 2,
      first: { index: 'gsi4', partition: 'QUEUE#support' },
    } as const
    const first = await run(query)

    // Act
    const second = await run({ ...query, cursor: first.nextCursor ?? undefined })

    // Assert
    expect(queries()[1]?.ExclusiveStartKey).toEqual({
      pk: 'CASE#q2',
      sk: 'CASE',
      gsi4pk: 'QUEUE#support',
      gsi4sk: '2026-11-02#q2',
    })
    expect(second).toEqual({ items: [indexItem(3)], nextCursor: null })
  })

  it('refuses a cursor of another query context without reading', async () => {
    ddb.on(QueryCommand).resolves({ Items: [tableItem(1), tableItem(2), tableItem(3)] })
    const { nextCursor } = await run(commentsQuery())
    ddb.resetHistory()

    await expect(
      run(commentsQuery({ context: 'comments|c2', cursor: nextCursor ?? undefined })),
    ).rejects.toThrow(ValidationError)
    expect(queries()).toEqual([])
  })

  it('keeps reading after DynamoDB stops early, asking only for what is still missing', async () => {
    // Arrange
    const stoppedAt = { pk: 'CASE#c1', sk: 'COMMENT#x' }
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [tableItem(1)], LastEvaluatedKey: stoppedAt })
      .resolves({ Items: [tableItem(2), tableItem(3)] })

    // Act
    const page = await run(commentsQuery({ limit: 2 }))

    // Assert
    expect(queries().map((input) => [input.Limit, input.ExclusiveStartKey])).toEqual([
      [3, undefined],
      [2, stoppedAt],
    ])
    expect(page.items).toEqual([tableItem(1), tableItem(2)])
    expect(page.nextCursor).not.toBeNull()
  })
})

describe('pagedQuery: timelines over several partitions', () => {
  it('walks into the next partition when one runs out before the page is full', async () => {
    // Arrange
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'CASEMONTH#2026-11' } })
      .resolves({ Items: [{ id: 'nov' }] })
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'CASEMONTH#2026-10' } })
      .resolves({ Items: [{ id: 'oct' }] })

    // Act
    const page = await run(monthQuery({ limit: 5 }))

    // Assert
    expect(queries().map((input) => [input.ExpressionAttributeValues?.[':pk'], input.Limit])).toEqual([
      ['CASEMONTH#2026-11', 6],
      ['CASEMONTH#2026-10', 5],
    ])
    expect(page).toEqual({ items: [{ id: 'nov' }, { id: 'oct' }], nextCursor: null })
  })

  it('does not walk on once the page is full', async () => {
    // DynamoDB returns a LastEvaluatedKey whenever it stopped at the Limit.
    let walked = false
    ddb
      .on(QueryCommand)
      .resolves({ Items: [{ id: 'a' }, { id: 'b' }, { id: 'c' }], LastEvaluatedKey: { pk: 'x' } })

    await run(
      monthQuery({
        next: async () => {
          walked = true
          return undefined
        },
      }),
    )

    expect(walked).toBe(false)
  })

  it('puts the partition of the last item into the cursor and resumes there', async () => {
    // Arrange: the page ends with an item of the older month.
    const october = (id: string) => ({
      id,
      pk: `CASE#${id}`,
      sk: 'CASE',
      gsi3pk: 'CASEMONTH#2026-10',
      gsi3sk: `2026-10-01#${id}`,
    })
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'CASEMONTH#2026-11' } })
      .resolves({ Items: [{ id: 'nov', pk: 'CASE#nov', sk: 'CASE' }] })
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'CASEMONTH#2026-10' } })
      .resolves({ Items: [october('o1'), october('o2')] })
    const first = await run(monthQuery({ limit: 2 }))
    ddb.resetHistory()

    // Act
    await run(monthQuery({ limit: 2, cursor: first.nextCursor ?? undefined }))

    // Assert
    expect(first.items.map((item) => item.id)).toEqual(['nov', 'o1'])
    expect(queries()[0]).toMatchObject({
      IndexName: 'gsi3',
      ExpressionAttributeValues: { ':pk': 'CASEMONTH#2026-10' },
      ExclusiveStartKey: { pk: 'CASE#o1', sk: 'CASE', gsi3pk: 'CASEMONTH#2026-10', gsi3sk: '2026-10-01#o1' },
    })
  })
})

describe('pagedQuery: filters that skip many items', () => {
  const filter = {
    expression: '#severity = :severity',
    names: { '#severity': 'severity' },
    values: { ':severity': 'critical' },
  }

  it('stops after 8 queries with a short page whose cursor resumes at the LastEvaluatedKey', async () => {
    // Arrange: every read is filtered down to nothing (one match in the third), and the partition goes on.
    let reads = 0
    ddb.on(QueryCommand).callsFake(() => {
      reads++
      return {
        Items: reads === 3 ? [tableItem(3)] : [],
        LastEvaluatedKey: { pk: 'CASE#c1', sk: `COMMENT#${reads}` },
      }
    })

    // Act
    const page = await run(commentsQuery({ limit: 2, filter }))

    // Assert
    expect(queries()).toHaveLength(8)
    expect(page.items).toEqual([tableItem(3)])
    expect(cursors.decode(page.nextCursor as string, 'comments|c1')).toEqual({
      partition: 'CASE#c1',
      key: { pk: 'CASE#c1', sk: 'COMMENT#8' },
    })
  })

  it('continues from that cursor where reading stopped', async () => {
    // Arrange
    let reads = 0
    ddb.on(QueryCommand).callsFake(() => {
      reads++
      return reads <= 8
        ? { Items: [], LastEvaluatedKey: { pk: 'CASE#c1', sk: `COMMENT#${reads}` } }
        : { Items: [] }
    })
    const short = await run(commentsQuery({ filter }))

    // Act
    const next = await run(commentsQuery({ filter, cursor: short.nextCursor ?? undefined }))

    // Assert
    expect(short.items).toEqual([])
    expect(queries()[8]?.ExclusiveStartKey).toEqual({ pk: 'CASE#c1', sk: 'COMMENT#8' })
    expect(next).toEqual({ items: [], nextCursor: null })
  })

  it('resumes at the start of the next partition when the 8th query finished one', async () => {
    // Arrange: the 8th read ends the November partition; the walk has moved on to October.
    let reads = 0
    ddb.on(QueryCommand).callsFake(() => {
      reads++
      return reads < 8 ? { Items: [], LastEvaluatedKey: { pk: 'x', sk: `s${reads}` } } : { Items: [] }
    })
    const short = await run(monthQuery({ filter }))
    ddb.resetHistory()
    ddb.on(QueryCommand).resolves({ Items: [] })

    // Act
    await run(monthQuery({ filter, cursor: short.nextCursor ?? undefined }))

    // Assert
    expect(queries()[0]?.ExpressionAttributeValues?.[':pk']).toBe('CASEMONTH#2026-10')
    expect(queries()[0]).not.toHaveProperty('ExclusiveStartKey')
  })

  it('ends without a cursor when the last partition ends within the 8 queries', async () => {
    let reads = 0
    ddb.on(QueryCommand).callsFake(() => {
      reads++
      return reads < 5 ? { Items: [], LastEvaluatedKey: { pk: 'x', sk: `s${reads}` } } : { Items: [] }
    })

    const page = await run(commentsQuery({ filter }))

    expect(queries()).toHaveLength(5)
    expect(page).toEqual({ items: [], nextCursor: null })
  })
})
