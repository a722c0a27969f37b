import { createS3CaseObjects } from '#src/adapters/aws/s3-case-objects.ts'
import { createRetentionRepository } from '#src/adapters/dynamodb/retention-repository.ts'
import { ConfigurationError } from '#src/config.ts'
import type { FileObjectRemover } from '#src/use-cases/ports/erasure.ts'
import type { CaseObjectStore, RetentionStore } from '#src/use-cases/ports/retention.ts'
import { tableContext } from './table-context.ts'

/** The retention job's reads and deletions in the table (docs/privacy.md, Retention). */
export function retentionStore(): RetentionStore {
  const { doc, config } = tableContext()
  return createRetentionRepository(doc, config.tableName)
}

/**
 * The case's objects in the case-files bucket: fails naming FILES_BUCKET without it. The bucket is
 * versioned in AWS; locally (`S3_ENDPOINT`, s3rver) it keeps no versions.
 */
export function caseObjectStore(): CaseObjectStore & FileObjectRemover {
  const { config } = tableContext()
  const bucket = config.files.bucket
  if (!bucket)
    throw new ConfigurationError(
      'Invalid environment: FILES_BUCKET is required by functions that use case files',
    )
  return createS3CaseObjects({
    region: config.region,
    bucket,
    endpoint: config.files.endpoint,
    versioned: config.files.endpoint === undefined,
  })
}
