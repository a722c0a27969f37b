import { createSurveyRepository } from '#src/adapters/dynamodb/survey-repository.ts'
import { createSurveyTokens, type SurveyTokens } from '#src/domain/survey-token.ts'
import type { SurveyStore } from '#src/use-cases/ports/surveys.ts'
import { signingKey } from './cursor-codec.ts'
import { tableContext } from './table-context.ts'

/** Satisfaction surveys, opened when a case closes and answered through their link. */
export function surveyStore(): SurveyStore {
  const { doc, config } = tableContext()
  return createSurveyRepository(doc, config.tableName)
}

/** Survey links' tokens, keyed from the deployment's signing secret (fetched on first use). */
export async function surveyTokens(): Promise<SurveyTokens> {
  return createSurveyTokens(await signingKey('survey-token'))
}
