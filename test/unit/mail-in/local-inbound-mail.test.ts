import { CreateBucketCommand, HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { mockClient } from 'aws-sdk-client-mock'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { receiptsOf } from '#functions/mail/mail-in.ts'
import { createLocalInboundMail } from '#local/inbound-mail.ts'
import { rawMail } from '../fakes/mail-in.ts'

const s3 = mockClient(S3Client)

// Unit tests share one module graph: give the real client back to the files that run later.
afterAll(() => {
  s3.restore()
})

beforeEach(() => {
  s3.reset()
})

function localInbound(invoked: unknown[]) {
  return createLocalInboundMail({
    s3Endpoint: 'http://127.0.0.1:4569',
    bucket: 'caseline-local-inbound',
    prefix: 'inbound/',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    region: 'us-east-1',
    invoke: async (event) => {
      invoked.push(event)
      const [receipt] = receiptsOf(event) ?? []
      return { outcomes: [{ messageId: receipt?.messageId, kind: 'case', caseId: 'case-9' }] }
    },
  })
}

describe('createLocalInboundMail', () => {
  it('stores the raw message as SES would, then invokes the handler with a receipt event it accepts', async () => {
    // Arrange
    s3.on(HeadBucketCommand).rejects(Object.assign(new Error('Not Found'), { name: 'NotFound' }))
    s3.on(CreateBucketCommand).resolves({})
    s3.on(PutObjectCommand).resolves({})
    const invoked: unknown[] = []
    const raw = Buffer.from(rawMail({ cc: 'adam@acme.example' }).replace(/\n/g, '\r\n'))

    // Act
    const outcome = await localInbound(invoked).deliver(raw)

    // Assert: the object under prefix + message id, the event naming the same id, every verdict passing.
    expect(s3.commandCalls(CreateBucketCommand)[0]?.args[0].input).toEqual({
      Bucket: 'caseline-local-inbound',
    })
    const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input
    const receipts = receiptsOf(invoked[0])
    expect(receipts).toEqual([
      {
        messageId: expect.stringMatching(/^[a-z0-9]{28}$/),
        envelopeSender: 'alice@acme.example',
        recipients: ['support@caseline.example', 'adam@acme.example'],
        verdicts: { spf: 'PASS', dkim: 'PASS', spam: 'PASS', virus: 'PASS', dmarc: 'PASS' },
      },
    ])
    expect(put).toEqual({
      Bucket: 'caseline-local-inbound',
      Key: `inbound/${receipts?.[0]?.messageId}`,
      Body: raw,
    })
    expect(outcome).toEqual({ messageId: receipts?.[0]?.messageId, kind: 'case', caseId: 'case-9' })
  })

  it('gives every delivery a fresh message id and creates the bucket only once', async () => {
    s3.on(HeadBucketCommand).resolves({})
    s3.on(PutObjectCommand).resolves({})
    const invoked: unknown[] = []
    const inbound = localInbound(invoked)

    await inbound.deliver(Buffer.from(rawMail()))
    await inbound.deliver(Buffer.from(rawMail()))

    const ids = invoked.map((event) => receiptsOf(event)?.[0]?.messageId)
    expect(new Set(ids).size).toBe(2)
    expect(s3.commandCalls(HeadBucketCommand)).toHaveLength(1)
    expect(s3.commandCalls(CreateBucketCommand)).toHaveLength(0)
  })
})
