import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { publicRouteHandler } from '#src/runtime/route-handler.ts'
import { answerSurvey } from '#src/use-cases/surveys.ts'

export const handler = publicRouteHandler(routes.answerSurvey, async ({ params, body }) => ({
  body: await answerSurvey(params.token, body, dependencies()),
  // The answer is part of the survey the link shows.
  headers: { location: `/v1/surveys/${params.token}`, 'cache-control': 'no-store' },
}))
