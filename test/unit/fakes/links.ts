import type { CaseEvent } from '#src/domain/case.ts'
import type { CaseLink } from '#src/domain/case-link.ts'
import type { AccessScope } from '#src/domain/identity.ts'
import type { Paged, PageRequest } from '#src/use-cases/ports/common.ts'
import type { CaseLinkStore, LinkChange } from '#src/use-cases/ports/links.ts'

/**
 * Case links in memory, keyed as the DynamoDB repository keys them (case, link id): a side that
 * exists fails the insert of its pair, and a customer's list leaves out links to other accounts.
 */
export class InMemoryCaseLinkStore implements CaseLinkStore {
  readonly links = new Map<string, CaseLink>()
  readonly events: CaseEvent[] = []
  readonly listScopes: AccessScope[] = []

  constructor(links: CaseLink[] = []) {
    for (const link of links) this.links.set(this.key(link.caseId, link.id), link)
  }

  private key(caseId: string, linkId: string): string {
    return `${caseId}|${linkId}`
  }

  async insertLink({ sides, events }: LinkChange): Promise<boolean> {
    if (sides.some((side) => this.links.has(this.key(side.caseId, side.id)))) return false
    for (const side of sides) this.links.set(this.key(side.caseId, side.id), side)
    this.events.push(...events)
    return true
  }

  async findLink(caseId: string, linkId: string): Promise<CaseLink | undefined> {
    return this.links.get(this.key(caseId, linkId))
  }

  async deleteLink({ sides, events }: LinkChange): Promise<boolean> {
    if (!sides.every((side) => this.links.has(this.key(side.caseId, side.id)))) return false
    for (const side of sides) this.links.delete(this.key(side.caseId, side.id))
    this.events.push(...events)
    return true
  }

  async listLinks(scope: AccessScope, caseId: string, page: PageRequest): Promise<Paged<CaseLink>> {
    this.listScopes.push(scope)
    const items = [...this.links.values()]
      .filter((link) => link.caseId === caseId)
      .filter((link) => scope.kind === 'all' || link.linkedAccountId === scope.accountId)
      .sort((a, b) => a.id.localeCompare(b.id))
    return { items: items.slice(0, page.limit), nextCursor: null }
  }
}
