import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb'
import { SurveyAlreadyAnsweredError } from '#src/domain/errors.ts'
import { Survey } from '#src/domain/survey.ts'
import type { SurveyStore } from '#src/use-cases/ports/surveys.ts'
import { caseEventItem } from './case-event-item.ts'
import { isConditionFailure, putIfAbsent } from './conditions.ts'
import { stripKeys } from './items.ts'
import { personEntry, surveyKeys } from './keys.ts'

/** An expired survey is kept a while longer (its answer also lives on in the case history), then TTL removes it. */
const keepAfterExpirySeconds = 30 * 24 * 60 * 60

function surveyItem(survey: Survey): Record<string, unknown> {
  return {
    ...surveyKeys.item(survey.caseId),
    ...personEntry(survey.contactId, 'survey', survey.createdAt),
    entity: 'survey',
    ...survey,
    expiresAt: Math.floor(Date.parse(survey.validUntil) / 1000) + keepAfterExpirySeconds,
  }
}

/** Satisfaction surveys: one item per case, in the case's partition. */
export function createSurveyRepository(doc: DynamoDBDocumentClient, tableName: string): SurveyStore {
  async function findSurvey(caseId: string): Promise<Survey | undefined> {
    const result = await doc.send(new GetCommand({ TableName: tableName, Key: surveyKeys.item(caseId) }))
    return result.Item ? Survey.parse(stripKeys(result.Item)) : undefined
  }

  return {
    findSurvey,

    async openSurvey(survey) {
      try {
        await doc.send(new PutCommand(putIfAbsent(tableName, surveyItem(survey))))
        return survey
      } catch (error) {
        if (!isConditionFailure(error)) throw error
        const existing = await findSurvey(survey.caseId)
        if (!existing) throw error
        return existing
      }
    },

    async recordAnswer(caseId, answer, event) {
      try {
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName,
                  Key: surveyKeys.item(caseId),
                  // Once: a second answer (or a race of two) finds `answer` already set.
                  UpdateExpression: 'SET answer = :answer',
                  ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(answer)',
                  ExpressionAttributeValues: { ':answer': answer },
                },
              },
              { Put: putIfAbsent(tableName, caseEventItem(event)) },
            ],
          }),
        )
      } catch (error) {
        if (isConditionFailure(error)) throw new SurveyAlreadyAnsweredError(caseId)
        throw error
      }
    },
  }
}
