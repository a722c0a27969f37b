import { describe, expect, it } from 'vitest'
import { createTableInput, tableDefinition } from '#src/adapters/dynamodb/table-definition.ts'

describe('createTableInput', () => {
  const input = createTableInput('caseline-test')

  it('names the table it is given', () => {
    expect(input.TableName).toBe('caseline-test')
  })

  it('bills on demand', () => {
    expect(input.BillingMode).toBe('PAY_PER_REQUEST')
    expect(input.ProvisionedThroughput).toBeUndefined()
  })

  it('keys the table by pk (hash) and sk (range)', () => {
    expect(input.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ])
  })

  it.each([
    ['gsi1', 'gsi1pk', 'gsi1sk'],
    ['gsi2', 'gsi2pk', 'gsi2sk'],
    ['gsi3', 'gsi3pk', 'gsi3sk'],
    ['gsi4', 'gsi4pk', 'gsi4sk'],
    ['gsi5', 'gsi5pk', 'gsi5sk'],
  ])('defines index %s on %s / %s projecting every attribute', (indexName, hash, range) => {
    const index = input.GlobalSecondaryIndexes?.find((i) => i.IndexName === indexName)

    expect(index).toEqual({
      IndexName: indexName,
      KeySchema: [
        { AttributeName: hash, KeyType: 'HASH' },
        { AttributeName: range, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })
  })

  it('defines the person index gsi6 on gsi6pk / gsi6sk projecting keys only', () => {
    expect(input.GlobalSecondaryIndexes?.find((i) => i.IndexName === 'gsi6')).toEqual({
      IndexName: 'gsi6',
      KeySchema: [
        { AttributeName: 'gsi6pk', KeyType: 'HASH' },
        { AttributeName: 'gsi6sk', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    })
  })

  it('defines exactly the six indexes of the definition', () => {
    expect(input.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual([
      'gsi1',
      'gsi2',
      'gsi3',
      'gsi4',
      'gsi5',
      'gsi6',
    ])
  })

  it('declares every key attribute once, as a string', () => {
    expect(input.AttributeDefinitions).toEqual(
      [
        'pk',
        'sk',
        'gsi1pk',
        'gsi1sk',
        'gsi2pk',
        'gsi2sk',
        'gsi3pk',
        'gsi3sk',
        'gsi4pk',
        'gsi4sk',
        'gsi5pk',
        'gsi5sk',
        'gsi6pk',
        'gsi6sk',
      ].map((name) => ({
        AttributeName: name,
        AttributeType: 'S',
      })),
    )
  })

  it('streams new and old images', () => {
    expect(input.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' })
  })
})

describe('tableDefinition', () => {
  it('expires items through the expiresAt attribute', () => {
    expect(tableDefinition.timeToLiveAttribute).toBe('expiresAt')
  })
})
