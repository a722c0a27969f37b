// The satisfaction survey port.
// The use cases depend on these interfaces; adapters implement them (docs/architecture.md).
import type { CaseEvent } from '#src/domain/case.ts'
import type { Survey, SurveyAnswer } from '#src/domain/survey.ts'

export interface SurveyStore {
  /** Opens the case's survey unless it exists; answers the stored one either way (idempotent). */
  openSurvey(survey: Survey): Promise<Survey>
  findSurvey(caseId: string): Promise<Survey | undefined>
  /** Records the answer with its case event in one transaction; throws SurveyAlreadyAnsweredError on a second answer. */
  recordAnswer(caseId: string, answer: SurveyAnswer, event: CaseEvent): Promise<void>
}
