import { createS3FileStore } from '#src/adapters/aws/s3-file-store.ts'
import { ConfigurationError } from '#src/config.ts'
import type { FileStore } from '#src/use-cases/ports/files.ts'
import type { AppDependencies } from './dependencies.ts'
import { extendDependencies } from './extend-dependencies.ts'

let store: FileStore | undefined

/** The case-files bucket (S3), for the functions that touch file objects; fails naming FILES_BUCKET without it. */
export function withFileStore<T extends AppDependencies>(deps: T) {
  return extendDependencies<T, { fileStore: FileStore }>(deps, {
    fileStore: ({ config }) => {
      const bucket = config.files.bucket
      if (!bucket)
        throw new ConfigurationError(
          'Invalid environment: FILES_BUCKET is required by functions that use case files',
        )
      store ??= createS3FileStore({ region: config.region, bucket, endpoint: config.files.endpoint })
      return store
    },
  })
}
