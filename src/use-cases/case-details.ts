import type { Case } from '#src/domain/case.ts'

/**
 * The fields of a case that filing and editing share, in one list: what the contact describes
 * (title to impact), and how urgent it is (severity and priority). Filing sets them, a `PATCH`
 * changes them; customers edit the descriptive ones while the case is new or open, and support
 * decides on severity and priority. The HTTP schemas derive both request bodies from the same list
 * (src/http/schemas/cases.ts; docs/architecture.md).
 */
export const caseDetailFields = [
  'title',
  'description',
  'product',
  'productVersion',
  'component',
  'category',
  'impact',
] as const
export type CaseDetailField = (typeof caseDetailFields)[number]

/** The editable fields of a case: its details, severity and priority. */
export type EditableCaseFields = Pick<Case, CaseDetailField | 'severity' | 'priority'>

/** The details of `input`, every field named (absent ones as `undefined`), in the list's order. */
export function caseDetailsOf(input: Pick<Case, CaseDetailField>): Pick<Case, CaseDetailField> {
  return Object.fromEntries(caseDetailFields.map((field) => [field, input[field]])) as Pick<
    Case,
    CaseDetailField
  >
}
