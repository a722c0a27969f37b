import type { CaseEvent } from '#src/domain/case.ts'
import { ConflictError, GoneError, NotFoundError, SurveyAlreadyAnsweredError } from '#src/domain/errors.ts'
import type { Survey, SurveyAnswer } from '#src/domain/survey.ts'
import type { SurveyTokens } from '#src/domain/survey-token.ts'
import type { Locale } from '#src/domain/vocabulary.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'
import type { SurveyStore } from '#src/use-cases/ports/surveys.ts'

/** The one answer a survey takes: a rating of 1 to 5 and, optionally, a comment. */
export interface AnswerSurveyInput {
  rating: number
  /** A blank comment counts as none. */
  comment?: string | undefined
}

/** What a survey link shows: which case it is about, whether it still takes an answer, and the answer. */
export interface SurveyView {
  caseNumber: string
  caseTitle: string
  /** `answered` once an answer was recorded. */
  status: 'open' | 'answered'
  /** After this the link answers 410 Gone. */
  validUntil: string
  answer?: SurveyAnswer | undefined
  /** The language of the contact it was sent to, as the closing mail's: the hosted page speaks it too. */
  locale: Locale
}

export interface SurveyDeps {
  surveys: SurveyStore
  surveyTokens(): Promise<SurveyTokens>
  clock: Clock
}

export interface AnswerSurveyDeps extends SurveyDeps {
  ids: IdGenerator
}

const alreadyAnswered = () => new ConflictError('This survey was already answered.')

/**
 * The survey a link's token names. A token we did not mint and a survey that does not exist get
 * the same 404, so probing tokens tells nothing about which cases exist.
 */
async function surveyOfToken(token: string, deps: SurveyDeps): Promise<Survey> {
  const caseId = (await deps.surveyTokens()).caseIdOf(token)
  const survey = caseId === undefined ? undefined : await deps.surveys.findSurvey(caseId)
  if (!survey) throw new NotFoundError('There is no survey at this link.')
  return survey
}

function assertNotExpired(survey: Survey, now: Date): void {
  if (now.getTime() >= Date.parse(survey.validUntil)) {
    throw new GoneError(
      `This survey link expired on ${survey.validUntil}: surveys can be answered for a limited time after the case closed.`,
    )
  }
}

function viewOf(survey: Survey): SurveyView {
  return {
    caseNumber: survey.caseNumber,
    caseTitle: survey.caseTitle,
    status: survey.answer ? 'answered' : 'open',
    validUntil: survey.validUntil,
    ...(survey.answer && { answer: survey.answer }),
    locale: survey.locale,
  }
}

/**
 * Shows a survey link's page: which case it is about and whether it still takes an answer.
 * 1. Verify the token and read the survey of the case it names; either failing: 404.
 * 2. Past its validity: 410 Gone (the link never works again).
 * 3. Answer the case's number and title, and the answer if there is one.
 */
export async function getSurvey(token: string, deps: SurveyDeps): Promise<SurveyView> {
  const survey = await surveyOfToken(token, deps)
  assertNotExpired(survey, deps.clock.now())
  return viewOf(survey)
}

/**
 * Records the one answer a survey takes.
 * 1. Verify the token and read the survey (404 as in `getSurvey`); expired: 410.
 * 2. Already answered: 409. The store's condition decides a race between two answers, so exactly
 *    one of them is recorded and the other gets the same 409; a retry after success gets it too.
 * 3. Save the answer with a `survey.answered` event on the case, in one transaction. The event is
 *    internal: the rating and comment are feedback for the vendor, not something the contact's
 *    colleagues should read in the case history; and it changes nothing about the case itself.
 *    The actor is the contact the survey was sent to: the link is their credential.
 */
export async function answerSurvey(
  token: string,
  input: AnswerSurveyInput,
  deps: AnswerSurveyDeps,
): Promise<SurveyAnswer> {
  const survey = await surveyOfToken(token, deps)
  const now = deps.clock.now()
  assertNotExpired(survey, now)
  if (survey.answer) throw alreadyAnswered()

  const at = now.toISOString()
  const comment = input.comment?.trim() || undefined
  const answer: SurveyAnswer = { rating: input.rating, ...(comment && { comment }), answeredAt: at }
  // Shaped as `caseEvent` shapes every history event; the survey carries the case's id and account,
  // so the case itself need not be read.
  const event: CaseEvent = {
    id: deps.ids.newId(),
    caseId: survey.caseId,
    accountId: survey.accountId,
    type: 'survey.answered',
    action: 'answer_survey',
    actor: { userId: survey.contactId, role: 'customer' },
    at,
    visibility: 'internal',
    changes: [],
    details: { rating: answer.rating, ...(comment && { comment }) },
  }
  try {
    await deps.surveys.recordAnswer(survey.caseId, answer, event)
  } catch (error) {
    if (error instanceof SurveyAlreadyAnsweredError) throw alreadyAnswered()
    throw error
  }
  return answer
}
