import { randomBytes } from 'node:crypto'
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localStage } from '#local/environment.ts'
import { createDocumentClient } from '#src/adapters/dynamodb/client.ts'
import { deriveSigningKey } from '#src/adapters/signing-key.ts'
import type { Case } from '#src/domain/case.ts'
import type { CaseFile } from '#src/domain/case-file.ts'
import type { Comment } from '#src/domain/comment.ts'
import type { Contact } from '#src/domain/directory.ts'
import type { ContactErasure } from '#src/domain/erasure.ts'
import { createSurveyTokens } from '#src/domain/survey-token.ts'
import { type Page, useLocalApi } from './local-api.ts'
import { startReceiver, type TestReceiver } from './webhook-receiver.ts'

const api = useLocalApi()

let adam = ''
let alice = ''
let sam = ''
let root = ''
let doc: ReturnType<typeof createDocumentClient>
let s3: S3Client
let inbox: TestReceiver

beforeAll(async () => {
  adam = await api.tokenFor('adam@acme.example')
  alice = await api.tokenFor('alice@acme.example')
  sam = await api.tokenFor('sam@vendor.example')
  root = await api.tokenFor('root@vendor.example')
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' }
  doc = createDocumentClient({ region: 'us-east-1', endpoint: api.runtime.dynamodbEndpoint })
  s3 = new S3Client({
    region: 'us-east-1',
    endpoint: api.runtime.s3.endpoint,
    forcePathStyle: true,
    credentials,
  })
  // The operator's integration gets every event, contact events included: their deliveries are stored.
  inbox = await startReceiver()
  const subscribed = await api.request('POST', '/v1/webhooks', { token: root, body: { url: inbox.url } })
  expect(subscribed.status).toBe(201)
})

afterAll(async () => {
  await inbox?.close()
})

/** A person no other test knows: a name and an address that appear nowhere else. */
function aPerson() {
  const tag = randomBytes(4).toString('hex')
  return { name: `Erika Zq${tag}`, email: `erika.zq${tag}@acme.example` }
}

async function register(person: {
  name: string
  email: string
}): Promise<{ contact: Contact; token: string }> {
  const registered = await api.request<Contact>('POST', '/v1/accounts/acme/contacts', {
    token: adam,
    body: { ...person, locale: 'en' },
  })
  expect(registered.status).toBe(201)
  return { contact: registered.body, token: await api.tokenFor(person.email) }
}

async function mailIn(raw: string[]): Promise<{ kind: string; caseId?: string }> {
  const response = await api.request<{ kind: string; caseId?: string }>('POST', '/local/inbound-mail', {
    rawBody: [
      ...raw,
      'Date: Thu, 03 Dec 2026 10:00:00 +0100',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
    ].join('\r\n'),
    headers: { 'content-type': 'message/rfc822' },
  })
  expect(response.status).toBe(200)
  return response.body
}

/** A file uploaded to the local S3 and checked, as a portal uploads it. */
async function upload(token: string, caseId: string): Promise<CaseFile> {
  const created = await api.request<{
    file: CaseFile
    upload: { url: string; fields: Record<string, string> }
  }>('POST', `/v1/cases/${caseId}/files`, {
    token,
    body: { name: 'screenshot.txt', size: 64, contentType: 'text/plain' },
  })
  expect(created.status).toBe(201)
  const form = new FormData()
  for (const [name, value] of Object.entries(created.body.upload.fields)) form.append(name, value)
  form.append('file', new Blob([randomBytes(64)], { type: 'text/plain' }), 'upload.bin')
  expect((await fetch(created.body.upload.url, { method: 'POST', body: form })).ok).toBe(true)
  await api.runtime.s3.settled()
  return created.body.file
}

const erase = (token: string, accountId: string, contactId: string, body: unknown = {}) =>
  api.request<ContactErasure>('POST', `/v1/accounts/${accountId}/contacts/${contactId}/erasure`, {
    token,
    body,
  })

/** Every item of the test's table: a test-only full read (the product never scans). */
async function wholeTable(): Promise<string> {
  const items: unknown[] = []
  let startKey: Record<string, unknown> | undefined
  do {
    const page = await doc.send(
      new ScanCommand({ TableName: api.runtime.tableName, ExclusiveStartKey: startKey }),
    )
    items.push(...(page.Items ?? []))
    startKey = page.LastEvaluatedKey
  } while (startKey)
  return JSON.stringify(items)
}

/** Every object of a local bucket, its key and its bytes as text. */
async function wholeBucket(bucket: string): Promise<{ keys: string[]; text: string }> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }))
  const keys = (listed.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : []))
  const bodies = await Promise.all(
    keys.map(async (Key) =>
      (await s3.send(new GetObjectCommand({ Bucket: bucket, Key }))).Body?.transformToString(),
    ),
  )
  return { keys, text: keys.join('\n') + bodies.join('\n') }
}

describe('erasing a contact (POST /v1/accounts/{accountId}/contacts/{contactId}/erasure)', () => {
  it("leaves the person's name and address nowhere, while the account's cases stay readable", async () => {
    // Arrange: erika files cases, comments, uploads, watches alice's case, mails in, is renamed and
    // answers a survey; alice mails with erika in Cc.
    const person = aPerson()
    const { contact, token: erika } = await register({ ...person, name: `${person.name} Old` })
    const renamed = await api.request('PATCH', `/v1/accounts/acme/contacts/${contact.id}`, {
      token: adam,
      body: { name: person.name },
    })
    expect(renamed.status).toBe(200)
    const own = await api.fileCase(erika, 'Printer prints every invoice twice')
    const closing = await api.fileCase(erika, 'Licence key expired')
    const alices = await api.fileCase(alice, 'Payroll export is slow')
    const said = await api.request<Comment>('POST', `/v1/cases/${own.id}/comments`, {
      token: erika,
      body: { body: `It still prints twice. Regards, ${person.name}`, visibility: 'public' },
    })
    expect(said.status).toBe(201)
    const samSaid = await api.request<Comment>('POST', `/v1/cases/${own.id}/comments`, {
      token: sam,
      body: { body: 'Please send the printer log.', visibility: 'public' },
    })
    expect(samSaid.status).toBe(201)
    const file = await upload(erika, own.id)
    expect(
      (await api.request('POST', `/v1/cases/${alices.id}/watchers`, { token: erika, body: {} })).status,
    ).toBe(201)
    const received = (await api.sentMail({ to: person.email })).find((mail) =>
      mail.subject.includes(own.number),
    )
    expect(received?.replyTo).toBeDefined()
    const reply = await mailIn([
      `From: ${person.name} <${person.email}>`,
      `To: ${received?.replyTo}`,
      `Subject: Re: [${own.number}] printer`,
      `Message-ID: <${crypto.randomUUID()}@mail.example>`,
      '',
      `The log is attached next time. ${person.name}, ${person.email}`,
    ])
    expect(reply).toMatchObject({ kind: 'comment', caseId: own.id })
    const cc = await mailIn([
      'From: Alice <alice@acme.example>',
      'To: support@caseline.local',
      `Cc: ${person.name} <${person.email}>`,
      'Subject: Payroll export again',
      `Message-ID: <${crypto.randomUUID()}@mail.example>`,
      '',
      'The payroll export is slow again.',
    ])
    expect(cc.kind).toBe('case')
    const resolved = await api.request('POST', `/v1/cases/${closing.id}/transitions`, {
      token: sam,
      body: { action: 'propose_solution', resolution: { kind: 'solved', summary: 'New key sent.' } },
    })
    expect(resolved.status).toBe(200)
    expect(
      (
        await api.request('POST', `/v1/cases/${closing.id}/transitions`, {
          token: erika,
          body: { action: 'close' },
        })
      ).status,
    ).toBe(200)
    await api.sentMail() // the closing event opened the survey
    const secret = process.env.CURSOR_SECRET as string
    const surveyToken = createSurveyTokens(deriveSigningKey(secret, 'survey-token')).tokenFor(closing.id)
    const answered = await api.request('POST', `/v1/surveys/${surveyToken}`, {
      body: { rating: 5, comment: `Thanks from ${person.name}!` },
    })
    expect(answered.status).toBe(201)
    expect((await api.sentMail({ to: person.email })).length).toBeGreaterThan(0)
    await api.runtime.webhookQueue.idle()
    const before = await wholeTable()
    expect(before).toContain(person.email)
    expect(before).toContain(person.name)
    expect((await wholeBucket(localStage.inboundMail.bucket)).text).toContain(person.email)
    expect(
      (await wholeBucket(api.runtime.s3.bucket)).keys.filter((key) => key.includes(file.id)),
    ).not.toEqual([])

    // Act
    const erased = await erase(adam, 'acme', contact.id, { deleteComments: true, deleteFiles: true })
    await api.sentMail()

    // Assert: the record says what was done, and holds nothing of the person.
    expect(erased.status).toBe(200)
    expect(erased.body).toMatchObject({
      contactId: contact.id,
      accountId: 'acme',
      requestedBy: { role: 'customer_admin' },
      options: { deleteComments: true, deleteFiles: true },
      status: 'completed',
    })
    expect(erased.body.steps.map((step) => step.step)).toEqual([
      'mail',
      'published',
      'items',
      'identity',
      'directory',
    ])
    const counts = Object.fromEntries(erased.body.steps.map((step) => [step.step, step.counts]))
    expect(counts.mail).toMatchObject({ rawMessages: 2 })
    expect(counts.mail?.notifications).toBeGreaterThan(0)
    expect(counts.published?.feedEntries).toBeGreaterThan(0)
    expect(counts.published?.deliveries).toBeGreaterThan(0)
    // Alice's case and the case her Cc'd mail opened.
    expect(counts.items).toMatchObject({ watchers: 2, surveyComments: 1, files: 1 })
    expect(counts.items?.comments).toBe(2)

    // Nowhere in the table, the buckets or the sign-in directory.
    const after = await wholeTable()
    expect(after).not.toContain(person.email)
    expect(after).not.toContain(person.name)
    const files = await wholeBucket(api.runtime.s3.bucket)
    expect(files.keys.filter((key) => key.includes(file.id))).toEqual([])
    const rawMail = await wholeBucket(localStage.inboundMail.bucket)
    expect(rawMail.text).not.toContain(person.email)
    expect(rawMail.text).not.toContain(person.name)
    expect((await api.request('POST', '/local/token', { body: { email: person.email } })).status).toBe(404)

    // The account's cases stay, readable by colleagues; erika's words are gone, sam's are not.
    const read = await api.request<Case>('GET', `/v1/cases/${own.id}`, { token: alice })
    expect(read.status).toBe(200)
    expect(read.body.contactId).toBe(contact.id)
    const thread = await api.request<Page<Comment>>('GET', `/v1/cases/${own.id}/comments`, { token: alice })
    expect(thread.body.items.find((c) => c.id === said.body.id)?.body).toBe(
      '[Removed at the author’s request.]',
    )
    expect(thread.body.items.find((c) => c.id === samSaid.body.id)?.body).toBe('Please send the printer log.')
    const listed = await api.request<Page<Contact>>('GET', '/v1/accounts/acme/contacts?limit=100', {
      token: adam,
    })
    expect(listed.body.items.find((c) => c.id === contact.id)).toMatchObject({
      name: 'Former contact',
      active: false,
      erasedAt: expect.any(String),
    })
    // The access export of the former contact ends with the record, and holds nothing of the person.
    const exported = await fetch(`${api.url}/v1/accounts/acme/contacts/${contact.id}/export`, {
      headers: { authorization: `Bearer ${adam}` },
    })
    const exportText = await exported.text()
    expect(exportText.trim().split('\n').at(-1)).toBe(
      JSON.stringify({ section: 'erasures', record: erased.body }),
    )
    expect(exportText).not.toContain(person.email)
    expect(exportText).not.toContain(person.name)
    // Integrations learn of it, without the person.
    const events = await api.request<{ items: { type: string; data: unknown }[] }>(
      'GET',
      '/v1/events?type=contact.erased&limit=100',
      { token: root },
    )
    expect(events.body.items.map((e) => e.data)).toContainEqual({
      contactId: contact.id,
      erasedAt: expect.any(String),
    })

    // Idempotent: the record again; the address is free for a new registration.
    const again = await erase(adam, 'acme', contact.id)
    expect(again.status).toBe(200)
    expect(again.body).toEqual(erased.body)
    const record = await api.request<ContactErasure>(
      'GET',
      `/v1/accounts/acme/contacts/${contact.id}/erasure`,
      {
        token: root,
      },
    )
    expect(record.body).toEqual(erased.body)
    const reRegistered = await api.request<Contact>('POST', '/v1/accounts/acme/contacts', {
      token: adam,
      body: { ...person, locale: 'en' },
    })
    expect(reRegistered.status).toBe(201)
    expect(reRegistered.body.id).not.toBe(contact.id)
  })

  it('keeps the text of their comments and their files by default', async () => {
    // Arrange
    const person = aPerson()
    const { contact, token } = await register(person)
    const filed = await api.fileCase(token, 'Scanner driver crashes')
    const said = await api.request<Comment>('POST', `/v1/cases/${filed.id}/comments`, {
      token,
      body: { body: 'It crashes on every scan.', visibility: 'public' },
    })
    const file = await upload(token, filed.id)

    // Act
    const erased = await erase(root, 'acme', contact.id)

    // Assert
    expect(erased.status).toBe(200)
    expect(erased.body.options).toEqual({ deleteComments: false, deleteFiles: false })
    const thread = await api.request<Page<Comment>>('GET', `/v1/cases/${filed.id}/comments`, { token: adam })
    expect(thread.body.items.find((c) => c.id === said.body.id)).toMatchObject({
      body: 'It crashes on every scan.',
      authorId: contact.id,
    })
    const kept = await api.request<{ file: CaseFile }>('GET', `/v1/cases/${filed.id}/files/${file.id}`, {
      token: adam,
    })
    expect(kept.status).toBe(200)
    expect(await wholeTable()).not.toContain(person.email)
  })

  it('answers 404 to another account and for unknown contacts, 403 to a plain customer, 409 to a customer admin erasing itself', async () => {
    // Arrange
    const { contact } = await register(aPerson())
    const gina = await api.tokenFor('gina@globex.example')
    const globexAdminEmail = `ivo-${randomBytes(4).toString('hex')}@globex.example`
    const globexAdmin = await api.request<Contact>('POST', '/v1/accounts/globex/contacts', {
      token: root,
      body: { email: globexAdminEmail, name: 'Ivo Globex', locale: 'en', role: 'customer_admin' },
    })
    expect(globexAdmin.status).toBe(201)
    const ivo = await api.tokenFor(globexAdminEmail)
    const adamSelf = await api.request<Page<Contact>>('GET', '/v1/accounts/acme/contacts?limit=100', {
      token: adam,
    })
    const adamId = adamSelf.body.items.find((c) => c.email === 'adam@acme.example')?.id as string

    // Act
    const byOtherAdmin = await erase(ivo, 'acme', contact.id)
    const throughOwnAccount = await erase(ivo, 'globex', contact.id)
    const wrongAccountPath = await erase(root, 'globex', contact.id)
    const unknown = await erase(root, 'acme', 'no-such-contact')
    const byCustomer = await erase(alice, 'acme', contact.id)
    const byGina = await erase(gina, 'globex', contact.id)
    const self = await erase(adam, 'acme', adamId)
    const readByOther = await api.request('GET', `/v1/accounts/acme/contacts/${contact.id}/erasure`, {
      token: ivo,
    })
    const neverErased = await api.request('GET', `/v1/accounts/acme/contacts/${contact.id}/erasure`, {
      token: adam,
    })

    // Assert: nothing was erased, and no answer tells another tenant anything.
    expect([byOtherAdmin.status, throughOwnAccount.status, wrongAccountPath.status, unknown.status]).toEqual([
      404, 404, 404, 404,
    ])
    expect([byCustomer.status, byGina.status]).toEqual([403, 403])
    expect(self.status).toBe(409)
    expect(readByOther.status).toBe(404)
    expect(neverErased.status).toBe(404)
    const still = await api.request<Page<Contact>>('GET', '/v1/accounts/acme/contacts?limit=100', {
      token: adam,
    })
    expect(still.body.items.find((c) => c.id === contact.id)).toMatchObject({ active: true })
    expect(still.body.items.find((c) => c.id === adamId)).toMatchObject({ active: true })
  })
})
