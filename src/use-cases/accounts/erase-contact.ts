import type { Contact } from '#src/domain/directory.ts'
import {
  type ContactErasure,
  type ErasureOptions,
  type ErasureStep,
  type ErasureStepRecord,
  remainingSteps,
} from '#src/domain/erasure.ts'
import { ConflictError, NotFoundError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import { logger } from '#src/logger.ts'
import type { Clock } from '#src/use-cases/ports/common.ts'
import type {
  ErasureCounts,
  ErasureRecords,
  FileObjectRemover,
  PersonalData,
  RawMailStore,
} from '#src/use-cases/ports/erasure.ts'
import type { IdentityProvider } from '#src/use-cases/ports/identity.ts'
import { type AccountAccessDeps, administeredContact } from './access.ts'

export interface EraseContactDeps extends AccountAccessDeps {
  erasures: ErasureRecords
  personalData: PersonalData
  rawMail: RawMailStore
  fileObjects: FileObjectRemover
  identity: Pick<IdentityProvider, 'deleteUser'>
  clock: Clock
}

/** What the request may ask beyond the minimum; absent means no. */
export type EraseContactInput = Partial<ErasureOptions>

/** How many raw messages or file objects are deleted at once: S3 takes them in parallel, within limits. */
const deleteConcurrency = 8

/**
 * Erases a contact at the person's request (GDPR Art. 17; docs/privacy.md, Erasing a contact).
 * Admins any account's contacts, a customer admin its own account's, but not itself.
 * 1. Check the caller may administer the account and the contact belongs to it (404 otherwise).
 * 2. An erasure done before: answer its record. One begun before: go on with it, with the options
 *    it was begun with.
 * 3. Otherwise start it: the record, and the contact made inactive, in one transaction.
 * 4. Do each step not done yet, in order (`erasureSteps`), recording each as it finishes: a request
 *    that failed half-way is repeated from the first step not done, and every step may run twice.
 * 5. Answer the record, completed.
 */
export async function eraseContact(
  accountId: string,
  contactId: string,
  input: EraseContactInput,
  caller: Caller,
  deps: EraseContactDeps,
): Promise<ContactErasure> {
  const { account, contact } = await administeredContact(caller, accountId, contactId, deps)
  if (caller.kind === 'customer' && caller.userId === contact.id) {
    throw new ConflictError(
      'A customer admin cannot erase itself: another customer admin of the account, or the operator, can.',
    )
  }

  let erasure = await deps.erasures.findErasure(contact.id)
  if (erasure?.status === 'completed') return erasure
  erasure ??= await deps.erasures.startErasure(
    {
      contactId: contact.id,
      accountId: account.id,
      requestedBy: { userId: caller.userId, role: caller.role },
      requestedAt: deps.clock.now().toISOString(),
      options: { deleteComments: input.deleteComments ?? false, deleteFiles: input.deleteFiles ?? false },
      status: 'in_progress',
      steps: [],
    },
    deps.clock.now().toISOString(),
  )

  for (const step of remainingSteps(erasure)) {
    const counts = await runStep(step, contact, erasure.options, deps)
    const record: ErasureStepRecord = { step, completedAt: deps.clock.now().toISOString(), counts }
    erasure =
      step === 'directory'
        ? await deps.erasures.finishErasure(contact, record)
        : await deps.erasures.recordStep(contact.id, record)
    // Ids and counts only: the log never names the person (docs/deploy.md, logs).
    logger.info('erasure step done', { contactId: contact.id, accountId: account.id, step, ...counts })
  }
  return erasure
}

/** One step of the erasure; every step may run again after a failure and finds less to do. */
async function runStep(
  step: ErasureStep,
  contact: Contact,
  options: ErasureOptions,
  deps: EraseContactDeps,
): Promise<ErasureCounts> {
  switch (step) {
    case 'mail': {
      const records = await deps.personalData.deleteMailRecords(contact, contact.email)
      const messageIds = await deps.personalData.receivedMailOf(contact.email)
      await inBatches(messageIds, (messageId) => deps.rawMail.deleteRaw(messageId))
      await deps.personalData.forgetReceivedMail(contact.email, messageIds)
      return { ...records, rawMessages: messageIds.length }
    }
    case 'published':
      return deps.personalData.redactPublished(contact, options)
    case 'items': {
      // Objects before records: a failure in between leaves the records, so a retry finds the files again.
      const files = options.deleteFiles ? await deps.personalData.filesUploadedBy(contact.id) : []
      const objects = await inBatches(files, (file) => deps.fileObjects.deleteFileObjects(file))
      const counts = await deps.personalData.eraseItems(contact.id, options)
      return { ...counts, fileObjects: objects.reduce((sum, n) => sum + n, 0) }
    }
    case 'identity':
      await deps.identity.deleteUser(contact.id)
      return { users: 1 }
    case 'directory':
      return { contacts: 1 }
  }
}

async function inBatches<T, R>(items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = []
  for (let i = 0; i < items.length; i += deleteConcurrency) {
    results.push(...(await Promise.all(items.slice(i, i + deleteConcurrency).map(run))))
  }
  return results
}

/**
 * The record of a contact's erasure (docs/privacy.md), for whoever may erase the contact.
 * 1. Check the caller may administer the account and the contact belongs to it (404 otherwise).
 * 2. Answer the erasure record, or 404 when the contact was never erased.
 */
export async function getContactErasure(
  accountId: string,
  contactId: string,
  caller: Caller,
  deps: AccountAccessDeps & { erasures: Pick<ErasureRecords, 'findErasure'> },
): Promise<ContactErasure> {
  const { contact } = await administeredContact(caller, accountId, contactId, deps)
  const erasure = await deps.erasures.findErasure(contact.id)
  if (!erasure) throw new NotFoundError(`Contact ${contactId} has not been erased.`)
  return erasure
}
