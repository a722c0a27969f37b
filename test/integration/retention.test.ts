import { randomBytes } from 'node:crypto'
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ClockMoved } from '#local/clock-route.ts'
import { createDocumentClient } from '#src/adapters/dynamodb/client.ts'
import { deriveSigningKey } from '#src/adapters/signing-key.ts'
import type { Case } from '#src/domain/case.ts'
import type { CaseFile } from '#src/domain/case-file.ts'
import { createSurveyTokens, type SurveyTokens } from '#src/domain/survey-token.ts'
import { useLocalApi } from './local-api.ts'

const api = useLocalApi()

let root = ''
let alice = ''
let gina = ''
let sam = ''
let maria = ''
let doc: ReturnType<typeof createDocumentClient>
let s3: S3Client
let tokens: SurveyTokens

interface UploadForm {
  url: string
  fields: Record<string, string>
}

async function act(token: string, caseId: string, body: Record<string, unknown>): Promise<Case> {
  const response = await api.request<Case>('POST', `/v1/cases/${caseId}/transitions`, { token, body })
  expect(response.status).toBe(200)
  return response.body
}

async function moveClock(advanceBy: string): Promise<ClockMoved> {
  const moved = await api.request<ClockMoved>('POST', '/local/clock', { body: { advanceBy } })
  expect(moved.status).toBe(200)
  return moved.body
}

/** A checked file of the case, in the local S3. */
async function uploadFile(caseId: string): Promise<CaseFile> {
  const created = await api.request<{ file: CaseFile; upload: UploadForm }>(
    'POST',
    `/v1/cases/${caseId}/files`,
    {
      token: alice,
      body: { name: 'payment-run.log', size: 1024, contentType: 'text/plain' },
    },
  )
  expect(created.status).toBe(201)
  const form = new FormData()
  for (const [name, value] of Object.entries(created.body.upload.fields)) form.append(name, value)
  form.append('file', new Blob([randomBytes(1024)], { type: 'text/plain' }), 'upload.bin')
  expect((await fetch(created.body.upload.url, { method: 'POST', body: form })).ok).toBe(true)
  const deadline = Date.now() + 10_000
  for (;;) {
    const read = await api.request<{ file: CaseFile }>(
      'GET',
      `/v1/cases/${caseId}/files/${created.body.file.id}`,
      {
        token: alice,
      },
    )
    if (read.body.file.status !== 'pending' || Date.now() > deadline) return read.body.file
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** The case's objects in the local S3, in both areas. */
async function objectsOf(c: Case): Promise<string[]> {
  const keys: string[] = []
  for (const area of ['uploads', 'files']) {
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: api.runtime.s3.bucket, Prefix: `${area}/${c.accountId}/${c.id}/` }),
    )
    keys.push(...(listed.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])))
  }
  return keys
}

/** What the table still holds of the case: its partition, its mail records (by case), its number claim. */
async function storedOf(c: Case) {
  const partition = await doc.send(
    new QueryCommand({
      TableName: api.runtime.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `CASE#${c.id}` },
    }),
  )
  const mail = await doc.send(
    new QueryCommand({
      TableName: api.runtime.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `CASEMAIL#${c.id}` },
    }),
  )
  const claim = await doc.send(
    new GetCommand({
      TableName: api.runtime.tableName,
      Key: { pk: `CASENUMBER#${c.number}`, sk: 'CASENUMBER' },
    }),
  )
  return {
    partition: partition.Items?.length ?? 0,
    mail: mail.Items?.length ?? 0,
    claim: claim.Item !== undefined,
  }
}

async function purgedOn(day: string, accountId: string): Promise<number> {
  const metrics = await api.request<{ totals: { purged: number } }>(
    'GET',
    `/v1/metrics?from=${day}&to=${day}&accountId=${accountId}`,
    { token: maria },
  )
  expect(metrics.status).toBe(200)
  return metrics.body.totals.purged
}

beforeAll(async () => {
  root = await api.tokenFor('root@vendor.example')
  alice = await api.tokenFor('alice@acme.example')
  gina = await api.tokenFor('gina@globex.example')
  sam = await api.tokenFor('sam@vendor.example')
  maria = await api.tokenFor('maria@vendor.example')
  doc = createDocumentClient({ region: 'us-east-1', endpoint: api.runtime.dynamodbEndpoint })
  s3 = new S3Client({
    region: 'us-east-1',
    endpoint: api.runtime.s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  const secret = process.env.CURSOR_SECRET
  if (!secret) throw new Error('the local runtime sets CURSOR_SECRET')
  tokens = createSurveyTokens(deriveSigningKey(secret, 'survey-token'))
})

describe('retention of ended cases (local clock)', () => {
  it('purges exactly the cases of an account with retainClosedCasesDays that ended longer ago, with all they hold', async () => {
    // Arrange: acme keeps ended cases 30 days, globex keeps them for good.
    const setting = await api.request<{ retainClosedCasesDays?: number }>('PATCH', '/v1/accounts/acme', {
      token: root,
      body: { retainClosedCasesDays: 30 },
    })
    expect(setting.status).toBe(200)
    expect(setting.body.retainClosedCasesDays).toBe(30)

    const closedEarly = await api.fileCase(alice, 'Dunning letters print twice')
    const cancelledLater = await api.fileCase(alice, 'Wrong VAT on credit notes')
    const stillOpen = await api.fileCase(alice, 'Slow month-end close')
    const elsewhere = await api.fileCase(gina, 'Export to the tax office fails')

    const comment = await api.request('POST', `/v1/cases/${closedEarly.id}/comments`, {
      token: alice,
      body: { body: 'The log of the payment run is in the files.' },
    })
    expect(comment.status).toBe(201)
    const file = await uploadFile(closedEarly.id)
    expect(file.status).toBe('available')
    const link = await api.request('POST', `/v1/cases/${closedEarly.id}/links`, {
      token: sam,
      body: { kind: 'relates_to', caseId: stillOpen.id },
    })
    expect(link.status).toBe(201)
    await act(sam, closedEarly.id, {
      action: 'propose_solution',
      resolution: { kind: 'workaround', summary: 'Print from the archive until the fix ships.' },
    })
    await act(alice, closedEarly.id, { action: 'close' })
    await act(gina, elsewhere.id, { action: 'cancel' })
    await api.sentMail() // the closing's survey and mails are written once the stream caught up
    const survey = tokens.tokenFor(closedEarly.id)
    expect((await api.request('GET', `/v1/surveys/${survey}`)).status).toBe(200)
    const before = await storedOf(closedEarly)
    expect(before.mail).toBeGreaterThan(0)
    expect(await objectsOf(closedEarly)).toHaveLength(1)

    // Act: ten days on, the second case is cancelled; 31 days after the first closed, the job runs.
    const tenDays = await moveClock('P10D')
    await act(alice, cancelledLater.id, { action: 'cancel' })
    const firstPurge = await moveClock('P21D')

    // Assert: only the case closed 31 days ago is gone, with everything it held.
    expect(tenDays.daily).toEqual([
      expect.objectContaining({ result: expect.objectContaining({ purged: 0 }) }),
    ])
    expect(firstPurge.daily).toEqual([
      expect.objectContaining({ result: expect.objectContaining({ accounts: 1, purged: 1 }) }),
    ])
    expect((await api.request('GET', `/v1/cases/${closedEarly.id}`, { token: sam })).status).toBe(404)
    expect((await api.request('GET', `/v1/cases/${closedEarly.id}/comments`, { token: sam })).status).toBe(
      404,
    )
    expect((await api.request('GET', `/v1/cases/${closedEarly.id}/history`, { token: sam })).status).toBe(404)
    expect((await api.request('GET', `/v1/surveys/${survey}`)).status).toBe(404)
    expect(await storedOf(closedEarly)).toEqual({ partition: 0, mail: 0, claim: false })
    expect(await objectsOf(closedEarly)).toEqual([])
    const links = await api.request<{ items: unknown[] }>('GET', `/v1/cases/${stillOpen.id}/links`, {
      token: sam,
    })
    expect(links.body.items).toEqual([])

    for (const kept of [cancelledLater, stillOpen, elsewhere])
      expect((await api.request('GET', `/v1/cases/${kept.id}`, { token: sam })).status).toBe(200)
    expect(await purgedOn(firstPurge.now.slice(0, 10), 'acme')).toBe(1)
    expect(await purgedOn(firstPurge.now.slice(0, 10), 'globex')).toBe(0)

    // Act: another ten days, and the cancelled case is 31 days past its end too.
    const secondPurge = await moveClock('P10D')

    // Assert
    expect(secondPurge.daily).toEqual([
      expect.objectContaining({ result: expect.objectContaining({ purged: 1 }) }),
    ])
    expect((await api.request('GET', `/v1/cases/${cancelledLater.id}`, { token: sam })).status).toBe(404)
    expect((await api.request('GET', `/v1/cases/${stillOpen.id}`, { token: sam })).status).toBe(200)
    expect((await api.request('GET', `/v1/cases/${elsewhere.id}`, { token: sam })).status).toBe(200)
    expect(await purgedOn(secondPurge.now.slice(0, 10), 'acme')).toBe(1)
  })

  it('takes null to keep ended cases for good again, and refuses a limit outside 1–3650 days', async () => {
    // Act
    const cleared = await api.request<Record<string, unknown>>('PATCH', '/v1/accounts/acme', {
      token: root,
      body: { retainClosedCasesDays: null },
    })
    const tooLong = await api.request('PATCH', '/v1/accounts/acme', {
      token: root,
      body: { retainClosedCasesDays: 3651 },
    })
    const zero = await api.request('PATCH', '/v1/accounts/acme', {
      token: root,
      body: { retainClosedCasesDays: 0 },
    })

    // Assert
    expect(cleared.status).toBe(200)
    expect(cleared.body).not.toHaveProperty('retainClosedCasesDays')
    expect(tooLong.status).toBe(400)
    expect(zero.status).toBe(400)
  })
})
