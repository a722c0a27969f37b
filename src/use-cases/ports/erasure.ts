// Ports of a contact's erasure (docs/privacy.md, Erasing a contact): the erasure record and the
// stores each step clears. The use cases depend on these interfaces; adapters implement them
// (docs/architecture.md).
import type { Contact } from '#src/domain/directory.ts'
import type { ContactErasure, ErasureOptions, ErasureStepRecord } from '#src/domain/erasure.ts'
import type { FileObjectRef } from './files.ts'

/** How many things of each kind a step removed or rewrote, for the erasure record. */
export type ErasureCounts = Record<string, number>

/** The erasure record, in the contact's partition. */
export interface ErasureRecords {
  findErasure(contactId: string): Promise<ContactErasure | undefined>
  /**
   * Starts an erasure: its record and the contact made inactive (no sign-in, no mail-in, no mail),
   * in one transaction. Answers the record as stored: an erasure started before is kept as it is.
   */
  startErasure(erasure: ContactErasure, at: string): Promise<ContactErasure>
  /** Records a finished step. */
  recordStep(contactId: string, record: ErasureStepRecord): Promise<ContactErasure>
  /**
   * The last step, in one transaction: the contact's name and address replaced by neutral ones,
   * the claim of its address released (if it still holds it), the step recorded and the erasure
   * completed. Answers the completed record.
   */
  finishErasure(contact: Contact, record: ErasureStepRecord): Promise<ContactErasure>
}

/** The table side of the `mail`, `published` and `items` steps: Queries of the person's index entries, no Scan. */
export interface PersonalData {
  /**
   * The mail step's records: sent-notification and mail-thread records of mail sent to `address`
   * about the cases the contact is the contact of or watches, and the address's auto-reply claim.
   */
  deleteMailRecords(contact: Contact, address: string): Promise<ErasureCounts>
  /** The ids of the received messages that name the address (their raw mail's object keys). */
  receivedMailOf(address: string): Promise<string[]>
  /** Forgets that those messages named the address (after their raw mail is gone). */
  forgetReceivedMail(address: string, messageIds: readonly string[]): Promise<void>
  /**
   * The published step: the person's data taken out of change-feed entries and webhook deliveries
   * (events about the contact; their survey comments; with `deleteComments` their comments' text).
   */
  redactPublished(contact: Pick<Contact, 'id' | 'accountId'>, options: ErasureOptions): Promise<ErasureCounts>
  /** The files the person uploaded that are still recorded (their objects go before their records). */
  filesUploadedBy(contactId: string): Promise<FileObjectRef[]>
  /**
   * The items step: their watcher items deleted, their survey comments removed (survey and its
   * event), with `deleteComments` their comments' text replaced, with `deleteFiles` the records of
   * files they uploaded deleted.
   */
  eraseItems(contactId: string, options: ErasureOptions): Promise<ErasureCounts>
}

/** The raw received mail in the inbound-mail bucket. */
export interface RawMailStore {
  /** Deletes the raw message (no error if it is already gone). */
  deleteRaw(messageId: string): Promise<void>
}

/** The objects of case files in the case-files bucket. */
export interface FileObjectRemover {
  /** Deletes every object (and object version) of the file, in both areas; answers how many. */
  deleteFileObjects(ref: FileObjectRef): Promise<number>
}
