import { Validations } from 'aws-cdk-lib'
import type { IConstruct } from 'constructs'

/**
 * Every cdk-nag finding Caseline acknowledges, with its reason, in one reviewable place.
 *
 * cdk-nag 3 reads CDK's own `Validations.of(construct).acknowledge()` (the v2 `NagSuppressions`
 * API is gone); a finding of a granular rule is acknowledged as `RuleId[Finding]`, which replaces
 * v2's `appliesTo`. Each helper acknowledges on the one resource concerned, never on a stack.
 */

/** cdk-nag 2 refused shorter reasons; we keep the rule so a reason always explains something. */
export const minimumReasonLength = 10

function acknowledge(scope: IConstruct, id: string, reason: string): void {
  if (reason.trim().length < minimumReasonLength) {
    throw new Error(
      `Acknowledgement of ${id} on ${scope.node.path} needs a reason of at least ${minimumReasonLength} characters`,
    )
  }
  Validations.of(scope).acknowledge({ id, reason })
}

/** The Lambda runtime is pinned on purpose (see `AppFunction`). */
export function acknowledgePinnedRuntime(cfnFunction: IConstruct): void {
  acknowledge(
    cfnFunction,
    'AwsSolutions-L1',
    'Caseline pins nodejs22.x (an LTS line supported by Lambda into 2027) so bundles, tests and the runtime agree; moving to a newer runtime is a deliberate, tested upgrade, not a side effect of a CDK release.',
  )
}

/** X-Ray's write actions have no resource-level permissions, so `tracing` needs `Resource::*`. */
export function acknowledgeXrayWildcard(rolePolicy: IConstruct): void {
  acknowledge(
    rolePolicy,
    'AwsSolutions-IAM5[Resource::*]',
    'Only the X-Ray statement added by active tracing uses "*": xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions.',
  )
}

/**
 * Timers are schedules named after their case (`case-<caseId>-<kind>`), created at run time, so the
 * functions that set them are allowed the schedules of the stage's group, `schedule/<group>/*`.
 */
export function acknowledgeScheduleGroupWildcard(role: IConstruct, scheduleGroupName: string): void {
  acknowledge(
    role,
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${scheduleGroupName}/*]`,
    "Timer schedules are created at run time, one per case and kind, so their names are unknown at deploy time; the grant covers only the schedules of this stage's group and only the four actions the timer adapter uses.",
  )
}

/** A route that API Gateway must not authenticate: the catch-all 404 or a route the table marks public. */
export function acknowledgePublicRoute(cfnRoute: IConstruct, why: string): void {
  acknowledge(cfnRoute, 'AwsSolutions-APIG4', why)
}

/** Optional (not required) MFA on the user pool. */
export function acknowledgeOptionalMfa(cfnUserPool: IConstruct): void {
  acknowledge(
    cfnUserPool,
    'AwsSolutions-COG2',
    'MFA is optional: contacts are registered by their customer admin and many sign in rarely to file a case; TOTP is offered to every user, and threat protection (Plus plan, on by default) watches sign-ins for compromised credentials and risk.',
  )
}

/** The user pool runs without the Plus plan because the operator turned threat protection off. */
export function acknowledgeEssentialsPlan(cfnUserPool: IConstruct): void {
  acknowledge(
    cfnUserPool,
    'AwsSolutions-COG8',
    'The operator disabled threat protection with the "threatProtection" context flag (e.g. for a development stage); the Plus plan is billed per monthly active user.',
  )
}

/** The cursor-signing key is not rotated automatically. */
export function acknowledgeCursorSecretRotation(cfnSecret: IConstruct): void {
  acknowledge(
    cfnSecret,
    'AwsSolutions-SMG4',
    'The secret is the HMAC key that signs pagination cursors, not a credential to another system; rotating it invalidates outstanding cursors, so automatic rotation waits until the cursor codec verifies with the previous key too.',
  )
}

/**
 * Case-file objects are created at run time, one per upload, under `uploads/` and `files/`, so a
 * function that handles them is allowed the objects of that area of the one bucket.
 */
export function acknowledgeFileObjectWildcards(
  role: IConstruct,
  resolvedBucketArn: unknown,
  prefixes: readonly string[],
): void {
  const bucketArn = findingLabel(resolvedBucketArn)
  for (const prefix of prefixes) {
    acknowledge(
      role,
      `AwsSolutions-IAM5[Resource::${bucketArn}/${prefix}*]`,
      `Case-file objects are keyed by ids created at run time (${prefix}<accountId>/<caseId>/<fileId>), so their names are unknown at deploy time; the grant covers only the ${prefix} area of the case-files bucket and only the actions this function uses.`,
    )
  }
}

/** How cdk-nag spells a resolved reference in a finding: an import by its export name, an attribute as `<Id.Attr>`. */
function findingLabel(resolved: unknown): string {
  if (typeof resolved === 'string') return resolved
  const reference = resolved as { 'Fn::ImportValue'?: unknown; 'Fn::GetAtt'?: unknown }
  if (typeof reference['Fn::ImportValue'] === 'string') return reference['Fn::ImportValue']
  const getAtt = reference['Fn::GetAtt']
  if (Array.isArray(getAtt) && getAtt.length === 2) return `<${getAtt[0]}.${getAtt[1]}>`
  throw new Error(`Cannot name ${JSON.stringify(resolved)} as cdk-nag does in a finding`)
}

/** A queue that is an on-failure destination is a DLQ, though cdk-nag sees no `deadLetterQueue` pointing at it. */
export function acknowledgeOnFailureDestination(queue: IConstruct, of: string): void {
  acknowledge(
    queue,
    'AwsSolutions-SQS3',
    `This queue is the on-failure destination of ${of}: it is itself the dead-letter queue (alarmed, 14 days retention), so it has none of its own.`,
  )
}

/** SES stores received mail under `<prefix><SES message id>`, an id known only at run time. */
export function acknowledgeInboundMailObjects(
  role: IConstruct,
  bucketLogicalId: string,
  prefix: string,
): void {
  acknowledge(
    role,
    `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/${prefix}*]`,
    `Received messages are stored by SES under ${prefix}<SES message id>, an id known only at run time; the mail-in function may only read (GetObject) objects of that prefix of the inbound-mail bucket.`,
  )
}

/** The erasing function deletes raw messages by their SES message ids, known only at run time. */
export function acknowledgeInboundMailDeletion(
  role: IConstruct,
  resolvedBucketArn: unknown,
  prefix: string,
): void {
  acknowledge(
    role,
    `AwsSolutions-IAM5[Resource::${findingLabel(resolvedBucketArn)}/${prefix}*]`,
    `Received messages are stored by SES under ${prefix}<SES message id>, an id known only at run time; the function erasing a person may only delete (DeleteObject) objects of that prefix of the inbound-mail bucket.`,
  )
}

/** `dynamodb:ListStreams` has no resource-level permissions; the stream event source mapping needs it on "*". */
export function acknowledgeListStreamsWildcard(role: IConstruct): void {
  acknowledge(
    role,
    'AwsSolutions-IAM5[Resource::*]',
    'The only "*" statement of the event handler is dynamodb:ListStreams, added by the stream event source mapping: the action does not support resource-level permissions (reading the stream itself is granted on the table stream ARN only).',
  )
}
