import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import { beforeEach, describe, expect, it } from 'vitest'
import { createCaseFieldCatalogue } from '#src/adapters/dynamodb/case-field-repository.ts'
import { createCaseRepository } from '#src/adapters/dynamodb/case-repository.ts'
import { createDirectoryRepository } from '#src/adapters/dynamodb/directory-repository.ts'
import { accountKeys, caseFieldKeys, caseKeys, contactKeys } from '#src/adapters/dynamodb/keys.ts'
import type { Case } from '#src/domain/case.ts'
import { addComment } from '#src/use-cases/comments.ts'
import { createCase } from '#src/use-cases/create-case.ts'
import { transitionCase } from '#src/use-cases/transition-case.ts'
import { updateCase } from '#src/use-cases/update-case.ts'
import {
  aCase,
  aCaseField,
  aContact,
  aCreateCaseInput,
  aCustomer,
  anAccount,
  aStaffMember,
  aStaffRecord,
  fixedClock,
  InMemorySlaSettings,
  sequentialIds,
} from '../../fakes/core.ts'
import { mockedDocumentClient } from '../../fakes/document-client.ts'
import { InMemoryQueueSettings } from '../../fakes/queues.ts'
import { aRunningClock, changedAt } from '../../fakes/sla.ts'

// The DynamoDB calls of one request, counted on the document client the repositories share
// (docs/performance.md, calls per request): filing reads contact and account in one batch, counts
// and writes once; a change of a case that keeps its SLA terms reads the case once and writes once.

const { ddb, doc, cursors, tableName } = mockedDocumentClient()
const cases = createCaseRepository(doc, tableName, async () => cursors)
const directory = createDirectoryRepository(doc, tableName)
const alice = aContact()
const acme = anAccount()
// Calendars and policies are built in (or kept in memory for a minute): no table reads per request.
const deps = {
  cases,
  contacts: directory,
  accounts: directory,
  staff: { findStaffMember: async () => aStaffRecord() },
  slaSettings: new InMemorySlaSettings(),
  // Kept a minute per instance like the SLA settings: a warm instance reads neither (their own
  // reads are counted in queue-settings-repository.test.ts).
  queues: new InMemoryQueueSettings(),
  clock: fixedClock(new Date('2026-12-18T12:30:00.000Z')),
  ids: sequentialIds(),
}
await deps.queues.keepSeeds('2026-12-18T12:00:00.000Z')

/** The commands sent, by name, in order. */
function commandsSent(): string[] {
  return ddb.calls().map((call) => call.args[0].constructor.name)
}

/** A case as filed now: it keeps its account's SLA terms, and its clocks name their versions. */
function aCaseKeepingItsTerms(): Case {
  const startedAt = '2026-12-18T12:00:00.000Z'
  return aCase({
    createdAt: startedAt,
    updatedAt: startedAt,
    slaClocks: {
      first_response: aRunningClock(startedAt, 480),
      resolution: aRunningClock(startedAt, 7200),
    },
    slaTerms: { serviceLevel: 'premium', slaPolicyId: 'default', calendarId: 'vienna' },
  })
}

function stored(c: Case) {
  ddb
    .on(GetCommand, { Key: caseKeys.item(c.id) })
    .resolves({ Item: { ...caseKeys.item(c.id), entity: 'case', ...c } })
}

beforeEach(() => {
  ddb.reset()
  ddb.on(TransactWriteCommand).resolves({})
})

describe('calls per request', () => {
  it('files a case with one BatchGetItem, the counter update and one transaction', async () => {
    // Arrange
    ddb.on(BatchGetCommand).resolves({
      Responses: {
        [tableName]: [
          { ...contactKeys.item(alice.id), entity: 'contact', ...alice },
          { ...accountKeys.item(acme.id), entity: 'account', ...acme },
        ],
      },
    })
    ddb.on(UpdateCommand).resolves({ Attributes: { sequence: 1042 } })

    // Act
    const created = await createCase(aCreateCaseInput(), aCustomer(), deps)

    // Assert
    expect(commandsSent()).toEqual(['BatchGetCommand', 'UpdateCommand', 'TransactWriteCommand'])
    expect(created).toMatchObject({ number: 'CS-1042', slaTerms: { serviceLevel: 'premium' } })
  })

  it('reads the custom field catalogue with one Query, then from the instance cache for a minute', async () => {
    // Arrange
    const field = aCaseField({ key: 'environment' })
    ddb
      .on(QueryCommand)
      .resolves({ Items: [{ ...caseFieldKeys.item(field.key), entity: 'caseField', ...field }] })
    ddb.on(BatchGetCommand).resolves({
      Responses: {
        [tableName]: [
          { ...contactKeys.item(alice.id), entity: 'contact', ...alice },
          { ...accountKeys.item(acme.id), entity: 'account', ...acme },
        ],
      },
    })
    ddb.on(UpdateCommand).resolves({ Attributes: { sequence: 1042 } })
    const withCatalogue = { ...deps, caseFields: createCaseFieldCatalogue(doc, tableName) }

    // Act
    await createCase(aCreateCaseInput({ customFields: { environment: 'prod' } }), aCustomer(), withCatalogue)
    const first = commandsSent()
    ddb.resetHistory()
    const second = await createCase(
      aCreateCaseInput({ customFields: { environment: 'test' } }),
      aCustomer(),
      withCatalogue,
    )

    // Assert: the Query runs beside the batch read, once; the next filing reads no catalogue
    expect(first.sort()).toEqual(['BatchGetCommand', 'QueryCommand', 'TransactWriteCommand', 'UpdateCommand'])
    expect(commandsSent()).toEqual(['BatchGetCommand', 'UpdateCommand', 'TransactWriteCommand'])
    expect(second.customFields).toEqual({ environment: 'test' })
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0)
  })

  it("answers staff's first public comment with one read of the case and one transaction", async () => {
    // Arrange
    stored(aCaseKeepingItsTerms())

    // Act
    await addComment('case-1', { body: 'We are on it.', visibility: 'public' }, aStaffMember(), deps)

    // Assert: the case with its first response, both events and the comment, in one transaction
    expect(commandsSent()).toEqual(['GetCommand', 'TransactWriteCommand'])
    expect(ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems).toHaveLength(4)
  })

  it("starts a next reply with the customer's public comment: one read of the case and one transaction", async () => {
    // Arrange: answered already, so the customer's comment starts a next-reply clock
    const answeredAt = '2026-12-18T12:10:00.000Z'
    stored(
      changedAt(
        aCaseKeepingItsTerms(),
        answeredAt,
        { status: 'open', firstResponseAt: answeredAt },
        { publicStaffUpdate: true },
      ),
    )

    // Act
    await addComment('case-1', { body: 'It happens again.', visibility: 'public' }, aCustomer(), deps)

    // Assert: the case with its new clock, the comment and its event
    expect(commandsSent()).toEqual(['GetCommand', 'TransactWriteCommand'])
    expect(ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems).toHaveLength(3)
  })

  it('acknowledges with one read of the case and one transaction', async () => {
    stored(aCaseKeepingItsTerms())

    await transitionCase('case-1', { action: 'acknowledge' }, aStaffMember(), deps)

    expect(commandsSent()).toEqual(['GetCommand', 'TransactWriteCommand'])
  })

  it('changes the severity (PATCH) with one read of the case and one transaction', async () => {
    stored(aCaseKeepingItsTerms())

    await updateCase(
      'case-1',
      1,
      { severity: 'urgent', severityReason: 'Payroll runs tonight.', impact: 'No payslips.' },
      aStaffMember(),
      deps,
    )

    expect(commandsSent()).toEqual(['GetCommand', 'TransactWriteCommand'])
  })

  it('reads the account besides for a case filed before cases kept their terms', async () => {
    // Arrange
    const { slaTerms: _none, ...old } = aCaseKeepingItsTerms()
    stored(old)
    ddb
      .on(GetCommand, { Key: accountKeys.item('acme') })
      .resolves({ Item: { ...accountKeys.item('acme'), ...acme } })

    // Act
    await transitionCase('case-1', { action: 'acknowledge' }, aStaffMember(), deps)

    // Assert
    expect(commandsSent()).toEqual(['GetCommand', 'GetCommand', 'TransactWriteCommand'])
  })
})
