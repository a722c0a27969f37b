import { type Duration, RemovalPolicy, Stack } from 'aws-cdk-lib'
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type BucketProps,
  type CfnBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3'
import type { Construct } from 'constructs'

/**
 * What every Caseline bucket is: private, encrypted (SSE-S3: server access logging and SES deliver
 * only to such buckets, and no key policy needs upkeep), TLS 1.2+ only, without ACLs.
 */
export const privateBucketProps = {
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  encryption: BucketEncryption.S3_MANAGED,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
} satisfies BucketProps

/** A bucket for another bucket's server access logs, kept for `retention` and past a stack deletion. */
export function accessLogsBucket(scope: Construct, id: string, retention: Duration): Bucket {
  return new Bucket(scope, id, {
    ...privateBucketProps,
    lifecycleRules: [{ id: 'expire-access-logs', expiration: retention }],
    removalPolicy: RemovalPolicy.RETAIN,
  })
}

/**
 * Delivers `bucket`'s server access logs to `logs` under `prefix`, by a bucket policy (not the
 * legacy log-delivery ACL, which ACL-less buckets refuse), only from that bucket of this account.
 */
export function deliverAccessLogs(bucket: Bucket, logs: Bucket, prefix: string): void {
  logs.addToResourcePolicy(
    new PolicyStatement({
      principals: [new ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [logs.arnForObjects(`${prefix}*`)],
      conditions: {
        ArnLike: { 'aws:SourceArn': bucket.bucketArn },
        StringEquals: { 'aws:SourceAccount': Stack.of(bucket).account },
      },
    }),
  )
  ;(bucket.node.defaultChild as CfnBucket).loggingConfiguration = {
    destinationBucketName: logs.bucketName,
    logFilePrefix: prefix,
  }
}
