import { describe, expect, it } from 'vitest'
import type { Contact } from '#src/domain/directory.ts'
import {
  type ContactErasure,
  type ErasureOptions,
  type ErasureStepRecord,
  erasedAddressOf,
  formerContactName,
} from '#src/domain/erasure.ts'
import { ConflictError, ForbiddenError, NotFoundError } from '#src/domain/errors.ts'
import { eraseContact, getContactErasure } from '#src/use-cases/accounts/erase-contact.ts'
import type { ErasureRecords, PersonalData } from '#src/use-cases/ports/erasure.ts'
import type { FileObjectRef } from '#src/use-cases/ports/files.ts'
import {
  adamContact,
  aliceContact,
  ginaContact,
  InMemoryAccountStore,
  InMemoryContactStore,
} from '../fakes/accounts.ts'
import { aCustomer, aStaffMember, fixedClock, rejectionOf } from '../fakes/core.ts'

const root = aStaffMember({ userId: 'root', role: 'admin', email: 'root@vendor.example' })
const sam = aStaffMember({ userId: 'sam', role: 'agent', email: 'sam@vendor.example' })
const adam = aCustomer({ userId: adamContact.id, role: 'customer_admin', email: adamContact.email })
const alice = aCustomer({ userId: aliceContact.id, role: 'customer', email: aliceContact.email })

/** Erasure records and the contact they change, as the table keeps them together. */
class InMemoryErasures implements ErasureRecords {
  readonly records = new Map<string, ContactErasure>()
  constructor(private readonly contacts: InMemoryContactStore) {}

  async findErasure(contactId: string) {
    return this.records.get(contactId)
  }

  async startErasure(erasure: ContactErasure, at: string) {
    const existing = this.records.get(erasure.contactId)
    if (existing) return existing
    this.records.set(erasure.contactId, erasure)
    const contact = this.contacts.contacts.get(erasure.contactId) as Contact
    this.contacts.contacts.set(contact.id, { ...contact, active: false, erasureRequestedAt: at })
    return erasure
  }

  async recordStep(contactId: string, record: ErasureStepRecord) {
    const erasure = this.records.get(contactId) as ContactErasure
    const next = { ...erasure, steps: [...erasure.steps, record] }
    this.records.set(contactId, next)
    return next
  }

  async finishErasure(contact: Contact, record: ErasureStepRecord) {
    this.contacts.contacts.set(contact.id, {
      ...contact,
      name: formerContactName,
      email: erasedAddressOf(contact.id),
      active: false,
      erasedAt: record.completedAt,
    })
    const erasure = await this.recordStep(contact.id, record)
    const done: ContactErasure = { ...erasure, status: 'completed', completedAt: record.completedAt }
    this.records.set(contact.id, done)
    return done
  }
}

/** The person's data: records what each step was asked, and can fail a step once. */
class RecordingPersonalData implements PersonalData {
  readonly calls: string[] = []
  failOnce: string | undefined
  files: FileObjectRef[] = [{ accountId: 'acme', caseId: 'case-1', fileId: 'file-1' }]
  rawMail = ['ses-1', 'ses-2']

  private call(name: string) {
    this.calls.push(name)
    if (this.failOnce === name) {
      this.failOnce = undefined
      throw new Error(`${name} failed`)
    }
  }

  async deleteMailRecords(_contact: Contact, address: string) {
    this.call(`deleteMailRecords ${address}`)
    return { notifications: 3, threads: 3, autoReplies: 0 }
  }
  async receivedMailOf(address: string) {
    this.call(`receivedMailOf ${address}`)
    return this.rawMail
  }
  async forgetReceivedMail(address: string, messageIds: readonly string[]) {
    this.call(`forgetReceivedMail ${address} ${messageIds.join(',')}`)
  }
  async redactPublished(contact: Pick<Contact, 'id'>, options: ErasureOptions) {
    this.call(`redactPublished ${contact.id} comments=${options.deleteComments}`)
    return { feedEntries: 4, deliveries: 2 }
  }
  async filesUploadedBy(contactId: string) {
    this.call(`filesUploadedBy ${contactId}`)
    return this.files
  }
  async eraseItems(contactId: string, options: ErasureOptions) {
    this.call(`eraseItems ${contactId} comments=${options.deleteComments} files=${options.deleteFiles}`)
    return { watchers: 1, surveyComments: 1, comments: 0, files: options.deleteFiles ? this.files.length : 0 }
  }
}

function setUp() {
  const contacts = new InMemoryContactStore([aliceContact, adamContact, ginaContact])
  const erasures = new InMemoryErasures(contacts)
  const personalData = new RecordingPersonalData()
  const deletedRaw: string[] = []
  const deletedFiles: FileObjectRef[] = []
  const deletedUsers: string[] = []
  const deps = {
    accounts: new InMemoryAccountStore(),
    contacts,
    erasures,
    personalData,
    rawMail: {
      deleteRaw: async (messageId: string) => {
        deletedRaw.push(messageId)
      },
    },
    fileObjects: {
      deleteFileObjects: async (ref: FileObjectRef) => {
        deletedFiles.push(ref)
        return 2
      },
    },
    identity: {
      deleteUser: async (userId: string) => {
        deletedUsers.push(userId)
      },
    },
    clock: fixedClock(new Date('2026-12-03T10:00:00.000Z')),
  }
  return { deps, contacts, erasures, personalData, deletedRaw, deletedFiles, deletedUsers }
}

describe('eraseContact', () => {
  it('does every step in order, recording each, and leaves a former contact', async () => {
    // Arrange
    const { deps, contacts, personalData, deletedRaw, deletedUsers } = setUp()

    // Act
    const erasure = await eraseContact('acme', aliceContact.id, {}, adam, deps)

    // Assert
    expect(erasure).toMatchObject({
      contactId: aliceContact.id,
      accountId: 'acme',
      requestedBy: { userId: adamContact.id, role: 'customer_admin' },
      requestedAt: '2026-12-03T10:00:00.000Z',
      options: { deleteComments: false, deleteFiles: false },
      status: 'completed',
      completedAt: '2026-12-03T10:00:00.000Z',
    })
    expect(erasure.steps.map((s) => s.step)).toEqual(['mail', 'published', 'items', 'identity', 'directory'])
    expect(erasure.steps[0]?.counts).toEqual({ notifications: 3, threads: 3, autoReplies: 0, rawMessages: 2 })
    expect(erasure.steps[2]?.counts).toEqual({
      watchers: 1,
      surveyComments: 1,
      comments: 0,
      files: 0,
      fileObjects: 0,
    })
    // The address is used while it is still known, before the directory forgets it.
    expect(personalData.calls.slice(0, 3)).toEqual([
      `deleteMailRecords ${aliceContact.email}`,
      `receivedMailOf ${aliceContact.email}`,
      `forgetReceivedMail ${aliceContact.email} ses-1,ses-2`,
    ])
    expect(deletedRaw).toEqual(['ses-1', 'ses-2'])
    expect(deletedUsers).toEqual([aliceContact.id])
    expect(contacts.contacts.get(aliceContact.id)).toMatchObject({
      name: 'Former contact',
      email: `${aliceContact.id}@erased.invalid`,
      active: false,
      erasedAt: '2026-12-03T10:00:00.000Z',
    })
  })

  it('deletes the objects of their files before their records, when asked to', async () => {
    // Arrange
    const { deps, personalData, deletedFiles } = setUp()

    // Act
    const erasure = await eraseContact(
      'acme',
      aliceContact.id,
      { deleteFiles: true, deleteComments: true },
      root,
      deps,
    )

    // Assert
    expect(deletedFiles).toEqual(personalData.files)
    const items = personalData.calls.filter(
      (c) => c.startsWith('filesUploadedBy') || c.startsWith('eraseItems'),
    )
    expect(items).toEqual([
      `filesUploadedBy ${aliceContact.id}`,
      `eraseItems ${aliceContact.id} comments=true files=true`,
    ])
    expect(erasure.steps[2]?.counts).toMatchObject({ files: 1, fileObjects: 2 })
  })

  it('goes on after a failure half-way from the first step not done, with the first options', async () => {
    // Arrange
    const { deps, personalData, erasures } = setUp()
    personalData.failOnce = `redactPublished ${aliceContact.id} comments=true`
    const failed = await rejectionOf(
      eraseContact('acme', aliceContact.id, { deleteComments: true }, adam, deps),
    )
    personalData.calls.length = 0

    // Act: the retry names other options; the erasure keeps those it began with.
    const erasure = await eraseContact('acme', aliceContact.id, { deleteComments: false }, adam, deps)

    // Assert
    expect(failed).toBeInstanceOf(Error)
    expect(erasures.records.get(aliceContact.id)?.status).toBe('completed')
    expect(erasure.options.deleteComments).toBe(true)
    expect(erasure.steps.map((s) => s.step)).toEqual(['mail', 'published', 'items', 'identity', 'directory'])
    expect(personalData.calls.some((c) => c.startsWith('deleteMailRecords'))).toBe(false)
    expect(personalData.calls[0]).toBe(`redactPublished ${aliceContact.id} comments=true`)
  })

  it('answers the record of an erasure done before, doing nothing again', async () => {
    // Arrange
    const { deps, personalData, deletedUsers } = setUp()
    const first = await eraseContact('acme', aliceContact.id, {}, adam, deps)
    personalData.calls.length = 0

    // Act
    const again = await eraseContact('acme', aliceContact.id, {}, root, deps)

    // Assert
    expect(again).toEqual(first)
    expect(personalData.calls).toEqual([])
    expect(deletedUsers).toEqual([aliceContact.id])
  })

  it('refuses a plain customer (403), staff other than admins (403), another account (404) and a customer admin erasing itself (409)', async () => {
    // Arrange
    const { deps, contacts } = setUp()

    // Act
    const refusals = [
      await rejectionOf(eraseContact('acme', aliceContact.id, {}, alice, deps)),
      await rejectionOf(eraseContact('acme', aliceContact.id, {}, sam, deps)),
      await rejectionOf(eraseContact('globex', ginaContact.id, {}, adam, deps)),
      await rejectionOf(eraseContact('acme', ginaContact.id, {}, root, deps)),
      await rejectionOf(eraseContact('acme', 'nobody', {}, root, deps)),
      await rejectionOf(eraseContact('acme', adamContact.id, {}, adam, deps)),
    ]

    // Assert
    expect(refusals.map((e) => e?.constructor)).toEqual([
      ForbiddenError,
      ForbiddenError,
      NotFoundError,
      NotFoundError,
      NotFoundError,
      ConflictError,
    ])
    expect(
      [...contacts.contacts.values()].every(
        (c) => c.erasedAt === undefined && c.erasureRequestedAt === undefined,
      ),
    ).toBe(true)
  })
})

describe('getContactErasure', () => {
  it('answers the record to whoever may erase the contact, 404 before an erasure', async () => {
    // Arrange
    const { deps } = setUp()
    const before = await rejectionOf(getContactErasure('acme', aliceContact.id, adam, deps))
    const erased = await eraseContact('acme', aliceContact.id, {}, adam, deps)

    // Act
    const read = await getContactErasure('acme', aliceContact.id, root, deps)
    const byOther = await rejectionOf(
      getContactErasure(
        'acme',
        aliceContact.id,
        aCustomer({ accountId: 'globex', role: 'customer_admin', userId: ginaContact.id }),
        deps,
      ),
    )

    // Assert
    expect(before).toBeInstanceOf(NotFoundError)
    expect(read).toEqual(erased)
    expect(byOther).toBeInstanceOf(Error)
  })
})
