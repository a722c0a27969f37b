import { pageHeaders } from '#src/http/pages/page-document.ts'
import { preselectedRating } from '#src/http/pages/survey-form.ts'
import { surveyAnsweredPage, surveyErrorPage, surveyFormPage } from '#src/http/pages/survey-pages.ts'
import { surveyRoutes } from '#src/http/survey-routes.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { publicRouteHandler } from '#src/runtime/route-handler.ts'
import { surveyStore, surveyTokens } from '#src/runtime/survey-dependencies.ts'
import { clock } from '#src/runtime/table-context.ts'
import { getSurvey } from '#src/use-cases/surveys.ts'

const deps = lazyDependencies({ surveys: surveyStore, surveyTokens: () => surveyTokens, clock })

/**
 * `GET /surveys/{token}`: the hosted survey page in the contact's language, the mail's rating
 * preselected. It only reads: mail scanners open every link, so only the form's POST answers.
 */
export const handler = publicRouteHandler(
  surveyRoutes.getSurveyPage,
  async ({ params, query }) => {
    const view = await getSurvey(params.token, deps)
    if (view.status === 'answered')
      return { status: 409, body: surveyAnsweredPage(view), headers: pageHeaders }
    const page = surveyFormPage(view, { token: params.token, preselected: preselectedRating(query.rating) })
    return { body: page, headers: pageHeaders }
  },
  surveyErrorPage,
)
