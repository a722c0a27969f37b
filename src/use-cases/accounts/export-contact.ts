import type { Contact } from '#src/domain/directory.ts'
import { ValidationError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import type {
  ContactExportSource,
  ExportCursors,
  IndexPosition,
  PersonCase,
} from '#src/use-cases/ports/contact-export.ts'
import type { AccountDirectory, ContactDirectory } from '#src/use-cases/ports/directory.ts'
import type { ErasureRecords } from '#src/use-cases/ports/erasure.ts'
import { administeredContact } from './access.ts'
import { type ContactExportLine, type ExportScope, mailLines, personalLine } from './contact-export-lines.ts'
import { ExportPage, maxExportLines } from './contact-export-page.ts'

export {
  type ContactExportLine,
  type ContactExportSection,
  contactExportSections,
} from './contact-export-lines.ts'
export { maxExportBytes, maxExportLines } from './contact-export-page.ts'

export interface ExportContactDeps {
  accounts: AccountDirectory
  contacts: ContactDirectory
  contactExport: ContactExportSource
  /** The cursor codec, loaded on first use (its signing secret is fetched once per process). */
  cursors: () => Promise<ExportCursors>
  erasures: Pick<ErasureRecords, 'findErasure'>
}

/** Which page: the cursor of the page before (none: the first), and at most how many lines. */
export interface ExportContactRequest {
  cursor?: string | undefined
  limit?: number | undefined
}

/** One page of the export, and the cursor of the next (undefined on the last page). */
export interface ContactExportPage {
  lines: ContactExportLine[]
  nextCursor: string | undefined
}

/**
 * Where a page stopped, inside the signed cursor: the phase (profile, the person's items, the mail
 * of their cases) and the position in it. `skip` counts lines of the next profile or case already
 * sent; `after` is the last person-index entry done.
 */
type ExportPosition =
  | { phase: 'profile'; skip: number }
  | { phase: 'items'; after?: IndexPosition }
  | { phase: 'mail'; after?: IndexPosition; skip: number }
  | { phase: 'erasures' }

/**
 * How many person-index entries one read takes (a Query, then one BatchGetItem of their items):
 * reading a page's 1,000 entries at once could hold 1,000 items of up to 400 KB in memory to send
 * 4 MB of them; a read of 100 at most reads 100 items past a full page.
 */
const entriesPerRead = 100

/**
 * How many person-index reads one page may spend, also on items that turn out not to be exported,
 * before it returns a shorter page: keeps every invocation short (10 reads fill 1,000 lines).
 */
const maxIndexReadsPerPage = 20

/** How many of the person's cases one page may look through for mail, and how many at once. */
const maxMailCasesPerPage = 200
const concurrentCases = 8

/**
 * The access export of one contact (GDPR Art. 15; docs/privacy.md, Access export), one page at a
 * time: every stored item about the person, section by section. Admins any account's contacts, a
 * customer admin its own account's. What the person wrote or filed is theirs; what colleagues and
 * staff wrote is not, even on the person's cases (colleagues' comments, internal notes, internal
 * events). A page holds at most `limit` (≤ 1000) lines and about 4 MB; the next one is read with
 * the cursor it returns, which is valid for this contact of this account only.
 * 1. Check the caller may administer the account (another account's id: 404, a plain customer: 403).
 * 2. The contact must belong to that account (404 otherwise, the same as an unknown one).
 * 3. Check the cursor, if any, was issued for this contact of this account (400 otherwise).
 * 4. `profile`: the contact and the claim of its e-mail address.
 * 5. The person's own items from the person index, in its order: `cases` they are the contact of,
 *    `watching` their watcher items, `comments`, `history` and `files` they authored, `surveys` of
 *    their cases. Each item is checked again against the section's rules and the tenant.
 * 6. `mail`: for the cases they are the contact of and those they watch, the sent-notification
 *    records whose id is the digest of one of the case's events, a kind and the person's address,
 *    and those mails' threads.
 * 7. `erasures`: the record of the person's erasure, if one began.
 * 8. Stop when the page is full, with a cursor to where the next one starts.
 */
export async function exportContact(
  accountId: string,
  contactId: string,
  caller: Caller,
  request: ExportContactRequest,
  deps: ExportContactDeps,
): Promise<ContactExportPage> {
  const { account, contact } = await administeredContact(caller, accountId, contactId, deps)
  const context = cursorContext(account.id, contact.id)
  const cursors = await deps.cursors()
  const start: ExportPosition = request.cursor
    ? positionOf(cursors.decode(request.cursor, context))
    : { phase: 'profile', skip: 0 }
  const scope: ExportScope = { accountId: account.id, contact, operator: caller.kind === 'staff' }
  const page = new ExportPage(Math.max(1, Math.min(request.limit ?? maxExportLines, maxExportLines)))

  const stop = await fillPage(page, start, scope, deps)
  return { lines: page.lines, nextCursor: stop ? cursors.encode(stop, context) : undefined }
}

/** A cursor is bound to one contact of one account: replayed for another, it does not verify. */
const cursorContext = (accountId: string, contactId: string) => `contact-export\n${accountId}\n${contactId}`

/** Steps 4 to 8: the phases from `start` on, until the page is full (where to go on) or all is read. */
async function fillPage(
  page: ExportPage,
  start: ExportPosition,
  scope: ExportScope,
  deps: ExportContactDeps,
): Promise<ExportPosition | undefined> {
  if (start.phase === 'profile') {
    const stop = await addProfile(page, start.skip, scope.contact, deps)
    if (stop) return stop
  }
  if (start.phase === 'profile' || start.phase === 'items') {
    const stop = await addItems(page, start.phase === 'items' ? start.after : undefined, scope, deps)
    if (stop) return stop
  }
  if (start.phase !== 'erasures') {
    const mailStart = start.phase === 'mail' ? start : { after: undefined, skip: 0 }
    const stop = await addMail(page, mailStart.after, mailStart.skip, scope, deps)
    if (stop) return stop
  }
  return addErasure(page, scope.contact, deps)
}

/** Step 7: the erasure record, the last line of the export; on the next page when this one is full. */
async function addErasure(
  page: ExportPage,
  contact: Contact,
  deps: ExportContactDeps,
): Promise<ExportPosition | undefined> {
  const erasure = await deps.erasures.findErasure(contact.id)
  if (!erasure) return undefined
  return page.add({ section: 'erasures', record: { ...erasure } }) ? undefined : { phase: 'erasures' }
}

/** Step 4. */
async function addProfile(
  page: ExportPage,
  skip: number,
  contact: Contact,
  deps: ExportContactDeps,
): Promise<ExportPosition | undefined> {
  const lines: ContactExportLine[] = [{ section: 'profile', record: { kind: 'contact', ...contact } }]
  const claim = await deps.contactExport.emailClaim(contact.email)
  if (claim) lines.push({ section: 'profile', record: { kind: 'emailClaim', claim } })
  for (let i = skip; i < lines.length; i++) {
    if (!page.add(lines[i] as ContactExportLine)) return { phase: 'profile', skip: i }
  }
  return page.full ? { phase: 'items' } : undefined
}

/** Steps 5 and 8: the person index, a slice at a time, each entry done once its line is on the page. */
async function addItems(
  page: ExportPage,
  from: IndexPosition | undefined,
  scope: ExportScope,
  deps: ExportContactDeps,
): Promise<ExportPosition | undefined> {
  let after = from
  for (let reads = 0; reads < maxIndexReadsPerPage; reads++) {
    const slice = await deps.contactExport.personItems(
      scope.contact.id,
      after,
      Math.min(page.room, entriesPerRead),
    )
    for (const { item, position } of slice.entries) {
      const line = item && personalLine(item, scope)
      if (line && !page.add(line)) return { phase: 'items', ...(after && { after }) }
      after = position
    }
    if (!slice.more) return page.full ? { phase: 'mail', skip: 0 } : undefined
    if (page.full) return { phase: 'items', ...(after && { after }) }
  }
  return { phase: 'items', ...(after && { after }) }
}

/** Steps 6 and 8: the mail of the person's cases, case by case; `skip` lines of the first were sent. */
async function addMail(
  page: ExportPage,
  from: IndexPosition | undefined,
  firstSkip: number,
  scope: ExportScope,
  deps: ExportContactDeps,
): Promise<ExportPosition | undefined> {
  let after = from
  let skip = firstSkip
  let looked = 0
  while (looked < maxMailCasesPerPage) {
    const slice = await deps.contactExport.personCases(scope.contact.id, after, concurrentCases)
    const mailOfCases = await Promise.all(slice.entries.map((entry) => mailOfCase(entry, scope, deps)))
    for (const [i, entry] of slice.entries.entries()) {
      const lines = mailOfCases[i] ?? []
      for (let l = skip; l < lines.length; l++) {
        if (!page.add(lines[l] as ContactExportLine))
          return { phase: 'mail', ...(after && { after }), skip: l }
      }
      after = entry.position
      skip = 0
    }
    looked += slice.entries.length
    if (!slice.more) return undefined
    if (page.full) return { phase: 'mail', ...(after && { after }), skip: 0 }
  }
  return { phase: 'mail', ...(after && { after }), skip: 0 }
}

/**
 * Step 6 for one case. A case of another tenant is skipped (defence in depth), and so is a watched
 * case the person is also the contact of: its mail comes once, with the cases they are the contact of.
 */
async function mailOfCase(entry: PersonCase, scope: ExportScope, deps: ExportContactDeps) {
  const owner = await deps.contactExport.caseOwner(entry.caseId)
  if (!owner || owner.accountId !== scope.accountId) return []
  const theirs = owner.contactId === scope.contact.id
  if (entry.kind === 'case' ? !theirs : theirs) return []
  const [eventIds, ledger] = await Promise.all([
    deps.contactExport.caseEventIds(entry.caseId),
    deps.contactExport.caseMailRecords(entry.caseId),
  ])
  return mailLines(eventIds, ledger, scope.contact.email)
}

/** The position a verified cursor carries; a signed one of another shape is refused all the same. */
function positionOf(decoded: unknown): ExportPosition {
  const position = decoded as Partial<{ phase: unknown; skip: unknown; after: unknown }> | null
  const skipOk = Number.isInteger(position?.skip) && (position?.skip as number) >= 0
  const afterOk = position?.after === undefined || isIndexPosition(position.after)
  if (position?.phase === 'profile' && skipOk) return position as ExportPosition
  if (position?.phase === 'items' && afterOk) return position as ExportPosition
  if (position?.phase === 'mail' && skipOk && afterOk) return position as ExportPosition
  if (position?.phase === 'erasures') return { phase: 'erasures' }
  throw new ValidationError('The cursor is not valid for this query. Start again without a cursor.', [
    { parameter: 'cursor', detail: 'is not a cursor issued for this query' },
  ])
}

const isIndexPosition = (value: unknown): value is IndexPosition =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every((v) => typeof v === 'string')
