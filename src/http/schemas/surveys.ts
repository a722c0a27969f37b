import { SurveyAnswer } from '#src/domain/survey.ts'
import type { AnswerSurveyInput, SurveyView as SurveyViewOfUseCase } from '#src/use-cases/surveys.ts'
import * as z from '#src/zod.ts'

/** The longest comment a survey answer keeps: enough for a paragraph of feedback, not a second case. */
export const surveyCommentMaxLength = 2000

/**
 * The survey link's token, `<caseId>.<signature>`. Only its alphabet and length are checked here,
 * so junk is refused with 400 before any key is derived; whether it is a token we minted is the
 * use case's check, and a well-formed forgery is simply not found (404).
 */
export const SurveyTokenParams = z.object({
  token: z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(200),
      z.regex(/^[A-Za-z0-9._-]+$/, 'must be the token of a survey link'),
    )
    .register(z.globalRegistry, {
      description:
        'The token of the survey link e-mailed when the case closed: the only credential (a forged one is 404, an expired one 410)',
    }),
})

export const SurveyAnswerBody = z.strictObject({
  rating: z
    .int()
    .check(z.minimum(1), z.maximum(5))
    .register(z.globalRegistry, { description: 'How satisfied you are, 1 (not at all) to 5 (very)' }),
  comment: z
    .optional(z.string().check(z.trim(), z.maxLength(surveyCommentMaxLength)))
    .register(z.globalRegistry, {
      description: 'Anything you want to tell us; a blank comment counts as none',
    }),
}) satisfies z.core.$ZodType<AnswerSurveyInput>
export type SurveyAnswerBody = z.infer<typeof SurveyAnswerBody>

/**
 * What a survey link shows (the use case's `SurveyView`). The JSON answer leaves out the contact's
 * locale, as it always has; the hosted page (`GET /surveys/{token}`) speaks it instead.
 */
export const SurveyView = z
  .object({
    caseNumber: z.string().register(z.globalRegistry, { examples: ['CS-1042'] }),
    caseTitle: z.string(),
    status: z
      .enum(['open', 'answered'])
      .register(z.globalRegistry, { description: '`answered` once an answer was recorded' }),
    validUntil: z.iso
      .datetime()
      .register(z.globalRegistry, { description: 'After this the link answers 410 Gone' }),
    answer: z
      .optional(SurveyAnswer)
      .register(z.globalRegistry, { description: 'The recorded answer, once there is one' }),
  })
  .register(z.globalRegistry, {
    description: 'A satisfaction survey of a closed case, as its link shows it',
  }) satisfies z.core.$ZodType<Omit<SurveyViewOfUseCase, 'locale'>>
export type SurveyView = z.infer<typeof SurveyView>

/**
 * The hosted page's query: `rating` preselects one of the five choices, as the closing mail's
 * one-click links do (`?rating=5`). Opening the page never records anything: mail scanners open
 * links too. A value other than 1 to 5 preselects nothing, and unknown parameters are passed over.
 */
export const SurveyPageQuery = z.object({
  rating: z.optional(z.string()).register(z.globalRegistry, {
    description: 'The rating to preselect, 1 to 5 (any other value preselects nothing)',
    examples: ['5'],
  }),
})

/**
 * The hosted page's form, as the browser posts it: every field as typed, so that an invalid answer
 * is shown again with what the reader entered. The answer itself is checked as `SurveyAnswerBody`
 * checks a JSON answer (`readSurveyForm`, src/http/pages/survey-form.ts).
 */
export const SurveyPageForm = z.object({
  rating: z.optional(z.string()).register(z.globalRegistry, {
    description: 'How satisfied you are, 1 (not at all) to 5 (very)',
  }),
  comment: z.optional(z.string()).register(z.globalRegistry, {
    description: `Anything you want to tell us, at most ${surveyCommentMaxLength} characters; a blank comment counts as none`,
  }),
})
export type SurveyPageForm = z.infer<typeof SurveyPageForm>
