import { surveyRoutes } from '#src/http/survey-routes.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { publicRouteHandler } from '#src/runtime/route-handler.ts'
import { surveyStore, surveyTokens } from '#src/runtime/survey-dependencies.ts'
import { clock, ids } from '#src/runtime/table-context.ts'
import { answerSurvey } from '#src/use-cases/surveys.ts'

const deps = lazyDependencies({ surveys: surveyStore, surveyTokens: () => surveyTokens, clock, ids })

export const handler = publicRouteHandler(surveyRoutes.answerSurvey, async ({ params, body }) => ({
  body: await answerSurvey(params.token, body, deps),
  // The answer is part of the survey the link shows.
  headers: { location: `/v1/surveys/${params.token}`, 'cache-control': 'no-store' },
}))
