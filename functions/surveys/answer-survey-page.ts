import { pageHeaders } from '#src/http/pages/page-document.ts'
import { readSurveyForm } from '#src/http/pages/survey-form.ts'
import {
  surveyAnsweredPage,
  surveyErrorPage,
  surveyFormPage,
  surveyThanksPage,
} from '#src/http/pages/survey-pages.ts'
import { surveyRoutes } from '#src/http/survey-routes.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { publicRouteHandler } from '#src/runtime/route-handler.ts'
import { surveyStore, surveyTokens } from '#src/runtime/survey-dependencies.ts'
import { clock, ids } from '#src/runtime/table-context.ts'
import { answerSurvey, getSurvey } from '#src/use-cases/surveys.ts'

const deps = lazyDependencies({ surveys: surveyStore, surveyTokens: () => surveyTokens, clock, ids })

/**
 * `POST /surveys/{token}`: the hosted page's form. The survey is read first, for the contact's
 * language and the case the pages name (an unknown or expired link fails there as in the JSON API,
 * an answered one gets the page saying so); an invalid answer shows the form again with what was entered (400); a valid one is
 * recorded by the same use case as `POST /v1/surveys/{token}`, which also settles a race of two.
 */
export const handler = publicRouteHandler(
  surveyRoutes.answerSurveyPage,
  async ({ params, body }) => {
    const view = await getSurvey(params.token, deps)
    if (view.status === 'answered')
      return { status: 409, body: surveyAnsweredPage(view), headers: pageHeaders }
    const form = readSurveyForm(body)
    if (!form.valid) {
      const page = surveyFormPage(view, { token: params.token, entered: form.entered, invalid: form.invalid })
      return { status: 400, body: page, headers: pageHeaders }
    }
    const answer = await answerSurvey(params.token, form.answer, deps)
    return { body: surveyThanksPage(view, answer), headers: pageHeaders }
  },
  surveyErrorPage,
)
