import { SurveyAnswer } from '#src/domain/survey.ts'
import { defineRoute, publicAccess, type RouteDefinition } from './route-table.ts'
import { SurveyAnswerBody, SurveyTokenParams, SurveyView } from './schemas/surveys.ts'

/** Satisfaction surveys: public, as the token in the path is the credential, mailed to the case's contact (docs/email.md). */
export const surveyRoutes = {
  getSurvey: defineRoute({
    operationId: 'getSurvey',
    method: 'GET',
    path: '/v1/surveys/{token}',
    handler: 'surveys/get-survey',
    access: publicAccess,
    summary:
      "A survey link's page: the case's number and title, and whether it still takes an answer (404 for a link we did not send, 410 once it expired)",
    request: { params: SurveyTokenParams },
    response: { status: 200, body: SurveyView },
    problems: [410],
  }),
  answerSurvey: defineRoute({
    operationId: 'answerSurvey',
    method: 'POST',
    path: '/v1/surveys/{token}',
    handler: 'surveys/answer-survey',
    access: publicAccess,
    summary:
      'Answer a satisfaction survey, once: a second answer (or a retry after success) gets 409, an expired link 410. No Idempotency-Key needed: answering once already makes a retry safe',
    request: { params: SurveyTokenParams, body: SurveyAnswerBody },
    response: { status: 201, body: SurveyAnswer },
    problems: [409, 410],
  }),
} satisfies Record<string, RouteDefinition>
