import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { beforeEach, describe, expect, it } from 'vitest'
import { createLinkRepository } from '#src/adapters/dynamodb/link-repository.ts'
import type { CaseEvent } from '#src/domain/case.ts'
import type { CaseLink } from '#src/domain/case-link.ts'
import type { LinkChange } from '#src/use-cases/ports/links.ts'
import { now } from '../fakes/core.ts'
import { mockedDocumentClient } from '../fakes/document-client.ts'

const { ddb, doc, cursors, tableName } = mockedDocumentClient()
const repository = createLinkRepository(doc, tableName, async () => cursors)

const side: CaseLink = {
  id: 'l1',
  caseId: 'c2',
  accountId: 'acme',
  kind: 'duplicate_of',
  linkedCaseId: 'c1',
  linkedCaseNumber: 'CS-1',
  linkedAccountId: 'acme',
  createdBy: 'sam',
  createdAt: now.toISOString(),
}
const twin: CaseLink = {
  ...side,
  caseId: 'c1',
  kind: 'has_duplicate',
  linkedCaseId: 'c2',
  linkedCaseNumber: 'CS-2',
}
const eventOf = (link: CaseLink, id: string): CaseEvent => ({
  id,
  caseId: link.caseId,
  accountId: link.accountId,
  type: 'case.linked',
  action: 'link',
  actor: { userId: 'sam', role: 'agent' },
  at: now.toISOString(),
  visibility: 'public',
  changes: [],
})
const change: LinkChange = { sides: [side, twin], events: [eventOf(side, 'e1'), eventOf(twin, 'e2')] }

function cancelled(codes: string[]): Error {
  return Object.assign(new Error('cancelled'), {
    name: 'TransactionCanceledException',
    CancellationReasons: codes.map((Code) => ({ Code })),
  })
}

beforeEach(() => {
  ddb.reset()
})

describe('the link repository', () => {
  it('writes both sides in their cases’ partitions and both events in one transaction, each only if absent', async () => {
    // Arrange
    ddb.on(TransactWriteCommand).resolves({})

    // Act
    const written = await repository.insertLink(change)

    // Assert
    expect(written).toBe(true)
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []
    expect(items.map((i) => [i.Put?.Item?.pk, i.Put?.Item?.sk, i.Put?.ConditionExpression])).toEqual([
      ['CASE#c2', 'LINK#l1', 'attribute_not_exists(pk)'],
      ['CASE#c1', 'LINK#l1', 'attribute_not_exists(pk)'],
      ['CASE#c2', expect.stringMatching(/^EVENT#/), 'attribute_not_exists(pk)'],
      ['CASE#c1', expect.stringMatching(/^EVENT#/), 'attribute_not_exists(pk)'],
    ])
    expect(items[0]?.Put?.Item).toMatchObject({ entity: 'caseLink', linkedAccountId: 'acme' })
  })

  it('answers false for a pair already linked, and throws any other failure', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled(['ConditionalCheckFailed', 'None', 'None', 'None']))
    await expect(repository.insertLink(change)).resolves.toBe(false)
    ddb.reset()
    ddb.on(TransactWriteCommand).rejects(cancelled(['TransactionConflict', 'None', 'None', 'None']))
    await expect(repository.insertLink(change)).rejects.toThrow('cancelled')
  })

  it('deletes both sides only while they exist', async () => {
    ddb.on(TransactWriteCommand).resolves({})
    await repository.deleteLink(change)
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []
    expect(items.slice(0, 2).map((i) => [i.Delete?.Key, i.Delete?.ConditionExpression])).toEqual([
      [{ pk: 'CASE#c2', sk: 'LINK#l1' }, 'attribute_exists(pk)'],
      [{ pk: 'CASE#c1', sk: 'LINK#l1' }, 'attribute_exists(pk)'],
    ])
  })

  it("queries the case's links; a customer's only those whose other case is of its account", async () => {
    // Arrange
    ddb.on(QueryCommand).resolves({ Items: [{ pk: 'CASE#c2', sk: 'LINK#l1', entity: 'caseLink', ...side }] })

    // Act
    const staff = await repository.listLinks({ kind: 'all' }, 'c2', { limit: 25 })
    const customer = await repository.listLinks({ kind: 'account', accountId: 'acme' }, 'c2', { limit: 25 })

    // Assert
    expect(staff.items).toEqual([side])
    expect(customer.items).toEqual([side])
    const [first, second] = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input)
    expect(first).toMatchObject({
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeValues: { ':pk': 'CASE#c2', ':prefix': 'LINK#' },
    })
    expect(first?.FilterExpression).toBeUndefined()
    expect(second).toMatchObject({
      FilterExpression: '#linkedAccountId = :accountId',
      ExpressionAttributeValues: { ':accountId': 'acme' },
    })
  })
})
