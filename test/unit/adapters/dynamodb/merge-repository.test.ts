import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { describe, expect, it } from 'vitest'
import { createMergeRepository } from '#src/adapters/dynamodb/merge-repository.ts'
import type { CaseLink } from '#src/domain/case-link.ts'
import { ConflictError, StaleCaseError } from '#src/domain/errors.ts'
import type { CaseMerge } from '#src/use-cases/ports/merges.ts'
import { aCase, now } from '../../fakes/core.ts'
import { mockedDocumentClient } from '../../fakes/document-client.ts'

const { ddb, doc, tableName } = mockedDocumentClient()
const repository = createMergeRepository(doc, tableName)

const merged = aCase({ id: 'case-2', status: 'closed', version: 3 })
const side = (caseId: string, linkedCaseId: string, kind: CaseLink['kind']): CaseLink => ({
  id: 'link-1',
  caseId,
  accountId: 'acme',
  kind,
  linkedCaseId,
  linkedCaseNumber: 'CS-1',
  linkedAccountId: 'acme',
  createdBy: 'sam',
  createdAt: now.toISOString(),
})
const merge: CaseMerge = {
  source: { next: merged, expectedVersion: 2, events: [] },
  previous: { ...merged, status: 'in_progress', version: 2 },
  targetCaseId: 'case-1',
  link: [side('case-2', 'case-1', 'duplicate_of'), side('case-1', 'case-2', 'has_duplicate')],
}

function cancelled(...codes: string[]) {
  return Object.assign(new Error('Transaction cancelled'), {
    name: 'TransactionCanceledException',
    CancellationReasons: codes.map((Code) => ({ Code })),
  })
}

describe('createMergeRepository', () => {
  it('writes the case at its expected version, checks the target is still active and puts both link sides, in one transaction', async () => {
    // Arrange
    ddb.reset()
    ddb.on(TransactWriteCommand).resolves({})

    // Act
    await repository.saveMerge(merge)

    // Assert
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []
    expect(items[0]?.Put).toMatchObject({
      ConditionExpression: '#version = :expected',
      ExpressionAttributeValues: { ':expected': 2 },
    })
    expect(items[1]?.ConditionCheck).toMatchObject({
      Key: { pk: 'CASE#case-1', sk: 'CASE' },
      ConditionExpression: expect.stringContaining('#status IN'),
    })
    expect(Object.values(items[1]?.ConditionCheck?.ExpressionAttributeValues ?? {})).not.toContain('closed')
    expect(items.slice(2).map((item) => item.Put?.Item?.sk)).toEqual(['LINK#link-1', 'LINK#link-1'])
  })

  it('answers a stale case with StaleCaseError (retried), and a target closed meanwhile with 409', async () => {
    ddb.reset()
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('ConditionalCheckFailed', 'None'))
      .rejectsOnce(cancelled('None', 'ConditionalCheckFailed'))

    await expect(repository.saveMerge(merge)).rejects.toThrow(StaleCaseError)
    await expect(repository.saveMerge(merge)).rejects.toThrow(ConflictError)
  })
})
