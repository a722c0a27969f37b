import { createS3FileStore } from '#src/adapters/aws/s3-file-store.ts'
import { ConfigurationError } from '#src/config.ts'
import type { FileStore } from '#src/use-cases/ports/files.ts'
import { tableContext } from './table-context.ts'

let store: FileStore | undefined

/**
 * The case-files bucket (S3), for the functions that touch file objects: built once per process
 * on first use; fails naming FILES_BUCKET without it.
 */
export function fileStore(): FileStore {
  if (!store) {
    const { config } = tableContext()
    const bucket = config.files.bucket
    if (!bucket)
      throw new ConfigurationError(
        'Invalid environment: FILES_BUCKET is required by functions that use case files',
      )
    store = createS3FileStore({ region: config.region, bucket, endpoint: config.files.endpoint })
  }
  return store
}
