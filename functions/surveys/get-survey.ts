import { surveyRoutes } from '#src/http/survey-routes.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { publicRouteHandler } from '#src/runtime/route-handler.ts'
import { surveyStore, surveyTokens } from '#src/runtime/survey-dependencies.ts'
import { clock } from '#src/runtime/table-context.ts'
import { getSurvey } from '#src/use-cases/surveys.ts'

/** The token in the URL is a credential: no shared cache may keep the page it opens. */
const noStore = { 'cache-control': 'no-store' }

const deps = lazyDependencies({ surveys: surveyStore, surveyTokens: () => surveyTokens, clock })

export const handler = publicRouteHandler(surveyRoutes.getSurvey, async ({ params }) => ({
  body: await getSurvey(params.token, deps),
  headers: noStore,
}))
