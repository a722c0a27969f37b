import { describe, expect, it } from 'vitest'
import { stripKeys } from '#src/adapters/dynamodb/items.ts'

describe('stripKeys', () => {
  it('removes every key attribute, the entity tag and the TTL', () => {
    const item = {
      pk: 'CASE#c1',
      sk: 'CASE',
      gsi1pk: 'ACCOUNT#acme',
      gsi1sk: 'CASE#t#c1',
      gsi2pk: 'STATUS#new',
      gsi2sk: 't#c1',
      gsi3pk: 'CASEMONTH#2026-11',
      gsi3sk: 't#c1',
      gsi4pk: 'QUEUE#support',
      gsi4sk: 't#c1',
      gsi5pk: 'ASSIGNEE#sam',
      gsi5sk: 't#c1',
      entity: 'case',
      expiresAt: 1795600000,
      id: 'c1',
      title: 'Printing fails',
    }

    expect(stripKeys(item)).toEqual({ id: 'c1', title: 'Printing fails' })
  })
})
