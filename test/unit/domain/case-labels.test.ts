import { describe, expect, it } from 'vitest'
import {
  applyTagChange,
  fieldFilterLabel,
  labelsOf,
  maxTagsPerCase,
  tagPattern,
} from '#src/domain/case-labels.ts'
import { aCaseField } from '../fakes/core.ts'

const region = aCaseField({
  key: 'region',
  type: 'enum',
  options: [
    { value: 'emea', labels: { de: 'EMEA', en: 'EMEA' } },
    { value: 'apac', labels: { de: 'APAC', en: 'APAC' } },
  ],
})
const products = aCaseField({ key: 'modules', type: 'multi_enum', options: region.options ?? [] })
const blocked = aCaseField({ key: 'blocked', type: 'boolean' })
const note = aCaseField({ key: 'note', type: 'text' })
const risk = aCaseField({ ...region, key: 'risk', customerVisible: false, customerEditable: false })
const retired = aCaseField({ ...region, key: 'retired', active: false })
const byKey = new Map([region, products, blocked, note, risk, retired].map((f) => [f.key, f]))

describe('tagPattern', () => {
  it.each(['vip', 'sap-migration', 'q4-2026', '42'])('accepts %s', (tag) => {
    expect(tagPattern.test(tag)).toBe(true)
  })

  it.each(['VIP', 'Sap', 'a--b', '-a', 'a-', 'a_b', 'a b', ''])('refuses %j', (tag) => {
    expect(tagPattern.test(tag)).toBe(false)
  })
})

describe('applyTagChange', () => {
  it('adds and removes, sorted and distinct', () => {
    expect(applyTagChange(['vip'], { add: ['billing', 'vip'], remove: ['absent'] })).toEqual([
      'billing',
      'vip',
    ])
  })

  it('is idempotent: applying the same change twice gives the same tags', () => {
    const change = { add: ['a', 'b'], remove: ['c'] }
    const once = applyTagChange(['c'], change)

    expect(applyTagChange(once, change)).toEqual(once)
  })

  it('lets removing win over adding the same tag', () => {
    expect(applyTagChange([], { add: ['vip'], remove: ['vip'] })).toEqual([])
  })

  it('refuses more than the maximum afterwards, but not a change that stays within it', () => {
    const full = Array.from({ length: maxTagsPerCase }, (_, i) => `t${String(i).padStart(2, '0')}`)

    expect(applyTagChange(full, { add: ['one-more'] })).toBeUndefined()
    expect(applyTagChange(full, { add: ['one-more'], remove: ['t00'] })).toHaveLength(maxTagsPerCase)
  })
})

describe('labelsOf', () => {
  it('labels tags and the values of enum, multi_enum and boolean fields, not text fields', () => {
    const labels = labelsOf(
      ['vip'],
      { region: 'emea', modules: ['apac', 'emea'], blocked: false, note: 'emea' },
      byKey,
    )

    expect(labels).toEqual(
      [
        'tag:vip',
        'field:region:emea',
        'field:modules:apac',
        'field:modules:emea',
        'field:blocked:false',
      ].sort(),
    )
  })

  it('keeps the previous field labels when the custom fields did not change', () => {
    expect(labelsOf(['new'], { region: 'emea' }, undefined, ['tag:old', 'field:region:emea'])).toEqual([
      'field:region:emea',
      'tag:new',
    ])
  })

  it('is undefined for a case without labels', () => {
    expect(labelsOf(undefined, { note: 'x' }, byKey)).toBeUndefined()
  })
})

describe('fieldFilterLabel', () => {
  const fields = [...byKey.values()]

  it.each([
    ['region:emea', 'customer', 'field:region:emea'],
    ['modules:apac', 'customer', 'field:modules:apac'],
    ['blocked:true', 'staff', 'field:blocked:true'],
    ['risk:emea', 'staff', 'field:risk:emea'],
  ] as const)('%s for %s reads %s', (filter, audience, label) => {
    expect(fieldFilterLabel(filter, fields, audience)).toEqual({ label })
  })

  it.each([
    ['risk:emea', 'customer', 'risk is no custom field you may filter by'],
    ['retired:emea', 'staff', 'retired is no custom field you may filter by'],
    ['nope:x', 'staff', 'nope is no custom field you may filter by'],
    ['note:x', 'staff', 'note is a text field'],
    ['region:mars', 'staff', 'must be one of emea, apac'],
    ['blocked:yes', 'staff', 'must be one of true, false'],
  ] as const)('refuses %s for %s, naming the field parameter', (filter, audience, detail) => {
    const result = fieldFilterLabel(filter, fields, audience)

    expect(result.error).toMatchObject({ parameter: 'field' })
    expect(result.error?.detail).toContain(detail)
  })
})
