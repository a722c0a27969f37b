import { DeleteObjectCommand, GetObjectCommand, NoSuchKey } from '@aws-sdk/client-s3'
import { ConfigurationError, type MailConfig } from '#src/config.ts'
import { createS3Client } from './s3-file-store.ts'

/** The raw messages SES received, as its S3 action stored them. */
export interface InboundMailStore {
  /** The raw RFC 822 bytes of the message SES received under `messageId`. */
  readRaw(messageId: string): Promise<Uint8Array>
  /** Deletes the raw message (an erasure, docs/privacy.md); no error when it is gone already. */
  deleteRaw(messageId: string): Promise<void>
}

/** The raw message is not where SES's S3 action should have put it (a wrong prefix, or the rule's order). */
export class InboundMailNotFoundError extends Error {
  constructor(
    readonly bucket: string,
    readonly key: string,
  ) {
    super(`No received mail at s3://${bucket}/${key}`)
    this.name = 'InboundMailNotFoundError'
  }
}

/** SES message ids are lower-case letters, digits and dashes; nothing else may become part of a key. */
const messageIdPattern = /^[A-Za-z0-9._-]{1,128}$/

/**
 * Reads received mail from the inbound-mail bucket (s3rver locally): the object SES's S3 action
 * wrote at `INBOUND_MAIL_PREFIX` + the SES message id. Fails at once, naming the variable, in a
 * function that was not given `INBOUND_MAIL_BUCKET`.
 */
export function createS3InboundMail(options: {
  region: string
  inbound: MailConfig['inbound']
  /** Only locally: s3rver's address. */
  endpoint?: string | undefined
}): InboundMailStore {
  const bucket = options.inbound.bucket
  if (!bucket)
    throw new ConfigurationError(
      'Invalid environment: INBOUND_MAIL_BUCKET is required by the function that receives mail',
    )
  const client = createS3Client(options)
  const keyOf = (messageId: string) => {
    if (!messageIdPattern.test(messageId)) throw new RangeError(`"${messageId}" is not an SES message id`)
    return `${options.inbound.prefix}${messageId}`
  }
  return {
    async deleteRaw(messageId) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: keyOf(messageId) }))
    },

    async readRaw(messageId) {
      const key = keyOf(messageId)
      try {
        const result = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
        if (!result.Body) throw new InboundMailNotFoundError(bucket, key)
        return await result.Body.transformToByteArray()
      } catch (error) {
        if (error instanceof NoSuchKey || (error instanceof Error && error.name === 'NoSuchKey'))
          throw new InboundMailNotFoundError(bucket, key)
        throw error
      }
    },
  }
}
