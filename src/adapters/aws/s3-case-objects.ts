import {
  DeleteObjectsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  type ObjectIdentifier,
} from '@aws-sdk/client-s3'
import type { CaseObjectStore } from '#src/use-cases/ports/retention.ts'
import { caseObjectPrefixes } from './file-object-keys.ts'
import { createS3Client } from './s3-file-store.ts'

export interface S3CaseObjectsOptions {
  region: string
  bucket: string
  /** Only locally: s3rver's address. */
  endpoint?: string | undefined
  /**
   * Whether the bucket keeps versions: in AWS it does (lib/constructs/case-files-bucket.ts), and a
   * purge removes every version and delete marker, so no byte of the case stays recoverable. s3rver
   * keeps no versions (and has no ListObjectVersions), so locally the current objects are all there is.
   */
  versioned: boolean
}

/** DeleteObjects takes at most 1,000 keys per request. */
const deleteBatch = 1000

/** Every object (version) under `prefix`, a page of at most 1,000 at a time. */
async function* objectsUnder(
  client: ReturnType<typeof createS3Client>,
  bucket: string,
  prefix: string,
  versioned: boolean,
): AsyncGenerator<ObjectIdentifier[]> {
  if (!versioned) {
    let token: string | undefined
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      )
      yield (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []))
      token = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (token)
    return
  }
  let keyMarker: string | undefined
  let versionMarker: string | undefined
  do {
    const page = await client.send(
      new ListObjectVersionsCommand({
        Bucket: bucket,
        Prefix: prefix,
        KeyMarker: keyMarker,
        VersionIdMarker: versionMarker,
      }),
    )
    // Versions and delete markers alike: a marker left behind would keep the key listed.
    yield [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].flatMap((v) =>
      v.Key ? [{ Key: v.Key, ...(v.VersionId ? { VersionId: v.VersionId } : {}) }] : [],
    )
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined
    versionMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined
  } while (keyMarker)
}

/**
 * The case's objects in the case-files bucket, for the retention purge (docs/privacy.md): listed by
 * the case's prefixes in both areas (keys are built from ids, docs/files.md) and deleted in batches.
 */
export function createS3CaseObjects(options: S3CaseObjectsOptions): CaseObjectStore {
  const client = createS3Client(options)
  const { bucket, versioned } = options
  return {
    async deleteCaseObjects(ref) {
      let deleted = 0
      for (const prefix of caseObjectPrefixes(ref)) {
        for await (const objects of objectsUnder(client, bucket, prefix, versioned)) {
          for (let i = 0; i < objects.length; i += deleteBatch) {
            const batch = objects.slice(i, i + deleteBatch)
            const result = await client.send(
              new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } }),
            )
            const failed = result.Errors ?? []
            if (failed.length > 0)
              // The next run lists the prefix again and retries what is left.
              throw new Error(
                `S3 refused to delete ${failed.length} object(s) of case ${ref.caseId}: ${failed[0]?.Code ?? 'unknown'}`,
              )
            deleted += batch.length
          }
        }
      }
      return deleted
    },
  }
}
