import { describe, expect, it } from 'vitest'
import type { CaseFieldDefinition } from '#src/domain/case-fields.ts'
import { definitionProblems } from '#src/domain/case-fields.ts'
import {
  checkCustomFields,
  customFieldChanges,
  isChangeShownToCustomers,
  valueProblem,
  visibleValues,
} from '#src/domain/custom-field-values.ts'
import { aCaseField } from '../fakes/core.ts'

const options = [
  { value: 'prod', labels: { de: 'Produktion', en: 'Production' } },
  { value: 'test', labels: { de: 'Test', en: 'Test' } },
]
const environment = aCaseField({
  key: 'environment',
  type: 'enum',
  options,
  caseTypes: [{ caseType: 'product_problem', required: true }],
})
const internalRef = aCaseField({ key: 'internal_ref', customerVisible: false, customerEditable: false })
const readOnly = aCaseField({ key: 'contract', customerEditable: false })
const retired = aCaseField({ key: 'retired', active: false })
const catalogue = [environment, internalRef, readOnly, retired]
const byKey = new Map(catalogue.map((field) => [field.key, field]))

describe('valueProblem: every type', () => {
  it.each<[CaseFieldDefinition['type'], unknown, boolean]>([
    ['text', 'ACME-4711', true],
    ['text', '   ', false],
    ['text', 'x'.repeat(2_001), false],
    ['text', 42, false],
    ['number', 3.5, true],
    ['number', '3.5', false],
    ['number', Number.NaN, false],
    ['date', '2026-12-03', true],
    ['date', '2026-02-30', false],
    ['date', '2026-12-03T10:00:00Z', false],
    ['boolean', false, true],
    ['boolean', 'true', false],
    ['enum', 'prod', true],
    ['enum', 'staging', false],
    ['enum', ['prod'], false],
    ['multi_enum', ['prod', 'test'], true],
    ['multi_enum', ['prod', 'prod'], false],
    ['multi_enum', [], false],
    ['multi_enum', 'prod', false],
    ['multi_enum', ['staging'], false],
  ])('%s %j valid: %s', (type, value, valid) => {
    const field = aCaseField({ type, ...(type.endsWith('enum') ? { options } : {}) })
    expect(valueProblem(field, value) === undefined).toBe(valid)
  })
})

describe('checkCustomFields', () => {
  it('answers the values after a valid change', () => {
    const checked = checkCustomFields(
      { environment: 'prod' },
      { contract: 'C-1' },
      'product_problem',
      catalogue,
      'staff',
      true,
    )
    expect(checked).toEqual({ values: { contract: 'C-1', environment: 'prod' } })
  })

  it('points at each invalid value, refuses unknown keys and names a missing required field', () => {
    const checked = checkCustomFields(
      { environment: 'staging', nope: 1, 'a/b': 2 },
      undefined,
      'product_problem',
      catalogue,
      'staff',
      true,
    )
    expect(checked.errors).toEqual([
      { pointer: '/customFields/environment', detail: 'must be one of prod, test' },
      { pointer: '/customFields/nope', detail: 'is no field you may set' },
      { pointer: '/customFields/a~1b', detail: 'is no field you may set' },
    ])
    const missing = checkCustomFields(undefined, undefined, 'product_problem', catalogue, 'customer', true)
    expect(missing.errors).toEqual([
      { pointer: '/customFields/environment', detail: 'is required for product_problem cases' },
    ])
  })

  it('requires a field only on the case types that require it', () => {
    expect(checkCustomFields(undefined, undefined, 'question', catalogue, 'staff', true)).toEqual({
      values: undefined,
    })
    expect(
      checkCustomFields({ environment: 'prod' }, undefined, 'question', catalogue, 'staff', true).errors,
    ).toEqual([{ pointer: '/customFields/environment', detail: 'is not used on question cases' }])
  })

  it('on a change: requires only when custom fields are named, and refuses clearing a required one', () => {
    expect(checkCustomFields(undefined, undefined, 'product_problem', catalogue, 'staff', false)).toEqual({
      values: undefined,
    })
    const cleared = checkCustomFields(
      { environment: null },
      { environment: 'prod' },
      'product_problem',
      catalogue,
      'staff',
      false,
    )
    expect(cleared.errors).toEqual([
      { pointer: '/customFields/environment', detail: 'is required for product_problem cases' },
    ])
    expect(
      checkCustomFields(
        { contract: null },
        { contract: 'C-1', environment: 'prod' },
        'product_problem',
        catalogue,
        'staff',
        false,
      ),
    ).toEqual({
      values: { environment: 'prod' },
    })
  })

  it('lets customers set only active, customer-visible, customer-editable fields, as if the others did not exist', () => {
    const checked = checkCustomFields(
      { internal_ref: 'x', contract: 'C-2', retired: 'y', environment: 'test' },
      undefined,
      'product_problem',
      catalogue,
      'customer',
      true,
    )
    expect(checked.errors?.map((error) => ('pointer' in error ? error.pointer : ''))).toEqual([
      '/customFields/internal_ref',
      '/customFields/contract',
      '/customFields/retired',
    ])
    expect(checked.errors?.every((error) => error.detail === 'is no field you may set')).toBe(true)
  })

  it('does not require of customers a required field they may not set', () => {
    const staffOnlyRequired = aCaseField({
      key: 'triage',
      customerVisible: false,
      customerEditable: false,
      caseTypes: [{ caseType: 'question', required: true }],
    })
    expect(
      checkCustomFields(undefined, undefined, 'question', [staffOnlyRequired], 'customer', true).errors,
    ).toBeUndefined()
    expect(
      checkCustomFields(undefined, undefined, 'question', [staffOnlyRequired], 'staff', true).errors,
    ).toHaveLength(1)
  })
})

describe('visibility', () => {
  const stored = { environment: 'prod', internal_ref: 'R-9', contract: 'C-1', retired: 'old', unknown: 1 }

  it('shows customers the active customer-visible values, staff every active one, nobody an inactive one', () => {
    expect(visibleValues(stored, byKey, 'customer')).toEqual({ environment: 'prod', contract: 'C-1' })
    expect(visibleValues(stored, byKey, 'staff')).toEqual({
      environment: 'prod',
      internal_ref: 'R-9',
      contract: 'C-1',
    })
    expect(visibleValues({ internal_ref: 'R-9' }, byKey, 'customer')).toBeUndefined()
  })

  it('records one change per key, marking those customers do not see, and hides them from customers', () => {
    const changes = customFieldChanges(
      { internal_ref: 'R-1', contract: 'C-1' },
      { internal_ref: 'R-2', environment: 'prod', contract: 'C-1' },
      byKey,
    )
    expect(changes).toEqual([
      { field: 'customFields.internal_ref', before: 'R-1', after: 'R-2', internal: true },
      { field: 'customFields.environment', after: 'prod' },
    ])
    expect(changes.map((change) => isChangeShownToCustomers(change, byKey))).toEqual([false, true])
    // A field made staff-only later is hidden from the history too.
    const hiddenNow = new Map(byKey).set('environment', { ...environment, customerVisible: false })
    expect(isChangeShownToCustomers({ field: 'customFields.environment' }, hiddenNow)).toBe(false)
    expect(isChangeShownToCustomers({ field: 'title' }, hiddenNow)).toBe(true)
  })
})

describe('definitionProblems', () => {
  it('wants options for enums only, distinct, and visibility for customers to set', () => {
    expect(definitionProblems(aCaseField({ type: 'enum' }))).toEqual([
      { pointer: '/options', detail: 'is required for enum fields: name their values' },
    ])
    expect(definitionProblems(aCaseField({ type: 'text', options }))).toHaveLength(1)
    expect(
      definitionProblems(aCaseField({ type: 'multi_enum', options: [...options, options[0] as never] })),
    ).toHaveLength(1)
    expect(definitionProblems(aCaseField({ customerVisible: false, customerEditable: true }))).toEqual([
      { pointer: '/customerEditable', detail: 'needs customerVisible: customers set only what they see' },
    ])
    expect(definitionProblems(environment)).toEqual([])
  })
})
