import { createHash } from 'node:crypto'
import * as z from '#src/zod.ts'

/**
 * How staff may link two cases (`POST /v1/cases/{caseId}/links`): the kind as seen from the case
 * the link is made on. `duplicate_of` and `caused_by` point from this case to the other one.
 */
export const LinkKind = z.enum(['relates_to', 'duplicate_of', 'caused_by'])
export type LinkKind = z.infer<typeof LinkKind>

/**
 * A link as one side sees it: the kind it was made with on that side, its inverse on the other
 * (`duplicate_of` ↔ `has_duplicate`, `caused_by` ↔ `causes`, `relates_to` both ways).
 */
export const LinkRelation = z.enum(['relates_to', 'duplicate_of', 'has_duplicate', 'caused_by', 'causes'])
export type LinkRelation = z.infer<typeof LinkRelation>

const inverses: Readonly<Record<LinkRelation, LinkRelation>> = {
  relates_to: 'relates_to',
  duplicate_of: 'has_duplicate',
  has_duplicate: 'duplicate_of',
  caused_by: 'causes',
  causes: 'caused_by',
}

/** The relation the other case of a link sees. */
export function inverseOf(relation: LinkRelation): LinkRelation {
  return inverses[relation]
}

/**
 * One side of a link between two cases: an item in this case's partition, its twin (same id,
 * inverse kind) in the other case's. The other case's account is kept on it, so a customer's list
 * leaves out links to another account's case without reading that case.
 */
export const CaseLink = z.object({
  id: z.string(),
  /** The case this side belongs to. */
  caseId: z.string(),
  accountId: z.string(),
  kind: LinkRelation,
  linkedCaseId: z.string(),
  linkedCaseNumber: z.string(),
  linkedAccountId: z.string(),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
})
export type CaseLink = z.infer<typeof CaseLink>

/**
 * The id of the link between two cases, the same from either side and whichever side made it: a
 * UUID-shaped digest of the ordered pair. So each side's item has one key per pair, and a second
 * link of the same pair fails the first one's `attribute_not_exists` (409) with no extra read.
 */
export function linkIdOf(caseId: string, otherCaseId: string): string {
  const [low, high] = caseId < otherCaseId ? [caseId, otherCaseId] : [otherCaseId, caseId]
  const hex = createHash('sha256').update(`caseline-link:${low}|${high}`).digest('hex')
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** The twin of one side: the same link as the other case sees it. */
export function otherSideOf(link: CaseLink, caseNumber: string): CaseLink {
  return {
    id: link.id,
    caseId: link.linkedCaseId,
    accountId: link.linkedAccountId,
    kind: inverseOf(link.kind),
    linkedCaseId: link.caseId,
    linkedCaseNumber: caseNumber,
    linkedAccountId: link.accountId,
    createdBy: link.createdBy,
    createdAt: link.createdAt,
  }
}
