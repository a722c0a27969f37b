import { SurveyAnswer } from '#src/domain/survey.ts'
import { defineRoute, publicAccess, type RouteDefinition } from './route-table.ts'
import { HtmlPage } from './schemas/pages.ts'
import {
  SurveyAnswerBody,
  SurveyPageForm,
  SurveyPageQuery,
  SurveyTokenParams,
  SurveyView,
} from './schemas/surveys.ts'

/**
 * Satisfaction surveys: public, as the token in the path is the credential, mailed to the case's
 * contact (docs/email.md). The JSON API (`/v1/surveys/{token}`) is for a portal's own page; the
 * hosted page (`/surveys/{token}`, outside `/v1` like `/docs`) is what the closing mail links to
 * unless the operator names a portal's page (`surveyUrl`).
 */
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
  getSurveyPage: defineRoute({
    operationId: 'getSurveyPage',
    method: 'GET',
    path: '/surveys/{token}',
    handler: 'surveys/survey-page',
    access: publicAccess,
    page: true,
    summary:
      "The hosted survey page (HTML, German or English as the contact's mail): the case's number and title, a rating of 1 to 5 (`?rating=` preselects one) and a comment, posted as a form without script. Opening it records nothing. Answered (409), expired (410) and unknown (404) links get a page saying so",
    request: { params: SurveyTokenParams, query: SurveyPageQuery },
    response: { status: 200, body: HtmlPage },
    problems: [409, 410],
  }),
  answerSurveyPage: defineRoute({
    operationId: 'answerSurveyPage',
    method: 'POST',
    path: '/surveys/{token}',
    handler: 'surveys/answer-survey-page',
    access: publicAccess,
    page: true,
    summary:
      "The hosted survey page's form (`application/x-www-form-urlencoded`): records the answer once and shows a thank-you page; an invalid answer (400) shows the form again with what was entered",
    request: { params: SurveyTokenParams, body: SurveyPageForm },
    response: { status: 200, body: HtmlPage },
    problems: [409, 410],
  }),
} satisfies Record<string, RouteDefinition>
