import * as z from '#src/zod.ts'
import type { FieldError } from './errors.ts'
import { CaseType } from './vocabulary.ts'

/*
 * Custom fields (docs/custom-fields.md): the shapes of the definitions an admin keeps in the
 * catalogue (`/v1/case-fields`). The check of a case's values against them is apart
 * (custom-field-values.ts), plain functions that build no schema: it runs in the case-editing
 * functions, whose bundles are at their budget (docs/performance.md).
 */

export const caseFieldTypes = ['text', 'number', 'date', 'boolean', 'enum', 'multi_enum'] as const
export const CaseFieldType = z.enum(caseFieldTypes)
export type CaseFieldType = z.infer<typeof CaseFieldType>

/** A field's key, an option's value: a lowercase slug that starts with a letter. */
export const fieldSlugPattern = /^[a-z][a-z0-9_]{0,39}$/

/** At most this many fields in the catalogue: one Query page reads them all. */
export const maxCaseFields = 100

export const CaseFieldLabels = z.object({ de: z.string(), en: z.string() })

export const CaseFieldOption = z.object({ value: z.string(), labels: CaseFieldLabels })
export type CaseFieldOption = z.infer<typeof CaseFieldOption>

/** A case type the field is used on, and whether a case of that type must have a value. */
export const CaseFieldUsage = z.object({ caseType: CaseType, required: z.boolean() })
export type CaseFieldUsage = z.infer<typeof CaseFieldUsage>

/** A field definition as stored and as staff read it. */
export const CaseFieldDefinition = z.object({
  key: z.string(),
  labels: CaseFieldLabels,
  type: CaseFieldType,
  /** The values of an `enum` or `multi_enum` field (none for the other types). */
  options: z.optional(z.array(CaseFieldOption)),
  /** The case types that use the field; empty: every type, required on none. */
  caseTypes: z.array(CaseFieldUsage),
  /** Customers see the field and its values. */
  customerVisible: z.boolean(),
  /** Customers may set its value (only a customer-visible field). */
  customerEditable: z.boolean(),
  /** An inactive field is shown to nobody and settable by nobody; its stored values stay. */
  active: z.boolean(),
  version: z.int().check(z.positive()),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
})
export type CaseFieldDefinition = z.infer<typeof CaseFieldDefinition>

/** What is wrong with a definition as a whole (its options for its type, who may set it), as errors pointing into the body. */
export function definitionProblems(field: CaseFieldDefinition): FieldError[] {
  const errors: FieldError[] = []
  const enumLike = field.type === 'enum' || field.type === 'multi_enum'
  const values = (field.options ?? []).map((option) => option.value)
  if (enumLike && values.length === 0) {
    errors.push({ pointer: '/options', detail: `is required for ${field.type} fields: name their values` })
  }
  if (!enumLike && field.options !== undefined) {
    errors.push({ pointer: '/options', detail: `only enum and multi_enum fields have options` })
  }
  if (new Set(values).size !== values.length) {
    errors.push({ pointer: '/options', detail: 'must not name a value twice' })
  }
  const types = field.caseTypes.map((usage) => usage.caseType)
  if (new Set(types).size !== types.length) {
    errors.push({ pointer: '/caseTypes', detail: 'must not name a case type twice' })
  }
  if (field.customerEditable && !field.customerVisible) {
    errors.push({
      pointer: '/customerEditable',
      detail: 'needs customerVisible: customers set only what they see',
    })
  }
  return errors
}
