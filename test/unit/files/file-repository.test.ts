import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { beforeEach, describe, expect, it } from 'vitest'
import { createFileRepository } from '#src/adapters/dynamodb/file-repository.ts'
import type { CaseEvent } from '#src/domain/case.ts'
import { StaleFileError } from '#src/domain/errors.ts'
import { mockedDocumentClient } from '../fakes/document-client.ts'
import { aFile, aFolder } from '../fakes/files.ts'

const { ddb, doc, cursors, tableName } = mockedDocumentClient()
const repository = createFileRepository(doc, tableName, async () => cursors)

const event: CaseEvent = {
  id: 'e1',
  caseId: 'case-1',
  accountId: 'acme',
  type: 'file.uploaded',
  action: 'upload',
  actor: { userId: 'alice', role: 'customer' },
  at: '2026-11-25T10:00:00.000Z',
  visibility: 'public',
  changes: [],
}

beforeEach(() => {
  ddb.reset()
})

describe('the file repository', () => {
  it('writes a new file into the case partition, never over an existing item', async () => {
    ddb.on(PutCommand).resolves({})

    await repository.insertFile(aFile())

    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: tableName,
      Item: {
        pk: 'CASE#case-1',
        sk: 'TREE#FILE#file-1',
        // A contact's upload: in the uploader's person index (docs/privacy.md).
        gsi6pk: 'PERSON#alice',
        gsi6sk: '4#file#2026-11-25T09:00:00.000Z',
        entity: 'caseFile',
        ...aFile(),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    })
  })

  it("keeps a staff member's upload out of the person index", async () => {
    ddb.on(PutCommand).resolves({})

    await repository.insertFile(aFile({ uploadedBy: 'sam', uploaderRole: 'agent' }))

    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item).not.toHaveProperty('gsi6pk')
  })

  it('reads a file strongly consistent, without its keys', async () => {
    ddb
      .on(GetCommand)
      .resolves({ Item: { pk: 'CASE#case-1', sk: 'TREE#FILE#file-1', entity: 'caseFile', ...aFile() } })

    expect(await repository.findFile('case-1', 'file-1')).toEqual(aFile())
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'CASE#case-1', sk: 'TREE#FILE#file-1' },
      ConsistentRead: true,
    })
  })

  it('saves a change and its event in one transaction, if the version still holds', async () => {
    ddb.on(TransactWriteCommand).resolves({})
    const next = aFile({ status: 'available', version: 2 })

    await repository.saveFileChange({ next, expectedVersion: 1, events: [event] })

    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []
    expect(items[0]?.Put).toMatchObject({
      Item: { pk: 'CASE#case-1', sk: 'TREE#FILE#file-1', status: 'available', version: 2 },
      ConditionExpression: '#version = :expected',
      ExpressionAttributeValues: { ':expected': 1 },
    })
    expect(items[1]?.Put).toMatchObject({
      Item: {
        pk: 'CASE#case-1',
        sk: expect.stringMatching(/^EVENT#2026-11-25T10:00:00.000Z#00#e1$/),
        entity: 'caseEvent',
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    })
  })

  it('reports a version that moved on as StaleFileError', async () => {
    const cancelled = Object.assign(new Error('cancelled'), {
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
    })
    ddb.on(TransactWriteCommand).rejects(cancelled)

    await expect(
      repository.saveFileChange({ next: aFile({ version: 2 }), expectedVersion: 1, events: [event] }),
    ).rejects.toBeInstanceOf(StaleFileError)
  })

  it('writes a folder with its event in one transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({})

    await repository.insertFolder(aFolder(), { ...event, type: 'folder.created' })

    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []
    expect(items.map((item) => [item.Put?.Item?.sk, item.Put?.ConditionExpression])).toEqual([
      ['TREE#FOLDER#folder-1', 'attribute_not_exists(pk)'],
      [expect.stringMatching(/^EVENT#/), 'attribute_not_exists(pk)'],
    ])
  })

  it('lists the tree with one query of the case partition, leaving deleted files out', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [
        { pk: 'CASE#case-1', sk: 'TREE#FILE#file-1', entity: 'caseFile', ...aFile() },
        { pk: 'CASE#case-1', sk: 'TREE#FOLDER#folder-1', entity: 'caseFolder', ...aFolder() },
      ],
    })

    const tree = await repository.listTree('case-1', { limit: 25 })

    expect(tree).toEqual({
      items: [
        { kind: 'file', ...aFile() },
        { kind: 'folder', ...aFolder() },
      ],
      nextCursor: null,
    })
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeValues: { ':pk': 'CASE#case-1', ':prefix': 'TREE#', ':deleted': 'deleted' },
      FilterExpression: 'attribute_not_exists(#status) OR #status <> :deleted',
      ScanIndexForward: true,
    })
  })
})
