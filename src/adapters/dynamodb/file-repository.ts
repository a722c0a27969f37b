import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb'
import type { CursorCodec } from '#src/adapters/cursor.ts'
import { CaseFile, CaseFolder } from '#src/domain/case-file.ts'
import { StaleFileError } from '#src/domain/errors.ts'
import type { FileCatalog, FileTreeEntry } from '#src/use-cases/ports/files.ts'
import { caseEventItem } from './case-event-item.ts'
import { putIfAbsent, saveVersioned } from './conditions.ts'
import { stripKeys } from './items.ts'
import { caseFileTree, fileTreeKeys, isContactRole, personEntry } from './keys.ts'
import { pagedQuery } from './paged-query.ts'

function fileItem(file: CaseFile): Record<string, unknown> {
  return {
    ...fileTreeKeys.file(file.caseId, file.id),
    ...(isContactRole(file.uploaderRole) ? personEntry(file.uploadedBy, 'file', file.createdAt) : {}),
    entity: 'caseFile',
    ...file,
  }
}

function folderItem(folder: CaseFolder): Record<string, unknown> {
  return {
    ...fileTreeKeys.folder(folder.caseId, folder.id),
    // A folder records no role: listed under whoever made it (a staff member's entry is never read).
    ...personEntry(folder.createdBy, 'file', folder.createdAt),
    entity: 'caseFolder',
    ...folder,
  }
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
  async function get(key: { pk: string; sk: string }) {
    const result = await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))
    return result.Item
  }

  return {
    async insertFile(file) {
      await doc.send(new PutCommand(putIfAbsent(tableName, fileItem(file))))
    },

    async findFile(caseId, fileId) {
      const item = await get(fileTreeKeys.file(caseId, fileId))
      return item ? CaseFile.parse(stripKeys(item)) : undefined
    },

    async saveFileChange({ next, expectedVersion, events }) {
      // The check of an upload and a rename never overwrite each other.
      await saveVersioned(doc, tableName, {
        item: fileItem(next),
        expectedVersion,
        alongside: events.map((event, position) => ({
          Put: putIfAbsent(tableName, caseEventItem(event, position)),
        })),
        stale: () => new StaleFileError(next.id),
      })
    },

    async insertFolder(folder, event) {
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: putIfAbsent(tableName, folderItem(folder)) },
            { Put: putIfAbsent(tableName, caseEventItem(event)) },
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
        first: caseFileTree(caseId),
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
