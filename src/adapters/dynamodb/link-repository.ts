import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import type { CursorCodec } from '#src/adapters/cursor.ts'
import { CaseLink } from '#src/domain/case-link.ts'
import type { CaseLinkStore } from '#src/use-cases/ports/links.ts'
import { caseEventItem } from './case-event-item.ts'
import { putIfAbsent, type TransactItem, transactionHeld } from './conditions.ts'
import { stripKeys } from './items.ts'
import { caseLinkKeys, caseLinks } from './keys.ts'
import { pagedQuery } from './paged-query.ts'

/** One side of a link as its item, in its case's partition. */
export function linkItem(link: CaseLink): Record<string, unknown> {
  return { ...caseLinkKeys.item(link.caseId, link.id), entity: 'caseLink', ...link }
}

/**
 * Links between cases in DynamoDB (docs/data-model.md): one item in each linked case's partition,
 * beside the case and its events. Both sides and both cases' history events commit in one
 * transaction, so either side lists the link with one Query and neither exists without the other.
 */
export function createLinkRepository(
  doc: DynamoDBDocumentClient,
  tableName: string,
  /** Resolved on the first list request only. */
  cursorCodec: () => Promise<CursorCodec>,
): CaseLinkStore {
  /** A transaction of this store; false when one of its conditions failed (the pair is linked, or a side is gone). */
  const transact = (items: TransactItem[]) => transactionHeld(doc, items)

  return {
    insertLink({ sides, events }) {
      return transact([
        ...sides.map((side) => ({ Put: putIfAbsent(tableName, linkItem(side)) })),
        ...events.map((event) => ({ Put: putIfAbsent(tableName, caseEventItem(event)) })),
      ])
    },

    async findLink(caseId, linkId) {
      const result = await doc.send(
        new GetCommand({
          TableName: tableName,
          Key: caseLinkKeys.item(caseId, linkId),
          ConsistentRead: true,
        }),
      )
      return result.Item ? CaseLink.parse(stripKeys(result.Item)) : undefined
    },

    deleteLink({ sides, events }) {
      return transact([
        ...sides.map((side) => ({
          Delete: {
            TableName: tableName,
            Key: caseLinkKeys.item(side.caseId, side.id),
            ConditionExpression: 'attribute_exists(pk)',
          },
        })),
        ...events.map((event) => ({ Put: putIfAbsent(tableName, caseEventItem(event)) })),
      ])
    },

    async listLinks(scope, caseId, { limit, cursor }) {
      const result = await pagedQuery(doc, tableName, await cursorCodec(), {
        context: `case-links|${scope.kind === 'account' ? `account:${scope.accountId}` : 'all'}|${caseId}`,
        limit,
        cursor,
        first: caseLinks(caseId),
        ascending: true,
        // A link just made (or removed) is listed as it is now: the items are small, so this costs little.
        consistent: true,
        // A customer sees a link only when the other case is of its own account too.
        ...(scope.kind === 'account'
          ? {
              filter: {
                expression: '#linkedAccountId = :accountId',
                names: { '#linkedAccountId': 'linkedAccountId' },
                values: { ':accountId': scope.accountId },
              },
            }
          : {}),
      })
      return {
        items: result.items.map((item) => CaseLink.parse(stripKeys(item))),
        nextCursor: result.nextCursor,
      }
    },
  }
}
