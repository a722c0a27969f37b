import { Duration, RemovalPolicy } from 'aws-cdk-lib'
import { Bucket, type CfnBucket, HttpMethods } from 'aws-cdk-lib/aws-s3'
import { Construct } from 'constructs'
import { filesPrefix, uploadPrefix } from '#src/adapters/aws/file-object-keys.ts'
import { uploadFormLifetimeSeconds } from '#src/domain/case-file.ts'
import { accessLogsBucket, deliverAccessLogs, privateBucketProps } from './private-buckets.ts'

export interface CaseFilesBucketProps {
  /** Browser origins that may POST uploads (the portal, the console); empty: no CORS. */
  readonly allowedOrigins: readonly string[]
}

/** How long a deleted (or replaced) file's bytes stay recoverable as a noncurrent version. */
export const deletedFileRetention = Duration.days(30)
/** How long an upload that was never checked may stay in the upload area. */
export const uncheckedUploadRetention = Duration.days(1)
/** How long the bucket's server access logs are kept. */
export const accessLogRetention = Duration.days(365)

/**
 * The case-files bucket (docs/files.md): private, encrypted, TLS only, versioned, access-logged.
 *
 * - `uploads/` is where presigned POSTs write; the file-ready function checks each new object and
 *   copies what passes to `files/`. Whatever was never checked (a handler that failed for good) is
 *   removed after a day; so are its versions.
 * - `files/` holds checked files. A deleted file's bytes stay for 30 days as a noncurrent version
 *   (an operator can restore a mistaken deletion), then the lifecycle removes them.
 * - New objects are announced to EventBridge, which the stateless stack routes to the file-ready
 *   function. Set as the bucket's own CloudFormation property, so it needs no custom resource, and
 *   the bucket names no function, so the stateful stack never depends on the stateless one.
 */
export class CaseFilesBucket extends Construct {
  readonly bucket: Bucket
  readonly accessLogs: Bucket

  constructor(scope: Construct, id: string, props: CaseFilesBucketProps) {
    super(scope, id)

    this.accessLogs = accessLogsBucket(this, 'AccessLogs', accessLogRetention)

    this.bucket = new Bucket(this, 'Bucket', {
      ...privateBucketProps,
      versioned: true,
      ...(props.allowedOrigins.length > 0 && {
        cors: [
          {
            // Browsers post the upload form straight to S3; downloads are plain navigations.
            allowedMethods: [HttpMethods.POST],
            allowedOrigins: [...props.allowedOrigins],
            allowedHeaders: ['*'],
            maxAge: uploadFormLifetimeSeconds,
          },
        ],
      }),
      lifecycleRules: [
        {
          id: 'abort-incomplete-multipart-uploads',
          abortIncompleteMultipartUploadAfter: Duration.days(1),
          expiredObjectDeleteMarker: true,
        },
        {
          id: 'unchecked-uploads',
          prefix: uploadPrefix,
          expiration: uncheckedUploadRetention,
          noncurrentVersionExpiration: uncheckedUploadRetention,
        },
        {
          id: 'deleted-files',
          prefix: filesPrefix,
          noncurrentVersionExpiration: deletedFileRetention,
        },
      ],
      // Every customer's files: neither a stack deletion nor a replacement may drop them.
      removalPolicy: RemovalPolicy.RETAIN,
    })
    const cfnBucket = this.bucket.node.defaultChild as CfnBucket
    cfnBucket.notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } }

    deliverAccessLogs(this.bucket, this.accessLogs, 'case-files/')
  }
}
