import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { createPresignedPost } from '@aws-sdk/s3-presigned-post'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import {
  downloadLinkLifetimeSeconds,
  maxFileBytes,
  uploadFormLifetimeSeconds,
} from '#src/domain/case-file.ts'
import type { FileStore, ScanVerdict } from '#src/use-cases/ports/files.ts'
import { fileObjectKey, uploadObjectKey } from './file-object-keys.ts'

export interface S3FileStoreOptions {
  region: string
  bucket: string
  /** Only locally: s3rver's address. Unset in AWS, where the SDK finds the regional endpoint. */
  endpoint?: string | undefined
}

/** The tag GuardDuty Malware Protection for S3 puts on every object it scanned. */
export const scanStatusTag = 'GuardDutyMalwareScanStatus'

/**
 * The S3 client of the file store. Checksums only where an operation requires them: the SDK's
 * default would sign checksum fields into presigned requests that browsers and curl do not send.
 * Locally, path-style addressing, because `<bucket>.127.0.0.1` resolves nowhere.
 */
export function createS3Client(options: { region: string; endpoint?: string | undefined }): S3Client {
  return new S3Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  })
}

function isNotFound(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
  return error.name === 'NotFound' || error.name === 'NoSuchKey' || status === 404
}

/** `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf` (RFC 6266), safe for any name. */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`
}

/** The expiry S3 enforces: the one written into the signed policy. */
function policyExpiration(policy: string | undefined): string {
  const decoded = JSON.parse(Buffer.from(policy ?? '', 'base64').toString('utf8')) as { expiration: string }
  return new Date(decoded.expiration).toISOString()
}

/**
 * Case files in S3 (s3rver locally). The adapter owns one client, built once per cold start.
 * Presigned URLs are signed with the function's own credentials, so the function's role must
 * allow what the URL allows (PutObject on uploads, GetObject on files): `AppFunction.bindFiles`.
 */
export function createS3FileStore(options: S3FileStoreOptions): FileStore {
  const client = createS3Client(options)
  const bucket = options.bucket

  return {
    async presignUpload(ref, { contentType }) {
      const { url, fields } = await createPresignedPost(client, {
        Bucket: bucket,
        // The exact key: the policy gets a `{"key": ...}` condition, so no other object can be written.
        Key: uploadObjectKey(ref),
        Conditions: [
          ['content-length-range', 1, maxFileBytes],
          ['eq', '$Content-Type', contentType],
        ],
        Fields: { 'Content-Type': contentType },
        Expires: uploadFormLifetimeSeconds,
      })
      return { url, fields, expiresAt: policyExpiration(fields.Policy) }
    },

    async headUpload(ref) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: uploadObjectKey(ref) }))
        return {
          size: head.ContentLength ?? 0,
          contentType: head.ContentType,
          versionId: head.VersionId,
          etag: head.ETag,
        }
      } catch (error) {
        if (isNotFound(error)) return undefined
        throw error
      }
    },

    async readUploadStart(ref, bytes) {
      try {
        const result = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: uploadObjectKey(ref), Range: `bytes=0-${bytes - 1}` }),
        )
        const body = (await result.Body?.transformToByteArray()) ?? new Uint8Array()
        return body.slice(0, bytes)
      } catch (error) {
        // An empty object has no byte 0 to start a range at.
        if (error instanceof Error && error.name === 'InvalidRange') return new Uint8Array()
        throw error
      }
    },

    async promoteUpload(ref, checked) {
      const source = `${bucket}/${uploadObjectKey(ref)}${checked.versionId ? `?versionId=${encodeURIComponent(checked.versionId)}` : ''}`
      const copied = await client.send(
        new CopyObjectCommand({
          Bucket: bucket,
          Key: fileObjectKey(ref),
          CopySource: source,
          // Exactly the bytes that were checked: a second POST with the same form in between fails the copy.
          ...(checked.etag ? { CopySourceIfMatch: checked.etag } : {}),
          MetadataDirective: 'COPY',
        }),
      )
      return { versionId: copied.VersionId }
    },

    async storeFile(ref, bytes, contentType) {
      const stored = await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: fileObjectKey(ref),
          Body: bytes,
          ContentType: contentType,
          ContentLength: bytes.byteLength,
        }),
      )
      return { versionId: stored.VersionId }
    },

    async deleteUpload(ref, versionId) {
      await client.send(
        new DeleteObjectCommand({
          Bucket: bucket,
          Key: uploadObjectKey(ref),
          ...(versionId ? { VersionId: versionId } : {}),
        }),
      )
    },

    async presignDownload(ref, { fileName, contentType, versionId }) {
      const signedAt = new Date()
      const url = await getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket: bucket,
          Key: fileObjectKey(ref),
          ...(versionId ? { VersionId: versionId } : {}),
          // Always a download, never rendered inline: an uploaded HTML file must not run in our origin.
          ResponseContentDisposition: attachmentDisposition(fileName),
          ResponseContentType: contentType,
        }),
        { expiresIn: downloadLinkLifetimeSeconds, signingDate: signedAt },
      )
      return {
        url,
        expiresAt: new Date(signedAt.getTime() + downloadLinkLifetimeSeconds * 1000).toISOString(),
      }
    },

    async deleteFile(ref) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: fileObjectKey(ref) }))
    },

    async scanVerdict(ref, versionId): Promise<ScanVerdict> {
      const tagging = await client.send(
        new GetObjectTaggingCommand({
          Bucket: bucket,
          Key: fileObjectKey(ref),
          ...(versionId ? { VersionId: versionId } : {}),
        }),
      )
      const status = tagging.TagSet?.find((tag) => tag.Key === scanStatusTag)?.Value
      if (status === undefined) return 'pending'
      if (status === 'NO_THREATS_FOUND') return 'clean'
      if (status === 'THREATS_FOUND') return 'threats_found'
      // UNSUPPORTED, ACCESS_DENIED, FAILED: not known to be clean, so not served.
      return 'failed'
    },
  }
}
