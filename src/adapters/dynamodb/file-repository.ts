import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb'
import { CaseFile, CaseFolder } from '#src/domain/case-file.ts'
import { StaleFileError } from '#src/domain/errors.ts'
import type { FileCatalog, FileTreeEntry } from '#src/use-cases/ports/files.ts'
import type { CursorCodec } from '../cursor.ts'
import { caseEventItem } from './case-event-item.ts'
import { cancellationCodes } from './conditions.ts'
import { stripKeys } from './items.ts'
import { caseItemPartition, fileTreeKeys } from './keys.ts'
import { pagedQuery } from './paged-query.ts'

function fileItem(file: CaseFile): Record<string, unknown> {
  return { ...fileTreeKeys.file(file.caseId, file.id), entity: 'caseFile', ...file }
}

function folderItem(folder: CaseFolder): Record<string, unknown> {
  return { ...fileTreeKeys.folder(folder.caseId, folder.id), entity: 'caseFolder', ...folder }
}

function treeEntry(item: Record<string, unknown>): FileTreeEntry {
  const data = stripKeys(item)
  return item.entity === 'caseFolder'
    ? { kind: 'folder', ...CaseFolder.parse(data) }
    : { kind: 'file', ...CaseFile.parse(data) }
}

/**
 * Case files and folders in DynamoDB: items in the case's partition beside the case and its events
 * (docs/data-model.md). A file's change and its history event commit in one transaction.
 */
export function createFileRepository(
  doc: DynamoDBDocumentClient,
  tableName: string,
  /** Resolved on the first list request only. */
  cursorCodec: () => Promise<CursorCodec>,
): FileCatalog {
  const isNew = { ConditionExpression: 'attribute_not_exists(pk)' }

  async function get(key: { pk: string; sk: string }) {
    const result = await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))
    return result.Item
  }

  return {
    async insertFile(file) {
      await doc.send(new PutCommand({ TableName: tableName, Item: fileItem(file), ...isNew }))
    },

    async findFile(caseId, fileId) {
      const item = await get(fileTreeKeys.file(caseId, fileId))
      return item ? CaseFile.parse(stripKeys(item)) : undefined
    },

    async saveFileChange({ next, expectedVersion, events }) {
      try {
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: fileItem(next),
                  // Optimistic concurrency: the check of an upload and a rename never overwrite each other.
                  ConditionExpression: '#version = :expected',
                  ExpressionAttributeNames: { '#version': 'version' },
                  ExpressionAttributeValues: { ':expected': expectedVersion },
                },
              },
              ...events.map((event, position) => ({
                Put: { TableName: tableName, Item: caseEventItem(event, position), ...isNew },
              })),
            ],
          }),
        )
      } catch (error) {
        if (cancellationCodes(error)[0] === 'ConditionalCheckFailed') throw new StaleFileError(next.id)
        throw error
      }
    },

    async insertFolder(folder, event) {
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: tableName, Item: folderItem(folder), ...isNew } },
            { Put: { TableName: tableName, Item: caseEventItem(event), ...isNew } },
          ],
        }),
      )
    },

    async findFolder(caseId, folderId) {
      const item = await get(fileTreeKeys.folder(caseId, folderId))
      return item ? CaseFolder.parse(stripKeys(item)) : undefined
    },

    async listTree(caseId, { limit, cursor }) {
      const result = await pagedQuery(doc, tableName, await cursorCodec(), {
        context: `file-tree|${caseId}`,
        limit,
        cursor,
        first: { partition: caseItemPartition(caseId), sortKeyPrefix: fileTreeKeys.prefix },
        ascending: true,
        // Deleted files stay as records (and in the history) but leave the tree; folders have no status.
        filter: {
          expression: 'attribute_not_exists(#status) OR #status <> :deleted',
          names: { '#status': 'status' },
          values: { ':deleted': 'deleted' },
        },
      })
      return { items: result.items.map(treeEntry), nextCursor: result.nextCursor }
    },
  }
}
