import type { CaseFieldDefinition } from './case-fields.ts'
import type { FieldError } from './errors.ts'

/*
 * The one pure check of a case's custom field values against the catalogue's definitions
 * (docs/custom-fields.md), and who sees which value. Plain functions, no schema: this runs in the
 * case-editing functions, whose bundles are at their budget (docs/performance.md).
 */

/** The longest text value, in characters. */
export const maxTextValueLength = 2_000

/** A case's custom field values by key, as stored (an absent key has no value). */
export type CustomFieldValues = Record<string, unknown>

/** Who reads or writes values: staff, or a contact of the case's account. */
export type FieldAudience = 'staff' | 'customer'

/** Whether `audience` sees the values of `field`: nobody an inactive field's, customers the customer-visible ones. */
export function isShownTo(field: CaseFieldDefinition | undefined, audience: FieldAudience): boolean {
  return !!field?.active && (audience === 'staff' || field.customerVisible)
}

/** Whether `audience` may set values of `field`. */
export function isSettableBy(field: CaseFieldDefinition | undefined, audience: FieldAudience): boolean {
  return isShownTo(field, audience) && (audience === 'staff' || field?.customerEditable === true)
}

/** Whether `field` is used on cases of `caseType` (a field naming no type is used on all). */
export function appliesTo(field: CaseFieldDefinition, caseType: string): boolean {
  return field.caseTypes.length === 0 || field.caseTypes.some((usage) => usage.caseType === caseType)
}

const isRequiredFor = (field: CaseFieldDefinition, caseType: string) =>
  field.caseTypes.some((usage) => usage.caseType === caseType && usage.required)

/** The values `audience` may see, by the catalogue `byKey`; undefined when none is left. */
export function visibleValues(
  values: CustomFieldValues | undefined,
  byKey: ReadonlyMap<string, CaseFieldDefinition>,
  audience: FieldAudience,
): CustomFieldValues | undefined {
  if (!values) return undefined
  const shown: CustomFieldValues = {}
  let any = false
  for (const key in values) {
    if (isShownTo(byKey.get(key), audience)) {
      shown[key] = values[key]
      any = true
    }
  }
  return any ? shown : undefined
}

const isDate = (value: unknown) =>
  typeof value === 'string' &&
  /^\d{4}-\d{2}-\d{2}$/.test(value) &&
  new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)

const optionValues = (field: CaseFieldDefinition) => (field.options ?? []).map((option) => option.value)

/** What is wrong with `value` as a value of `field`, or undefined when it is a valid one. */
export function valueProblem(field: CaseFieldDefinition, value: unknown): string | undefined {
  switch (field.type) {
    case 'text':
      return typeof value === 'string' && value.trim() && value.length <= maxTextValueLength
        ? undefined
        : `must be a text of at most ${maxTextValueLength} characters`
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number'
    case 'date':
      return isDate(value) ? undefined : 'must be a date (YYYY-MM-DD)'
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false'
    case 'enum':
      return optionValues(field).includes(value as string)
        ? undefined
        : `must be one of ${optionValues(field).join(', ')}`
    case 'multi_enum': {
      const options = optionValues(field)
      return Array.isArray(value) &&
        value.length > 0 &&
        new Set(value).size === value.length &&
        value.every((v) => options.includes(v))
        ? undefined
        : `must be distinct values of ${options.join(', ')}`
    }
  }
}

/** The outcome of checking a change of custom field values: the values after it, or what is wrong. */
export type CustomFieldsCheck =
  | { values: CustomFieldValues | undefined; errors?: undefined }
  | { errors: FieldError[]; values?: undefined }

/**
 * Checks the custom field values a request sets (`patch`: key → value, or null to clear it) on a
 * case of `caseType` whose stored values are `current` (none when it is being filed), and answers
 * the values after the change. Each invalid value is one error pointing at `/customFields/<key>`:
 * a key that is no active field `audience` may set is unknown (customers are not told that a
 * staff-only field exists), a field not used on the case's type or a malformed value is invalid.
 * A field required for the case's type that `audience` may set must have a value afterwards, when
 * filing (`enforceRequired`) and on a change that names custom fields.
 */
export function checkCustomFields(
  patch: Readonly<Record<string, unknown>> | undefined,
  current: CustomFieldValues | undefined,
  caseType: string,
  fields: readonly CaseFieldDefinition[],
  audience: FieldAudience,
  enforceRequired: boolean,
): CustomFieldsCheck {
  const byKey = new Map(fields.map((field) => [field.key, field]))
  const errors: FieldError[] = []
  const values: CustomFieldValues = { ...current }
  for (const key of Object.keys(patch ?? {})) {
    const value = patch?.[key]
    const field = byKey.get(key)
    const pointer = `/customFields/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`
    let detail: string | undefined
    if (!field || !isSettableBy(field, audience)) detail = 'is no field you may set'
    else if (!appliesTo(field, caseType)) detail = `is not used on ${caseType} cases`
    else if (value !== null) detail = valueProblem(field, value)
    if (detail) errors.push({ pointer, detail })
    else if (value === null) delete values[key]
    else values[key] = value
  }
  if (enforceRequired || patch) {
    for (const field of fields) {
      if (
        isSettableBy(field, audience) &&
        isRequiredFor(field, caseType) &&
        values[field.key] === undefined &&
        !errors.some((error) => 'pointer' in error && error.pointer === `/customFields/${field.key}`)
      ) {
        errors.push({ pointer: `/customFields/${field.key}`, detail: `is required for ${caseType} cases` })
      }
    }
  }
  if (errors.length) return { errors }
  return { values: Object.keys(values).length ? values : undefined }
}

/** The history's name of a change of one custom field value: `customFields.<key>`. */
export const customFieldChangePrefix = 'customFields.'

/**
 * The changes of custom field values from `before` to `after`, one per key, for the history; a
 * change of a field customers do not see is marked `internal` (customers' history and events leave
 * it out, docs/custom-fields.md).
 */
export function customFieldChanges(
  before: CustomFieldValues | undefined,
  after: CustomFieldValues | undefined,
  byKey: ReadonlyMap<string, CaseFieldDefinition>,
): { field: string; before?: unknown; after?: unknown; internal?: true }[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])
  const changes: { field: string; before?: unknown; after?: unknown; internal?: true }[] = []
  for (const key of keys) {
    const from = before?.[key]
    const to = after?.[key]
    if (JSON.stringify(from) === JSON.stringify(to)) continue
    changes.push({
      field: `${customFieldChangePrefix}${key}`,
      ...(from !== undefined && { before: from }),
      ...(to !== undefined && { after: to }),
      ...(!isShownTo(byKey.get(key), 'customer') && { internal: true as const }),
    })
  }
  return changes
}

/** Whether a customer may see a history change as of the catalogue `byKey` (any change but a hidden custom field's). */
export function isChangeShownToCustomers(
  change: { field: string; internal?: boolean | undefined },
  byKey: ReadonlyMap<string, CaseFieldDefinition>,
): boolean {
  if (change.internal) return false
  if (!change.field.startsWith(customFieldChangePrefix)) return true
  return isShownTo(byKey.get(change.field.slice(customFieldChangePrefix.length)), 'customer')
}
