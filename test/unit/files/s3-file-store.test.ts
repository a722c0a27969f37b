import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3'
import { mockClient } from 'aws-sdk-client-mock'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { attachmentDisposition, createS3FileStore, scanStatusTag } from '#src/adapters/aws/s3-file-store.ts'
import { maxFileBytes } from '#src/domain/case-file.ts'

const s3 = mockClient(S3Client)

// Unit tests share one module graph: give the real client back to the files that run later.
afterAll(() => {
  s3.restore()
})
const now = new Date('2026-11-25T10:00:00.000Z')
const ref = { accountId: 'acme', caseId: 'case-1', fileId: 'file-1' }
const bucket = 'caseline-files-test'

beforeAll(() => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE')
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY')
  vi.useFakeTimers({ toFake: ['Date'], now })
})
afterAll(() => {
  vi.useRealTimers()
  vi.unstubAllEnvs()
})
beforeEach(() => {
  s3.reset()
})

const store = createS3FileStore({ region: 'eu-central-1', bucket })

type Condition = Record<string, string> | [string, ...unknown[]]

/** The POST policy as S3 reads it: base64 JSON with an expiration and conditions. */
function decodePolicy(policy: string | undefined): { expiration: string; conditions: Condition[] } {
  return JSON.parse(Buffer.from(policy ?? '', 'base64').toString('utf8'))
}

describe('presignUpload', () => {
  it('signs a policy with every condition: exact key, bucket, 1 byte to 10 MB, the content type, 5 minutes', async () => {
    // Act
    const form = await store.presignUpload(ref, { contentType: 'application/pdf' })
    const policy = decodePolicy(form.fields.Policy)

    // Assert: the conditions, exactly (nothing looser can sneak in).
    expect(policy.expiration).toBe('2026-11-25T10:05:00Z')
    expect(form.expiresAt).toBe('2026-11-25T10:05:00.000Z')
    expect(policy.conditions).toEqual([
      ['content-length-range', 1, maxFileBytes],
      ['eq', '$Content-Type', 'application/pdf'],
      { 'Content-Type': 'application/pdf' },
      { bucket },
      { 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256' },
      { 'X-Amz-Credential': 'AKIDEXAMPLE/20261125/eu-central-1/s3/aws4_request' },
      { 'X-Amz-Date': '20261125T100000Z' },
      { key: 'uploads/acme/case-1/file-1' },
    ])
    expect(maxFileBytes).toBe(10_485_760)
  })

  it('hands the client the fields the policy names, with the key built from ids only', async () => {
    const form = await store.presignUpload(ref, { contentType: 'text/plain' })

    expect(form.url).toBe(`https://${bucket}.s3.eu-central-1.amazonaws.com/`)
    expect(form.fields).toMatchObject({
      key: 'uploads/acme/case-1/file-1',
      'Content-Type': 'text/plain',
      bucket,
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Date': '20261125T100000Z',
    })
    expect(form.fields['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/)
    expect(Object.keys(form.fields).some((field) => field.toLowerCase().includes('checksum'))).toBe(false)
  })

  it('uses path-style URLs against a local endpoint', async () => {
    const local = createS3FileStore({
      region: 'us-east-1',
      bucket: 'local-files',
      endpoint: 'http://127.0.0.1:4568',
    })

    const form = await local.presignUpload(ref, { contentType: 'text/plain' })

    expect(form.url).toBe('http://127.0.0.1:4568/local-files')
  })
})

describe('presignDownload', () => {
  it('signs a 2-minute GET of the checked version that always downloads as an attachment', async () => {
    // Act
    const link = await store.presignDownload(ref, {
      fileName: 'Prüfbericht "final".pdf',
      contentType: 'application/pdf',
      versionId: 'v-1',
    })
    const url = new URL(link.url)

    // Assert
    expect(url.host).toBe(`${bucket}.s3.eu-central-1.amazonaws.com`)
    expect(url.pathname).toBe('/files/acme/case-1/file-1')
    expect(url.searchParams.get('versionId')).toBe('v-1')
    expect(url.searchParams.get('X-Amz-Expires')).toBe('120')
    expect(url.searchParams.get('response-content-type')).toBe('application/pdf')
    expect(url.searchParams.get('response-content-disposition')).toBe(
      attachmentDisposition('Prüfbericht "final".pdf'),
    )
    expect(link.expiresAt).toBe('2026-11-25T10:02:00.000Z')
  })
})

describe('attachmentDisposition', () => {
  it('keeps an ASCII fallback without quotes and the exact name in UTF-8', () => {
    expect(attachmentDisposition('Prüfbericht "final".pdf')).toBe(
      `attachment; filename="Pr_fbericht _final_.pdf"; filename*=UTF-8''Pr%C3%BCfbericht%20%22final%22.pdf`,
    )
    expect(attachmentDisposition("it's (1).txt")).toBe(
      `attachment; filename="it's (1).txt"; filename*=UTF-8''it%27s%20%281%29.txt`,
    )
  })
})

describe('headUpload', () => {
  it('reports the measured size, type, version and ETag of the upload', async () => {
    s3.on(HeadObjectCommand, { Bucket: bucket, Key: 'uploads/acme/case-1/file-1' }).resolves({
      ContentLength: 1234,
      ContentType: 'text/plain',
      VersionId: 'v-up',
      ETag: '"abc"',
    })

    expect(await store.headUpload(ref)).toEqual({
      size: 1234,
      contentType: 'text/plain',
      versionId: 'v-up',
      etag: '"abc"',
    })
  })

  it('answers undefined for a missing upload, and rethrows anything else', async () => {
    const notFound = new S3ServiceException({
      name: 'NotFound',
      $fault: 'client',
      $metadata: { httpStatusCode: 404 },
    })
    const denied = new S3ServiceException({
      name: 'AccessDenied',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
    })
    s3.on(HeadObjectCommand).rejectsOnce(notFound).rejectsOnce(denied)

    expect(await store.headUpload(ref)).toBeUndefined()
    await expect(store.headUpload(ref)).rejects.toThrow(denied)
  })
})

describe('readUploadStart', () => {
  it('reads only the first bytes, by range', async () => {
    s3.on(GetObjectCommand).resolves({
      Body: { transformToByteArray: async () => new Uint8Array([0x4d, 0x5a, 0x90, 0]) } as never,
    })

    const start = await store.readUploadStart(ref, 8)

    expect([...start]).toEqual([0x4d, 0x5a, 0x90, 0])
    expect(s3.commandCalls(GetObjectCommand)[0]?.args[0].input).toMatchObject({
      Key: 'uploads/acme/case-1/file-1',
      Range: 'bytes=0-7',
    })
  })
})

describe('promoteUpload', () => {
  it('copies exactly the checked version and ETag into the files area', async () => {
    s3.on(CopyObjectCommand).resolves({ VersionId: 'v-file' })

    const promoted = await store.promoteUpload(ref, {
      size: 10,
      contentType: 'text/plain',
      versionId: 'v-up',
      etag: '"abc"',
    })

    expect(promoted).toEqual({ versionId: 'v-file' })
    expect(s3.commandCalls(CopyObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: bucket,
      Key: 'files/acme/case-1/file-1',
      CopySource: `${bucket}/uploads/acme/case-1/file-1?versionId=v-up`,
      CopySourceIfMatch: '"abc"',
      MetadataDirective: 'COPY',
    })
  })
})

describe('storeFile', () => {
  it('writes checked bytes straight into the files area, under the key built from ids, with their type', async () => {
    // Arrange
    s3.on(PutObjectCommand).resolves({ VersionId: 'v-mail' })
    const bytes = new TextEncoder().encode('%PDF-1.4')

    // Act
    const stored = await store.storeFile(ref, bytes, 'application/pdf')

    // Assert
    expect(stored).toEqual({ versionId: 'v-mail' })
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: bucket,
      Key: 'files/acme/case-1/file-1',
      Body: bytes,
      ContentType: 'application/pdf',
      ContentLength: bytes.byteLength,
    })
  })
})

describe('deleting', () => {
  it('removes an upload for good by its version, and a file by its key', async () => {
    s3.on(DeleteObjectCommand).resolves({})

    await store.deleteUpload(ref, 'v-up')
    await store.deleteFile(ref)

    expect(s3.commandCalls(DeleteObjectCommand).map((call) => call.args[0].input)).toEqual([
      { Bucket: bucket, Key: 'uploads/acme/case-1/file-1', VersionId: 'v-up' },
      { Bucket: bucket, Key: 'files/acme/case-1/file-1' },
    ])
  })
})

describe('scanVerdict', () => {
  it.each([
    [[], 'pending'],
    [[{ Key: scanStatusTag, Value: 'NO_THREATS_FOUND' }], 'clean'],
    [[{ Key: scanStatusTag, Value: 'THREATS_FOUND' }], 'threats_found'],
    [[{ Key: scanStatusTag, Value: 'UNSUPPORTED' }], 'failed'],
    [[{ Key: scanStatusTag, Value: 'ACCESS_DENIED' }], 'failed'],
  ] as const)('reads GuardDuty tags %j as %s', async (tags, verdict) => {
    s3.on(GetObjectTaggingCommand).resolves({ TagSet: [...tags] })

    expect(await store.scanVerdict(ref, 'v-file')).toBe(verdict)
    expect(s3.commandCalls(GetObjectTaggingCommand)[0]?.args[0].input).toEqual({
      Bucket: bucket,
      Key: 'files/acme/case-1/file-1',
      VersionId: 'v-file',
    })
  })
})
