import { routes } from '#src/http/routes.ts'
import { dependencies } from '#src/runtime/dependencies.ts'
import { publicRouteHandler } from '#src/runtime/route-handler.ts'
import { getSurvey } from '#src/use-cases/surveys.ts'

/** The token in the URL is a credential: no shared cache may keep the page it opens. */
const noStore = { 'cache-control': 'no-store' }

export const handler = publicRouteHandler(routes.getSurvey, async ({ params }) => ({
  body: await getSurvey(params.token, dependencies()),
  headers: noStore,
}))
