import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { App, Stack, Validations } from 'aws-cdk-lib'
import { Annotations, Match } from 'aws-cdk-lib/assertions'
import { Queue } from 'aws-cdk-lib/aws-sqs'
import { AwsSolutionsChecks } from 'cdk-nag'
import type { IConstruct } from 'constructs'
import { describe, expect, it } from 'vitest'
import { addCaselineStacks, addComplianceChecks } from '#lib/caseline-app.ts'
import { minimumReasonLength } from '#lib/constructs/nag-suppressions.ts'
import { readSettings } from '#lib/settings.ts'
import { buildCaselineApp, testApp } from './caseline-app.ts'

interface ValidationReport {
  pluginReports: {
    pluginName: string
    violations: { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] }[]
  }[]
}

interface Acknowledgement {
  path: string
  ruleId: string
  reason: string
}

/** Every acknowledgement recorded with `Validations.of(...).acknowledge()` anywhere in the tree. */
function acknowledgementsIn(root: IConstruct): Acknowledgement[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          ruleId: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  )
}

// The app as deployed: synthesis runs the AWS Solutions checks (and CDK's own template checks).
// Any unacknowledged finding, even a warning, makes synth throw its report; keep it for the first test.
const { app, stateful, stateless, routeStacks } = buildCaselineApp({ complianceChecks: true })
const synthesized = (() => {
  try {
    return { directory: app.synth().directory }
  } catch (error) {
    return { error }
  }
})()
const acknowledgements = acknowledgementsIn(app)

describe('compliance (cdk-nag AWS Solutions)', () => {
  it('synthesizes without any unacknowledged error or warning', () => {
    if ('error' in synthesized) throw synthesized.error
    const report = JSON.parse(
      readFileSync(join(synthesized.directory, 'validation-report.json'), 'utf8'),
    ) as ValidationReport

    const findings = report.pluginReports.flatMap((plugin) =>
      plugin.violations.map(
        (v) =>
          `${plugin.pluginName} ${v.severity} ${v.ruleName} at ${v.violatingConstructs.map((c) => c.constructPath).join(', ')}`,
      ),
    )

    expect(findings).toEqual([])
  })

  it('leaves no CDK warning or error on any stack', () => {
    for (const stack of [stateful, stateless, ...routeStacks]) {
      const annotations = Annotations.fromStack(stack)
      const messages = [
        ...annotations.findWarning('*', Match.anyValue()),
        ...annotations.findError('*', Match.anyValue()),
      ]

      expect(messages.map((m) => `${m.id}: ${JSON.stringify(m.entry.data)}`)).toEqual([])
    }
  })

  it('acknowledges only AWS Solutions rules, each with a reason', () => {
    expect(acknowledgements.length).toBeGreaterThan(0)
    for (const { path, ruleId, reason } of acknowledgements) {
      expect(ruleId, path).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/)
      expect(reason.trim().length, `${ruleId} at ${path}`).toBeGreaterThanOrEqual(minimumReasonLength)
    }
  })

  it('acknowledges only findings that exist, on the resource that has them', () => {
    // Arrange: the same checks, with acknowledgements ignored, list every raw finding.
    const rawChecks = new AwsSolutionsChecks()
    Object.defineProperty(rawChecks, 'isAcknowledged', { value: () => false })

    // Act
    const raw = rawChecks
      .validateScope(app)
      .violations.flatMap((v) =>
        v.violatingResources.map((resource) => ({ ruleId: v.ruleName, path: resource.constructPath ?? '' })),
      )

    // Assert: every finding is acknowledged, and every acknowledgement covers a finding below it.
    for (const finding of raw) {
      const covered = acknowledgements.some(
        (a) => a.ruleId === finding.ruleId && isAtOrBelow(finding.path, a.path),
      )
      expect(covered, `${finding.ruleId} at ${finding.path}`).toBe(true)
    }
    for (const a of acknowledgements) {
      const used = raw.some((finding) => finding.ruleId === a.ruleId && isAtOrBelow(finding.path, a.path))
      expect(used, `stale acknowledgement ${a.ruleId} at ${a.path}`).toBe(true)
    }
  })

  it('acknowledges a known, reviewed set of rules', () => {
    const ruleIds = [...new Set(acknowledgements.map((a) => a.ruleId))].sort()

    // A new kind of acknowledgement needs a deliberate change here (and a reason in nag-suppressions.ts).
    expect(ruleIds).toEqual([
      'AwsSolutions-APIG4',
      'AwsSolutions-COG2',
      // dynamodb:ListStreams (the stream event source mapping) has no resource-level permissions.
      'AwsSolutions-IAM5[Resource::*]',
      // SES stores received mail under inbound/<message id>: mail-in reads that prefix only.
      'AwsSolutions-IAM5[Resource::<InboundMailBucket6432EECF.Arn>/inbound/*]',
      // Case-file objects are keyed by run-time ids: each file function may use its area of the bucket.
      'AwsSolutions-IAM5[Resource::Caseline-Stateful-FilesBucketArn/files/*]',
      'AwsSolutions-IAM5[Resource::Caseline-Stateful-FilesBucketArn/uploads/*]',
      'AwsSolutions-IAM5[Resource::Caseline-Stateless-InboundMailBucketArn/inbound/*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/caseline-timers/*]',
      'AwsSolutions-L1',
      'AwsSolutions-SMG4',
      // The table stream's on-failure destination is a dead-letter queue itself.
      'AwsSolutions-SQS3',
    ])
  })

  it('stays clean with tracing on and threat protection off', () => {
    // Arrange: both flags add a finding that has to be acknowledged (X-Ray "*", no Plus plan).
    const variant = testApp({ tracing: 'true', threatProtection: 'false' })
    addCaselineStacks(variant, readSettings(variant.node))
    addComplianceChecks(variant)

    // Act / Assert
    expect(() => variant.synth()).not.toThrow()
  })

  it('fails the synth on an unacknowledged error', () => {
    // Arrange: a queue without dead-letter queue and TLS enforcement breaks AWS Solutions rules.
    const other = new App({ builtinCloudFormationValidation: false })
    new Queue(new Stack(other, 'Careless'), 'Queue')
    addComplianceChecks(other)

    // Act / Assert
    expect(() => other.synth()).toThrow(/AwsSolutions-SQS/)
  })
})

function isAtOrBelow(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}/`)
}
