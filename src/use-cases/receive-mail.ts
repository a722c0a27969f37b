import type { Case } from '#src/domain/case.ts'
import type { Contact } from '#src/domain/directory.ts'
import { addressDigest } from '#src/domain/erasure.ts'
import type { BlockedFileTypes } from '#src/domain/file-types.ts'
import type { AccessScope, Caller } from '#src/domain/identity.ts'
import type { InboundMessage, ParsedMail } from '#src/domain/inbound-mail.ts'
import { isTerminal } from '#src/domain/lifecycle.ts'
import type { ReplyAddresses } from '#src/domain/reply-address.ts'
import { errorFields, logger } from '#src/logger.ts'
import type { IdGenerator } from '#src/use-cases/ports/common.ts'
import type { ContactDirectory, EmailOwnerDirectory } from '#src/use-cases/ports/directory.ts'
import type { Mailer, MailLedger } from '#src/use-cases/ports/mail.ts'
import type { CaseWatcherStore } from '#src/use-cases/ports/watchers.ts'
import { addComment } from './comments.ts'
import { type CreateCaseDeps, type CreateCaseInput, createCase } from './create-case.ts'
import {
  type AcceptedAttachment,
  type ScreenedAttachments,
  type StoreAttachmentDeps,
  screenAttachments,
  storeAttachment,
} from './mail-in/attachments.ts'
import { type AutoReplyKind, autoReplyMail, autoReplyWindowSeconds } from './mail-in/auto-reply.ts'
import { type CcWatcherDeps, watchersFromCc } from './mail-in/cc-watchers.ts'
import { derivedId } from './mail-in/derived-id.ts'
import { stripQuotedReply } from './mail-in/quoted-reply.ts'
import {
  automatedReason,
  failedVerdicts,
  isOwnAddress,
  isSenderAuthenticated,
  type MailVerdicts,
  mayAutoReplyTo,
} from './mail-in/screening.ts'

export type { MailVerdicts } from './mail-in/screening.ts'

/**
 * The product of a case opened by e-mail. A mail says nothing reliable about which product it is
 * about, and the product is required; support sets the real one when triaging the case.
 */
export const mailCaseProduct = 'unspecified'

/** How many ids of `In-Reply-To`/`References` are looked up at most: a crafted header cannot cost more. */
const maxThreadLookups = 10

/** Case titles, descriptions and comments are limited as they are in the API. */
const maxTitleLength = 200
const maxTextLength = 20_000
/** How many refused attachments are named one by one. */
const maxRefusalsNamed = 20

/** What SES's receipt tells of a message: its id, its verdicts and its envelope. */
export interface MailReceipt {
  /** SES's message id: the raw message's object key, and what makes handling happen once. */
  messageId: string
  verdicts: MailVerdicts
  /** The envelope sender (SMTP `MAIL FROM`) whose domain SPF checked; empty for bounces. */
  envelopeSender: string
  /** The envelope recipients the receipt rule accepted; they include a Bcc'd reply address. */
  recipients: readonly string[]
}

/**
 * A message as SES received it: its receipt, and how to parse the message itself from the raw
 * RFC 822 bytes (the entry hands in src/adapters/mail/parse-mail.ts). Parsing waits until the
 * message was found new and its verdicts passed, so a redelivery or a message that failed its
 * spam or virus check is never parsed.
 */
export interface ReceiveMailInput extends MailReceipt {
  parseMail: () => Promise<ParsedMail>
}

/** Why a message was dropped, recorded with it. */
export type DropReason =
  | 'verdict_failed'
  | 'unparseable'
  | 'no_sender'
  | 'own_address'
  | 'automated'
  | 'sender_not_authenticated'
  | 'unregistered_sender'
  | 'staff_sender'

export type ReceiveMailOutcome =
  | { kind: 'comment'; caseId: string }
  | { kind: 'case'; caseId: string }
  | { kind: 'dropped'; reason: DropReason; detail?: string }
  | { kind: 'auto_replied' }
  | { kind: 'duplicate' }

export interface ReceiveMailDeps extends CreateCaseDeps, StoreAttachmentDeps, CcWatcherDeps {
  contacts: ContactDirectory & EmailOwnerDirectory
  watchers: CaseWatcherStore
  mailer: Mailer
  mailLedger: MailLedger
  /** Our own sending addresses: mail from them is never taken in. */
  mailSettings: { from: string; replyDomain: string }
  replyAddresses(): Promise<ReplyAddresses>
  fileRules: { blockedTypes: BlockedFileTypes }
}

/**
 * Takes in one e-mail that SES received (docs/email.md, "E-mail in").
 * 1. A message already handled (a redelivery) changes nothing.
 * 2. Drop it unless SPF, DKIM, spam and virus verdicts all passed; drop what cannot be parsed.
 * 3. Loop protection: drop mail from our own addresses and from machines (Auto-Submitted,
 *    Precedence bulk/junk/list/auto_reply); drop mail whose From address is not vouched for.
 * 4. The sender is the From address; it must belong to an active contact. Anyone else gets one
 *    polite auto-reply per day on how to get registered (staff: to answer in the console), and
 *    nothing is created.
 * 5. Find the case it answers: a signed reply address among the recipients, else a message of
 *    ours in `In-Reply-To`/`References` — only cases of the sender's own account count.
 * 6. An open case: its attachments become case files, and the text without the quoted previous
 *    message becomes a public comment by the contact. Otherwise (none, closed, or another
 *    customer's) a new case in the sender's account, mentioning a closed case it answers, with
 *    the attachments as its files. Refused attachments are named in the text. Either way, the
 *    registered colleagues in Cc become watchers of the case (mail-in/cc-watchers.ts).
 * 7. Record the message as handled, with its outcome.
 * Errors propagate, so the invocation is retried; what a failed attempt created is found again by
 * ids derived from the message id (the new case, its files), so a retry does not duplicate it.
 */
export async function receiveMail(
  input: ReceiveMailInput,
  deps: ReceiveMailDeps,
): Promise<ReceiveMailOutcome> {
  if (await deps.mailLedger.wasInboundHandled(input.messageId)) return { kind: 'duplicate' }
  let parsed: ParsedMail | undefined
  const parseMail = async () => {
    parsed = await input.parseMail()
    return parsed
  }
  const outcome = await takeIn({ ...input, parseMail }, deps)
  await deps.mailLedger.markInboundHandled(
    input.messageId,
    describeOutcome(outcome),
    deps.clock.now(),
    namedAddressDigests(input, parsed, deps.mailSettings),
  )
  return outcome
}

/** At most this many addresses of one message are recorded: a crafted header cannot cost more. */
const maxNamedAddresses = 50

/**
 * The digests of the people's addresses a received message names (From, To, Cc, the envelope
 * sender; not our own addresses), so erasing one of them finds its raw mail (docs/privacy.md).
 * A message that was never parsed (a failed verdict) records the envelope sender only.
 */
function namedAddressDigests(
  input: MailReceipt,
  parsed: ParsedMail | undefined,
  own: ReceiveMailDeps['mailSettings'],
): string[] {
  const message = parsed?.kind === 'parsed' ? parsed.message : undefined
  const addresses = [
    input.envelopeSender,
    message?.from?.address,
    ...(message?.to ?? []),
    ...(message?.cc ?? []),
  ].flatMap((address) => (address?.includes('@') && !isOwnAddress(address, own) ? [address] : []))
  return [...new Set(addresses.map(addressDigest))].slice(0, maxNamedAddresses)
}

const dropped = (reason: DropReason, detail?: string): ReceiveMailOutcome =>
  detail ? { kind: 'dropped', reason, detail } : { kind: 'dropped', reason }

/** The outcome as the ledger keeps it: `case <id>`, `dropped verdict_failed: spf=FAIL`. */
function describeOutcome(outcome: ReceiveMailOutcome): string {
  switch (outcome.kind) {
    case 'comment':
    case 'case':
      return `${outcome.kind} ${outcome.caseId}`
    case 'dropped':
      return `dropped ${outcome.reason}${outcome.detail ? `: ${outcome.detail}` : ''}`
    default:
      return outcome.kind
  }
}

async function takeIn(input: ReceiveMailInput, deps: ReceiveMailDeps): Promise<ReceiveMailOutcome> {
  const failed = failedVerdicts(input.verdicts)
  if (failed) return dropped('verdict_failed', failed)

  const mail = await input.parseMail()
  if (mail.kind === 'unparseable') {
    // Parsing the same bytes again fails again: a retry would only end in the dead-letter queue.
    const { error } = mail
    logger.warn('received mail could not be parsed', { messageId: input.messageId, ...errorFields(error) })
    return dropped('unparseable', error instanceof Error ? error.message : undefined)
  }
  const { message } = mail
  const from = message.from
  if (!from) return dropped('no_sender')
  if (isOwnAddress(from.address, deps.mailSettings)) return dropped('own_address')
  const automated = automatedReason(message)
  if (automated) return dropped('automated', automated)
  if (!isSenderAuthenticated(from.address, input.envelopeSender, input.verdicts))
    return dropped(
      'sender_not_authenticated',
      `dmarc=${input.verdicts.dmarc || 'missing'}, envelope not aligned`,
    )

  const owner = await deps.contacts.findEmailOwner(from.address)
  const contact = owner?.kind === 'contact' ? await deps.contacts.findContact(owner.userId) : undefined
  if (!contact?.active)
    return answerNotAccepted(owner?.kind === 'staff' ? 'staff' : 'unregistered', from, message, deps)

  const caller: Extract<Caller, { kind: 'customer' }> = {
    kind: 'customer',
    userId: contact.id,
    email: contact.email,
    role: contact.role,
    accountId: contact.accountId,
  }
  const target = await findTargetCase(message, input.recipients, contact.accountId, deps)
  const attachments = screenAttachments(message.attachments, deps.fileRules.blockedTypes)
  const notes = attachmentNotes(attachments)

  if (target.open) {
    // Files first: the comment that names them is the last write, so a retry after a failure in
    // between finds the files (by their derived ids) and adds the comment once.
    await storeAll(target.open, attachments.accepted, contact, input.messageId, deps)
    await watchersFromCc(target.open, message.cc, caller, deps)
    await addComment(
      target.open.id,
      { body: composeText(stripQuotedReply(message.text), notes), visibility: 'public' },
      caller,
      deps,
    )
    return { kind: 'comment', caseId: target.open.id }
  }

  const intro = target.closed
    ? `This e-mail answers case ${target.closed.number}, which is ${target.closed.status}; it was opened as a new case.\n\n`
    : ''
  const filed = await openCase(
    {
      title: caseTitleFrom(message.subject),
      description: composeText(intro + message.text.trim(), notes),
      product: mailCaseProduct,
      type: 'general_inquiry',
      severity: 'standard',
    },
    caller,
    derivedId(`case:${input.messageId}`),
    deps,
  )
  await storeAll(filed, attachments.accepted, contact, input.messageId, deps)
  await watchersFromCc(filed, message.cc, caller, deps)
  return { kind: 'case', caseId: filed.id }
}

/** One auto-reply per sender and window, where an answer is in order at all; nothing else happens. */
async function answerNotAccepted(
  kind: AutoReplyKind,
  from: { address: string; name: string | undefined },
  message: InboundMessage,
  deps: ReceiveMailDeps,
): Promise<ReceiveMailOutcome> {
  const reason = kind === 'staff' ? 'staff_sender' : 'unregistered_sender'
  if (!mayAutoReplyTo(from.address, message))
    return dropped(reason, 'no auto-reply to lists or no-reply addresses')
  // Claimed before sending: a failed send is not retried, because an auto-reply sent twice is worse
  // than one not sent (the sender may write again, and the next window answers).
  const claimed = await deps.mailLedger.claimAutoReply(
    from.address.toLowerCase(),
    deps.clock.now(),
    autoReplyWindowSeconds,
  )
  if (!claimed) return dropped(reason, 'already auto-replied within 24 hours')
  await deps.mailer.send(autoReplyMail(kind, from, message))
  return { kind: 'auto_replied' }
}

/**
 * The case the message answers, looked up within the sender's account only: another customer's
 * case is not found, so it is never touched (no cross-customer threading). A merged case stands for
 * the case it was merged into. An open case wins over a closed one; a closed one is remembered, so
 * the new case can mention it.
 */
async function findTargetCase(
  message: InboundMessage,
  recipients: readonly string[],
  accountId: string,
  deps: ReceiveMailDeps,
): Promise<{ open?: Case; closed?: Case }> {
  const scope: AccessScope = { kind: 'account', accountId }
  let closed: Case | undefined
  for await (const caseId of candidateCaseIds(message, recipients, accountId, deps)) {
    const found = await followMerges(await deps.cases.findCase(scope, caseId), scope, deps)
    if (!found) continue
    if (!isTerminal(found.status)) return { open: found }
    closed ??= found
  }
  return closed ? { closed } : {}
}

/** How many merges a reply follows: a case merged into one that was merged in turn, and so on. */
const maxMergeHops = 5

/**
 * A merged case's mail lands on the case it was merged into (docs/merge.md), and on that one's
 * target if it was merged too; within the sender's account, as every lookup here.
 */
async function followMerges(
  found: Case | undefined,
  scope: AccessScope,
  deps: ReceiveMailDeps,
): Promise<Case | undefined> {
  let current = found
  for (let hop = 0; hop < maxMergeHops && current?.mergedInto; hop++) {
    const next = await deps.cases.findCase(scope, current.mergedInto.caseId)
    if (!next) break
    current = next
  }
  return current
}

/** Cases the message names: signed reply addresses among its recipients first, then the thread. */
async function* candidateCaseIds(
  message: InboundMessage,
  recipients: readonly string[],
  accountId: string,
  deps: ReceiveMailDeps,
): AsyncGenerator<string> {
  const seen = new Set<string>()
  const replyAddresses = await deps.replyAddresses()
  for (const address of [...message.to, ...message.cc, ...recipients]) {
    const caseId = replyAddresses.caseIdOf(address)
    if (caseId && !seen.has(caseId)) {
      seen.add(caseId)
      yield caseId
    }
  }
  // The newest message of the thread first. SES's Message-ID is `<sesMessageId@…amazonses.com>`:
  // its local part is the id SES answered when we sent it, which the ledger knows.
  const threadIds = [message.inReplyTo, ...[...message.references].reverse()]
    .map((id) => (id ? id.slice(0, id.includes('@') ? id.indexOf('@') : id.length) : ''))
    .filter((id, i, all) => id !== '' && all.indexOf(id) === i)
    .slice(0, maxThreadLookups)
  for (const id of threadIds) {
    const thread = await deps.mailLedger.findThread(id)
    if (thread && thread.accountId === accountId && !seen.has(thread.caseId)) {
      seen.add(thread.caseId)
      yield thread.caseId
    }
  }
}

/**
 * Files the case, or finds it if an earlier attempt at this message filed it already: the case id
 * is derived from the message id, and createCase takes the first id it asks for as the case's.
 */
async function openCase(
  input: CreateCaseInput,
  caller: Extract<Caller, { kind: 'customer' }>,
  caseId: string,
  deps: ReceiveMailDeps,
): Promise<Case> {
  const earlier = await deps.cases.findCase({ kind: 'account', accountId: caller.accountId }, caseId)
  if (earlier) return earlier
  const caseDeps: CreateCaseDeps = {
    cases: deps.cases,
    contacts: deps.contacts,
    clock: deps.clock,
    ids: startingWith(caseId, deps.ids),
    queues: deps.queues,
    slaSettings: deps.slaSettings,
    accounts: deps.accounts,
  }
  return createCase(input, caller, caseDeps)
}

/** An id generator that answers `first` once and then defers to `rest`. */
function startingWith(first: string, rest: IdGenerator): IdGenerator {
  let issued = false
  return {
    newId() {
      if (issued) return rest.newId()
      issued = true
      return first
    },
  }
}

async function storeAll(
  target: Case,
  accepted: readonly AcceptedAttachment[],
  uploader: Contact,
  messageId: string,
  deps: ReceiveMailDeps,
): Promise<void> {
  for (const attachment of accepted) await storeAttachment(target, attachment, uploader, messageId, deps)
}

/** What became of the attachments, for the comment or description; empty without attachments. */
function attachmentNotes({ accepted, refused }: ScreenedAttachments): string {
  const lines: string[] = []
  if (accepted.length > 0)
    lines.push(`Attachments added to the case files: ${accepted.map((a) => a.name).join(', ')}.`)
  lines.push(...refused.slice(0, maxRefusalsNamed))
  if (refused.length > maxRefusalsNamed)
    lines.push(`${refused.length - maxRefusalsNamed} more attachments were not added.`)
  return lines.join('\n')
}

/** The text and the attachment notes, within the API's length limit (the text is shortened, never the notes). */
function composeText(text: string, notes: string): string {
  const body = text.trim() || '(no text)'
  const suffix = notes ? `\n\n${notes}` : ''
  if (body.length + suffix.length <= maxTextLength) return body + suffix
  const marker = '\n\n[…] (The e-mail was shortened here: it was too long for one text.)'
  return body.slice(0, Math.max(0, maxTextLength - suffix.length - marker.length)) + marker + suffix
}

/** `Re: AW: Invoices fail` → `Invoices fail`; at most 200 characters; `(no subject)` for none. */
export function caseTitleFrom(subject: string): string {
  const title = subject
    .replace(/\s+/g, ' ')
    .replace(/^((re|aw|antw|fw|fwd|wg|sv|vs)(\[\d+\])?:\s*)+/i, '')
    .trim()
  if (title === '') return '(no subject)'
  return title.length <= maxTitleLength ? title : `${title.slice(0, maxTitleLength - 1)}…`
}
