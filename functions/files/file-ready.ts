import { parseUploadKey } from '#src/adapters/aws/file-object-keys.ts'
import { logger } from '#src/logger.ts'
import { fileCatalog } from '#src/runtime/file-catalog-dependency.ts'
import { fileRules } from '#src/runtime/file-rules.ts'
import { fileStore } from '#src/runtime/file-store-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { clock, ids } from '#src/runtime/table-context.ts'
import { type CheckOutcome, checkUpload } from '#src/use-cases/files/check-upload.ts'
import * as z from '#src/zod.ts'

/**
 * The S3 event notification shape (only what is read here). In AWS an EventBridge rule's input
 * transformer hands the function this shape (see `lib/constructs/file-checks.ts`); locally s3rver
 * emits it.
 */
const S3Notification = z.object({
  Records: z.array(
    z.object({
      eventName: z.string(),
      s3: z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string() }) }),
    }),
  ),
})

const deps = lazyDependencies({ files: fileCatalog, fileStore, fileRules, clock, ids })

/**
 * The file-ready function: checks every upload that arrived (size, type, executables) and marks
 * the file available or rejected. Notifications that can never become valid are logged and
 * dropped; any other failure throws, so the asynchronous invocation is retried and finally lands
 * in the dead-letter queue, whose alarm tells the operator.
 */
export const handler = async (event: unknown) => {
  const parsed = S3Notification.safeParse(event)
  if (!parsed.success) {
    logger.error('malformed S3 notification dropped', { issues: parsed.error.issues })
    return { outcomes: [] }
  }
  const outcomes: (CheckOutcome & { key: string })[] = []
  for (const record of parsed.data.Records) {
    const key = record.s3.object.key
    const ref = parseUploadKey(key)
    if (
      !record.eventName.startsWith('ObjectCreated:') ||
      !ref ||
      record.s3.bucket.name !== deps.fileRules.bucket
    ) {
      outcomes.push({ key, outcome: 'ignored', reason: 'not an upload of this bucket' })
      continue
    }
    const outcome = await checkUpload(ref, deps)
    logger.info('upload checked', { key, ...outcome })
    outcomes.push({ key, ...outcome })
  }
  return { outcomes }
}
