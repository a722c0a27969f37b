import * as z from '#src/zod.ts'
import { Locale } from './vocabulary.ts'

/** How long a survey link stays valid after the case closed (docs/email.md). */
export const surveyLifetimeDays = 30

/**
 * What each rating, 1 to 5, means in each language: the closing mail's one-click links and the
 * hosted survey page say the same words.
 */
export const surveyRatingMeanings: Record<Locale, readonly [string, string, string, string, string]> = {
  de: ['gar nicht zufrieden', 'wenig zufrieden', 'teils, teils', 'zufrieden', 'sehr zufrieden'],
  en: ['not satisfied at all', 'not quite satisfied', 'so-so', 'satisfied', 'very satisfied'],
}

export const SurveyAnswer = z.object({
  rating: z.int().check(z.minimum(1), z.maximum(5)),
  comment: z.optional(z.string()),
  answeredAt: z.iso.datetime(),
})
export type SurveyAnswer = z.infer<typeof SurveyAnswer>

/** The satisfaction survey of one closed case: opened when the case closes, answered at most once. */
export const Survey = z.object({
  caseId: z.string(),
  accountId: z.string(),
  caseNumber: z.string(),
  caseTitle: z.string(),
  contactId: z.string(),
  locale: Locale,
  createdAt: z.iso.datetime(),
  /** After this the link no longer works; the table's TTL removes the item some time later. */
  validUntil: z.iso.datetime(),
  answer: z.optional(SurveyAnswer),
})
export type Survey = z.infer<typeof Survey>
