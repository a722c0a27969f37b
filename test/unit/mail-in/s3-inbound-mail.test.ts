import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3'
import { mockClient } from 'aws-sdk-client-mock'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createS3InboundMail, InboundMailNotFoundError } from '#src/adapters/aws/s3-inbound-mail.ts'
import { ConfigurationError } from '#src/config.ts'
import { rejectionOf } from '../fakes/core.ts'

const s3 = mockClient(S3Client)

// Unit tests share one module graph: give the real client back to the files that run later.
afterAll(() => {
  s3.restore()
})
const raw = new TextEncoder().encode('From: alice@acme.example\r\n\r\nHello')

beforeAll(() => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE')
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY')
})
afterAll(() => {
  vi.unstubAllEnvs()
})
beforeEach(() => {
  s3.reset()
})

const store = createS3InboundMail({
  region: 'eu-west-1',
  inbound: { bucket: 'caseline-inbound-test', prefix: 'inbound/' },
})

describe('createS3InboundMail', () => {
  it('reads the raw message SES stored under the prefix and the message id', async () => {
    // Arrange
    s3.on(GetObjectCommand).resolves({ Body: { transformToByteArray: async () => raw } as never })

    // Act
    const read = await store.readRaw('d6iitobk75ur44p8kdnnp7g2n800')

    // Assert
    expect(read).toEqual(raw)
    expect(s3.commandCalls(GetObjectCommand).map((call) => call.args[0].input)).toEqual([
      { Bucket: 'caseline-inbound-test', Key: 'inbound/d6iitobk75ur44p8kdnnp7g2n800' },
    ])
  })

  it('names bucket and key when the message is not there, and rethrows any other failure', async () => {
    s3.on(GetObjectCommand)
      .rejectsOnce(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }))
      .rejectsOnce(Object.assign(new Error('Slow down'), { name: 'SlowDown' }))

    const missing = await rejectionOf(store.readRaw('missing'))
    const throttled = await rejectionOf(store.readRaw('throttled'))

    expect(missing).toBeInstanceOf(InboundMailNotFoundError)
    expect((missing as Error).message).toBe('No received mail at s3://caseline-inbound-test/inbound/missing')
    expect(throttled).toMatchObject({ name: 'SlowDown' })
  })

  it('refuses a message id that is not SES-shaped, without asking S3', async () => {
    const error = await rejectionOf(store.readRaw('../files/acme/case-1/file-1'))

    expect(error).toBeInstanceOf(RangeError)
    expect(s3.commandCalls(GetObjectCommand)).toEqual([])
  })

  it('fails with a ConfigurationError naming INBOUND_MAIL_BUCKET when it is not set', () => {
    expect(() =>
      createS3InboundMail({ region: 'eu-west-1', inbound: { bucket: undefined, prefix: '' } }),
    ).toThrow(
      new ConfigurationError(
        'Invalid environment: INBOUND_MAIL_BUCKET is required by the function that receives mail',
      ),
    )
  })
})
