import type { SurveyPageForm } from '#src/http/schemas/surveys.ts'
import { SurveyAnswerBody } from '#src/http/schemas/surveys.ts'
import type { AnswerSurveyInput } from '#src/use-cases/surveys.ts'
import * as z from '#src/zod.ts'

/** A field of the survey form that can be wrong. */
export type SurveyFormField = 'rating' | 'comment'

/** What the reader entered, kept as typed so that the form shown again holds it. */
export interface EnteredSurveyAnswer {
  rating: string | undefined
  comment: string
}

/** A form that makes an answer, or what to show again: what was entered and which fields are wrong. */
export type SurveyFormResult =
  | { valid: true; answer: AnswerSurveyInput }
  | { valid: false; entered: EnteredSurveyAnswer; invalid: SurveyFormField[] }

/**
 * Reads the hosted page's form into the answer the use case takes, checked by the same schema as a
 * JSON answer (`SurveyAnswerBody`: a whole number 1 to 5, a comment of at most 2,000 characters),
 * so the page and the API accept exactly the same answers. A rating is digits or it is invalid
 * (`Number` would read `"0x5"` or `" 5"` as 5).
 */
export function readSurveyForm(form: SurveyPageForm): SurveyFormResult {
  const entered: EnteredSurveyAnswer = { rating: form.rating, comment: form.comment ?? '' }
  const rating =
    form.rating !== undefined && /^\d{1,2}$/.test(form.rating) ? Number(form.rating) : form.rating
  const parsed = z.safeParse(SurveyAnswerBody, {
    rating,
    ...(form.comment !== undefined && { comment: form.comment }),
  })
  if (parsed.success) return { valid: true, answer: parsed.data }
  const invalid = new Set<SurveyFormField>()
  for (const issue of parsed.error.issues) {
    const field = issue.path[0]
    if (field === 'rating' || field === 'comment') invalid.add(field)
  }
  // The schema names the field of every issue it finds; this only keeps a reader from a blank page.
  if (invalid.size === 0) invalid.add('rating')
  return { valid: false, entered, invalid: [...invalid] }
}

/** A rating from the page's address (`?rating=5`) to preselect, if it is one of the five. */
export function preselectedRating(value: string | undefined): number | undefined {
  return value !== undefined && /^[1-5]$/.test(value) ? Number(value) : undefined
}
