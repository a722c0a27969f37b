import { randomUUID } from 'node:crypto'
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { base64url, SignJWT, UnsecuredJWT } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { demoUserId } from '#local/seed.ts'
import { expectProblem, useReliabilityApi } from './support.ts'

const { api, figures, request, token } = useReliabilityApi('tokens-and-uploads')

interface UploadForm {
  url: string
  fields: Record<string, string>
}
interface FileRecord {
  id: string
  status: string
}

const alice = {
  sub: demoUserId('alice@acme.example'),
  email: 'alice@acme.example',
  groups: ['customer'],
  accountId: 'acme',
}

describe('tokens: anything but a valid token signed by the issuer is 401', () => {
  let valid = ''

  beforeAll(async () => {
    valid = await token('alice')
  })

  const forged: [string, () => Promise<string>][] = [
    ['expired', () => api.runtime.issuer.issue(alice, { expiresAt: Math.floor(Date.now() / 1000) - 60 })],
    ['alg none', async () => new UnsecuredJWT({ ...claimsOf(valid) }).encode()],
    ['wrong audience', () => api.runtime.issuer.issue(alice, { audience: 'someone-else' })],
    ['wrong issuer', () => api.runtime.issuer.issue(alice, { issuer: 'https://evil.example/' })],
    [
      'tampered payload (signature no longer matches)',
      async () => {
        const [header, , signature] = valid.split('.')
        const payload = base64url.encode(JSON.stringify({ ...claimsOf(valid), 'cognito:groups': ['admin'] }))
        return `${header}.${payload}.${signature}`
      },
    ],
    [
      'tampered signature',
      async () => `${valid.slice(0, -6)}${valid.slice(-6) === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA'}`,
    ],
    [
      'signed with another key (HS256, the public key as secret)',
      async () =>
        new SignJWT({ ...claimsOf(valid) })
          .setProtectedHeader({ alg: 'HS256', kid: 'local-1' })
          .sign(new TextEncoder().encode(JSON.stringify(api.runtime.issuer.jwks().keys[0]))),
    ],
    ['not a JWT', async () => 'not.a.jwt'],
  ]

  it.each(forged)('%s → 401 on every protected route', async (_, make) => {
    const forgedToken = await make()
    for (const path of ['/v1/cases', '/v1/calendars/vienna']) {
      const reply = await request('GET', path, { token: forgedToken })
      expect(reply.status, path).toBe(401)
      expectProblem(reply, path)
    }
  })

  it('the valid token itself is accepted (the forgeries differ from it only as named)', async () => {
    expect((await request('GET', '/v1/cases', { token: valid })).status).toBe(200)
    expect((await request('GET', '/v1/cases', { token: await api.runtime.issuer.issue(alice) })).status).toBe(
      200,
    )
  })
})

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString('utf8'))
}

describe('uploads: traversal names, forged keys and oversize uploads are refused and nothing is stored', () => {
  let aliceToken = ''
  let caseId = ''
  let s3: S3Client

  const files = (path = '') => `/v1/cases/${caseId}/files${path}`

  async function objectExists(key: string): Promise<boolean> {
    try {
      await s3.send(new HeadObjectCommand({ Bucket: api.runtime.s3.bucket, Key: key }))
      return true
    } catch {
      return false
    }
  }

  async function tree(): Promise<string> {
    return (await request('GET', files('?limit=100'), { token: aliceToken })).text
  }

  async function postForm(upload: UploadForm, bytes: Buffer, overrides: Record<string, string> = {}) {
    const form = new FormData()
    for (const [name, value] of Object.entries({ ...upload.fields, ...overrides })) form.append(name, value)
    form.append('file', new Blob([bytes], { type: 'text/plain' }), 'upload.txt')
    figures.requests++
    return fetch(upload.url, { method: 'POST', body: form })
  }

  beforeAll(async () => {
    aliceToken = await token('alice')
    const created = await request('POST', '/v1/cases', {
      token: aliceToken,
      body: { title: 'Uploads', description: 'Files', product: 'Caseline' },
    })
    caseId = (created.json as { id: string }).id
    s3 = new S3Client({
      endpoint: api.runtime.s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    })
  })

  it.each([
    ['../../etc/passwd'],
    ['..\\..\\windows\\system32'],
    ['..'],
    ['.'],
    ['folder/../../x.txt'],
    ['evil\u0000.txt'],
    ['line\nbreak.txt'],
  ])('the name %j is refused (400) and no file is recorded', async (name) => {
    const before = await tree()
    const reply = await request('POST', files(), {
      token: aliceToken,
      body: { name, size: 10, contentType: 'text/plain' },
    })
    expect(reply.status).toBe(400)
    expectProblem(reply, name)
    expect(await tree()).toBe(before)
  })

  it.each([
    ['a declared size over 10 MB', { size: 10 * 1024 * 1024 + 1 }],
    ['a negative size', { size: -1 }],
    ['a size that is not a number', { size: '10' }],
    ['a client-chosen object key', { key: 'files/acme/x/y' }],
    ['a client-chosen bucket', { bucket: 'other-bucket' }],
    ['a folder of another case', { folder: 'no-such-folder' }],
  ])('%s is refused and no file is recorded', async (_, change) => {
    const before = await tree()
    const reply = await request('POST', files(), {
      token: aliceToken,
      body: { name: 'report.txt', size: 10, contentType: 'text/plain', ...change },
    })
    expect([400, 404, 409, 422]).toContain(reply.status)
    expectProblem(reply, JSON.stringify(change))
    expect(await tree()).toBe(before)
  })

  it('a form posted under a forged key stores nothing there and changes no file', async () => {
    // Arrange: gina's pending file is the target alice's form is bent towards.
    const gina = await token('gina')
    const ginaCase = await request('POST', '/v1/cases', {
      token: gina,
      body: { title: 'Globex files', description: 'Files', product: 'Caseline' },
    })
    const ginaCaseId = (ginaCase.json as { id: string }).id
    const target = await request('POST', `/v1/cases/${ginaCaseId}/files`, {
      token: gina,
      body: { name: 'theirs.txt', size: 5, contentType: 'text/plain' },
    })
    const targetFile = target.json as { file: FileRecord; upload: UploadForm }
    const mine = await request('POST', files(), {
      token: aliceToken,
      body: { name: 'mine.txt', size: 5, contentType: 'text/plain' },
    })
    const { upload } = mine.json as { upload: UploadForm }

    // Act
    const forgedKeys = [
      targetFile.upload.fields.key as string,
      `files/globex/${ginaCaseId}/${targetFile.file.id}`,
      '../../etc/passwd',
      `uploads/acme/${caseId}/${randomUUID()}`,
    ]
    const posted = []
    for (const key of forgedKeys) posted.push((await postForm(upload, Buffer.from('owned'), { key })).status)
    await api.runtime.s3.settled()

    // Assert (a listing, not HEAD: a key with `..` segments is not addressable by URL)
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: api.runtime.s3.bucket }))
    const stored = (listed.Contents ?? []).map((o) => o.Key)
    for (const key of forgedKeys) {
      if (stored.includes(key) || stored.some((k) => k?.includes('passwd'))) figures.leaks++
      expect(stored, key).not.toContain(key)
    }
    expect(posted.every((status) => status >= 400)).toBe(true)
    const theirs = await request('GET', `/v1/cases/${ginaCaseId}/files/${targetFile.file.id}`, {
      token: gina,
    })
    expect((theirs.json as { file: FileRecord }).file.status).toBe('pending')
  })

  it('an upload larger than declared and than 10 MB is rejected and removed', async () => {
    const started = await request('POST', files(), {
      token: aliceToken,
      body: { name: 'big.txt', size: 100, contentType: 'text/plain' },
    })
    const { file, upload } = started.json as { file: FileRecord; upload: UploadForm }
    await postForm(upload, Buffer.alloc(10 * 1024 * 1024 + 1, 'a'))
    await api.runtime.s3.settled()
    const read = await request('GET', files(`/${file.id}`), { token: aliceToken })
    expect((read.json as { file: FileRecord }).file.status).not.toBe('available')
    expect(await objectExists(upload.fields.key as string)).toBe(false)
  })
})
