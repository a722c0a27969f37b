import {
  DeleteObjectsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  type ObjectIdentifier,
} from '@aws-sdk/client-s3'
import type { FileObjectRemover } from '#src/use-cases/ports/erasure.ts'
import type { CaseObjectStore } from '#src/use-cases/ports/retention.ts'
import { caseObjectPrefixes, fileObjectKey, uploadObjectKey } from './file-object-keys.ts'
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
 * The objects of cases and files in the case-files bucket, every version: for the retention purge
 * (a whole case, listed by the case's prefixes in both areas; keys are built from ids,
 * docs/files.md) and a contact's erasure (one file, both areas), deleted in batches.
 */
export function createS3CaseObjects(options: S3CaseObjectsOptions): CaseObjectStore & FileObjectRemover {
  const client = createS3Client(options)
  const { bucket, versioned } = options

  /** Deletes every object (version) under `prefix` whose key `belongs`; answers how many. */
  async function deleteUnder(
    prefix: string,
    belongs: (key: string) => boolean,
    what: string,
  ): Promise<number> {
    let deleted = 0
    for await (const listed of objectsUnder(client, bucket, prefix, versioned)) {
      const objects = listed.filter((o) => o.Key !== undefined && belongs(o.Key))
      for (let i = 0; i < objects.length; i += deleteBatch) {
        const batch = objects.slice(i, i + deleteBatch)
        const result = await client.send(
          new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } }),
        )
        const failed = result.Errors ?? []
        if (failed.length > 0)
          // The next attempt lists the prefix again and retries what is left.
          throw new Error(
            `S3 refused to delete ${failed.length} object(s) of ${what}: ${failed[0]?.Code ?? 'unknown'}`,
          )
        deleted += batch.length
      }
    }
    return deleted
  }

  return {
    async deleteCaseObjects(ref) {
      let deleted = 0
      for (const prefix of caseObjectPrefixes(ref))
        deleted += await deleteUnder(prefix, () => true, `case ${ref.caseId}`)
      return deleted
    },

    async deleteFileObjects(ref) {
      let deleted = 0
      // A file's key is a prefix of no other key but its own (ids differ in length too): keep exact matches.
      for (const key of [uploadObjectKey(ref), fileObjectKey(ref)])
        deleted += await deleteUnder(key, (listed) => listed === key, `file ${ref.fileId}`)
      return deleted
    },
  }
}
