import { describe, expect, it } from 'vitest'
import { eventCatalogue } from '#src/domain/events/catalogue.ts'
import { draftsOfCaseEvent } from '#src/use-cases/events/draft-events.ts'
import { linkCases } from '#src/use-cases/links/link-cases.ts'
import { unlinkCases } from '#src/use-cases/links/unlink-cases.ts'
import { aCase, aStaffMember, fixedClock, InMemoryCaseStore, sequentialIds } from '../fakes/core.ts'
import { InMemoryCaseLinkStore } from '../fakes/links.ts'

const noComments = { cases: { findComment: async () => undefined } }

function setUp() {
  const cases = new InMemoryCaseStore({
    cases: [
      aCase({ id: 'case-1', number: 'CS-1001' }),
      aCase({ id: 'case-2', number: 'CS-1002' }),
      aCase({ id: 'case-9', number: 'CS-1009', accountId: 'globex' }),
    ],
  })
  const links = new InMemoryCaseLinkStore()
  return { links, deps: { cases, links, clock: fixedClock(), ids: sequentialIds() } }
}

describe('the events of links', () => {
  it('publishes case.linked and case.unlinked on each case, with the kind as that case sees it', async () => {
    // Arrange
    const { links, deps } = setUp()
    const link = await linkCases('case-2', { kind: 'duplicate_of', caseId: 'case-1' }, aStaffMember(), deps)
    await unlinkCases('case-2', link.id, aStaffMember(), deps)

    // Act
    const drafts = (
      await Promise.all(links.events.map((event) => draftsOfCaseEvent(event, noComments)))
    ).flat()

    // Assert
    expect(
      drafts.map((d) => [d.type, d.caseId, d.audience, (d.data as { link: { kind: string } }).link.kind]),
    ).toEqual([
      ['case.linked', 'case-2', 'account', 'duplicate_of'],
      ['case.linked', 'case-1', 'account', 'has_duplicate'],
      ['case.unlinked', 'case-2', 'account', 'duplicate_of'],
      ['case.unlinked', 'case-1', 'account', 'has_duplicate'],
    ])
    expect(drafts[0]?.data).toEqual({
      actor: { userId: 'sam', role: 'agent' },
      link: { id: link.id, kind: 'duplicate_of', linkedCaseId: 'case-1', linkedCaseNumber: 'CS-1001' },
    })
    for (const draft of drafts) expect(eventCatalogue[draft.type].data.parse(draft.data)).toEqual(draft.data)
  })

  it('publishes a link between two accounts to staff only, in each account', async () => {
    // Arrange
    const { links, deps } = setUp()
    await linkCases('case-1', { kind: 'caused_by', caseId: 'case-9' }, aStaffMember(), deps)

    // Act
    const drafts = (
      await Promise.all(links.events.map((event) => draftsOfCaseEvent(event, noComments)))
    ).flat()

    // Assert
    expect(drafts.map((d) => [d.type, d.accountId, d.audience])).toEqual([
      ['case.linked', 'acme', 'staff'],
      ['case.linked', 'globex', 'staff'],
    ])
  })
})
