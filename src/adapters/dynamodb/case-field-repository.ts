import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb'
import type { CaseFieldDefinition } from '#src/domain/case-fields.ts'
import type { CaseFieldAdmin, CaseFieldCatalogue } from '#src/use-cases/ports/case-fields.ts'
import { conditionHeld, putIfAbsent } from './conditions.ts'
import { stripKeys } from './items.ts'
import { allCaseFields, caseFieldKeys } from './keys.ts'
import { keyConditionOf, queryAllPages } from './paged-query.ts'

/** Definitions change rarely and are read on every case change: cached briefly per instance, like the SLA settings. */
const catalogueCacheMs = 60_000

async function readAll(doc: DynamoDBDocumentClient, tableName: string, consistent: boolean) {
  const items = await queryAllPages(doc, {
    TableName: tableName,
    ...keyConditionOf(allCaseFields()),
    ...(consistent ? { ConsistentRead: true } : {}),
  })
  // Not parsed: only the catalogue routes write these items, from validated bodies, and the case
  // functions that read them carry no definition schema (docs/performance.md).
  return items.map((item) => stripKeys(item) as CaseFieldDefinition)
}

/** The reading repository, and what its writer tells it. */
export interface CaseFieldStore extends CaseFieldCatalogue {
  forget(): void
}

/**
 * The custom field catalogue in the single table (docs/data-model.md): one item per field in the
 * `CASEFIELDS` partition, read whole with one Query and kept for a minute per instance.
 */
export function createCaseFieldCatalogue(doc: DynamoDBDocumentClient, tableName: string): CaseFieldStore {
  let cached: { fields: Promise<CaseFieldDefinition[]>; until: number } | undefined
  return {
    listFields() {
      if (!cached || cached.until <= Date.now()) {
        const fields = readAll(doc, tableName, false)
        cached = { fields, until: Date.now() + catalogueCacheMs }
        // A failed read is not kept: the next request tries again.
        fields.catch(() => {
          cached = undefined
        })
      }
      return cached.fields
    },
    forget() {
      cached = undefined
    },
  }
}

const itemOf = (field: CaseFieldDefinition) => ({
  ...caseFieldKeys.item(field.key),
  entity: 'caseField',
  ...field,
})

/** Adding and changing definitions; each write tells the process's reading repository to read afresh. */
export function createCaseFieldWriter(
  doc: DynamoDBDocumentClient,
  tableName: string,
  catalogue: CaseFieldStore,
): CaseFieldAdmin {
  return {
    listFieldsFresh: () => readAll(doc, tableName, true),
    async insertField(field) {
      const done = await conditionHeld(doc.send(new PutCommand(putIfAbsent(tableName, itemOf(field)))))
      catalogue.forget()
      return done
    },
    async saveField(field, expectedVersion) {
      const done = await conditionHeld(
        doc.send(
          new PutCommand({
            TableName: tableName,
            Item: itemOf(field),
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': expectedVersion },
          }),
        ),
      )
      catalogue.forget()
      return done
    },
  }
}
