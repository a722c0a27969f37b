import {
  CaseFieldDefinition,
  CaseFieldType,
  fieldSlugPattern,
  maxCaseFields,
} from '#src/domain/case-fields.ts'
import { CaseType } from '#src/domain/vocabulary.ts'
import type { CreateCaseFieldInput, UpdateCaseFieldInput } from '#src/use-cases/case-fields.ts'
import * as z from '#src/zod.ts'
import { namesAFieldToChange, shortText } from './common.ts'

/** A key or option value: a lowercase slug. */
const slug = z
  .string()
  .check(
    z.regex(fieldSlugPattern, 'must be a lowercase slug: a letter, then letters, digits or _ (at most 40)'),
  )

const labels = z.strictObject({ de: shortText(100), en: shortText(100) })

const options = z
  .array(z.strictObject({ value: slug, labels }))
  .check(z.minLength(1), z.maxLength(100))
  .register(z.globalRegistry, {
    description: 'The values of an enum or multi_enum field (required for them, refused for the others)',
  })

const caseTypes = z
  .array(z.strictObject({ caseType: CaseType, required: z._default(z.boolean(), false) }))
  .check(z.maxLength(30))
  .register(z.globalRegistry, {
    description:
      'The case types that use the field, each saying whether its cases must have a value; empty: every type, required on none',
  })

export const CaseFieldKeyParams = z.object({
  fieldKey: slug.clone().register(z.globalRegistry, { description: 'The key of the custom field' }),
})

export const CreateCaseFieldBody = z.strictObject({
  key: slug.clone().register(z.globalRegistry, {
    description: 'The key under which cases carry the value in `customFields` (never changes)',
    example: 'environment',
  }),
  labels,
  type: CaseFieldType,
  options: z.optional(options),
  caseTypes: z._default(caseTypes, []),
  customerVisible: z
    ._default(z.boolean(), false)
    .register(z.globalRegistry, { description: 'Customers see the field and its values' }),
  customerEditable: z
    ._default(z.boolean(), false)
    .register(z.globalRegistry, { description: 'Customers may set its value (needs customerVisible)' }),
  active: z._default(z.boolean(), true).register(z.globalRegistry, {
    description: 'false: shown to nobody and settable by nobody; stored values are kept',
  }),
}) satisfies z.core.$ZodType<CreateCaseFieldInput>

export const UpdateCaseFieldBody = z
  .strictObject({
    labels: z.optional(labels),
    options: z.optional(options),
    caseTypes: z.optional(caseTypes),
    customerVisible: z.optional(z.boolean()),
    customerEditable: z.optional(z.boolean()),
    active: z.optional(z.boolean()),
  })
  .check(namesAFieldToChange()) satisfies z.core.$ZodType<UpdateCaseFieldInput>

export const CaseFieldView = CaseFieldDefinition.register(z.globalRegistry, {
  description: `A custom field definition; the catalogue holds at most ${maxCaseFields}`,
})

export const CaseFieldList = z.object({ items: z.array(CaseFieldView) })
