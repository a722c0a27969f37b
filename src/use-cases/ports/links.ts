// Ports of case links: one item on each side of a link, in each linked case's partition.
// The use cases depend on these interfaces; adapters implement them (docs/architecture.md).
import type { CaseEvent } from '#src/domain/case.ts'
import type { CaseLink } from '#src/domain/case-link.ts'
import type { AccessScope } from '#src/domain/identity.ts'
import type { Paged, PageRequest } from './common.ts'

/** Both sides of one link and the history event of each case, written or removed together. */
export interface LinkChange {
  /** The side of the case the request named, and the other case's side (same id, inverse kind). */
  sides: [CaseLink, CaseLink]
  /** One history event per case, in the order of `sides`. */
  events: [CaseEvent, CaseEvent]
}

/** The links between cases (DynamoDB): the truth about which cases are linked. */
export interface CaseLinkStore {
  /**
   * Writes both sides and both events in one transaction. False, writing nothing, when the pair is
   * already linked (either side exists: a link's id is derived from its pair).
   */
  insertLink(change: LinkChange): Promise<boolean>
  /** One side of a link by its id, in the case's partition. */
  findLink(caseId: string, linkId: string): Promise<CaseLink | undefined>
  /** Removes both sides and writes both events in one transaction. False, writing nothing, when a side is already gone. */
  deleteLink(change: LinkChange): Promise<boolean>
  /**
   * A page of a case's links, oldest link id first. With an account scope only the links whose
   * other case is of that account (the caller has already read the case within its scope); the
   * cursor is bound to scope and case.
   */
  listLinks(scope: AccessScope, caseId: string, page: PageRequest): Promise<Paged<CaseLink>>
}
