import type { CaseFieldDefinition } from './case-fields.ts'
import type { FieldAudience } from './custom-field-values.ts'
import type { FieldError } from './errors.ts'

/*
 * Tags and the labels that lists filter by (docs/data-model.md, "Labels"). Plain functions, no
 * schema: this runs in the case-editing functions, whose bundles are at their budget
 * (docs/performance.md).
 *
 * A label names one thing a case list can filter on: `tag:<slug>` for a tag, `field:<key>:<value>`
 * for a value of a filterable custom field (each value of a multi_enum field is one label). The
 * case keeps its labels (internal, never in the API), so every later write of the case derives its
 * label items from the case alone, without the custom field catalogue.
 */

/** A tag: a lowercase slug of letters and digits, words joined by single hyphens. */
export const tagPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
/** The longest tag, in characters. */
export const maxTagLength = 40
/** At most this many tags on one case. */
export const maxTagsPerCase = 20

/** The custom field types whose values lists filter by: a few known values each (docs/custom-fields.md). */
export const filterableFieldTypes: readonly string[] = ['enum', 'multi_enum', 'boolean']

const tagPrefix = 'tag:'
const fieldPrefix = 'field:'

/** The label of a tag. */
export function tagLabel(tag: string): string {
  return `${tagPrefix}${tag}`
}

/** The label of one value of a filterable custom field. */
export function fieldLabel(key: string, value: string | boolean): string {
  return `${fieldPrefix}${key}:${value}`
}

/** What a `PATCH` does to a case's tags: both lists are optional, and each is applied idempotently. */
export interface TagChange {
  add?: readonly string[] | undefined
  remove?: readonly string[] | undefined
}

/**
 * A case's tags after `change`: its `current` tags, the `add`ed ones (a tag already there stays
 * once), without the `remove`d ones (a tag not there is no error), sorted; undefined when more
 * than `maxTagsPerCase` would be left. Removing wins over adding the same tag in one request. The
 * form of each tag is the request schema's check (schemas/case-update.ts): mixed case is refused
 * there, not folded, so what a client sends is what is stored.
 */
export function applyTagChange(
  current: readonly string[] | undefined,
  change: TagChange,
): string[] | undefined {
  const tags = new Set([...(current ?? []), ...(change.add ?? [])])
  for (const tag of change.remove ?? []) tags.delete(tag)
  return tags.size > maxTagsPerCase ? undefined : [...tags].sort()
}

/** The labels of the values of filterable fields among `values`, by the catalogue `byKey`. */
function fieldLabels(
  values: Readonly<Record<string, unknown>> | undefined,
  byKey: ReadonlyMap<string, CaseFieldDefinition>,
): string[] {
  const labels: string[] = []
  for (const key in values) {
    const field = byKey.get(key)
    if (!field || !filterableFieldTypes.includes(field.type)) continue
    const value = values[key]
    for (const one of Array.isArray(value) ? value : [value]) {
      if (typeof one === 'string' || typeof one === 'boolean') labels.push(fieldLabel(key, one))
    }
  }
  return labels
}

/**
 * A case's labels: one per tag and one per value of a filterable custom field, sorted, or
 * undefined when there is none. With `byKey` undefined the custom field values did not change,
 * and the field labels of `previousLabels` are kept as they are.
 */
export function labelsOf(
  tags: readonly string[] | undefined,
  customFields: Readonly<Record<string, unknown>> | undefined,
  byKey: ReadonlyMap<string, CaseFieldDefinition> | undefined,
  previousLabels?: readonly string[],
): string[] | undefined {
  const fields = byKey
    ? fieldLabels(customFields, byKey)
    : (previousLabels ?? []).filter((label) => label.startsWith(fieldPrefix))
  const labels = [...(tags ?? []).map(tagLabel), ...fields].sort()
  return labels.length ? labels : undefined
}

/**
 * The label a list filters by, from `field=<key>:<value>`, checked against the catalogue: the
 * field must be active, seen by `audience` (a customer is not told that a hidden field exists),
 * and of a filterable type, and the value one of its values. A problem is one error naming the
 * `field` parameter.
 */
export function fieldFilterLabel(
  filter: string,
  fields: readonly CaseFieldDefinition[],
  audience: FieldAudience,
): { label: string; error?: undefined } | { error: FieldError; label?: undefined } {
  const colon = filter.indexOf(':')
  const key = colon < 0 ? filter : filter.slice(0, colon)
  const value = colon < 0 ? '' : filter.slice(colon + 1)
  const field = fields.find((f) => f.key === key)
  const problem = (detail: string) => ({ error: { parameter: 'field', detail } })
  if (!field?.active || (audience === 'customer' && !field.customerVisible)) {
    return problem(`${key} is no custom field you may filter by`)
  }
  if (!filterableFieldTypes.includes(field.type)) {
    return problem(
      `${key} is a ${field.type} field: lists filter by enum, multi_enum and boolean fields only`,
    )
  }
  const allowed = field.type === 'boolean' ? ['true', 'false'] : (field.options ?? []).map((o) => o.value)
  if (!allowed.includes(value)) return problem(`the value of ${key} must be one of ${allowed.join(', ')}`)
  return { label: fieldLabel(key, value) }
}
