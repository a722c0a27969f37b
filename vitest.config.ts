import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// The AWS SDK warns about Node 20 on every client; the warning is known (Lambda runs Node 22) and only adds noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'

// Each run's local runtimes record every AWS call their functions make into a directory of the run's
// own (local/aws-call-recorder.ts); the iam project checks them against the synthesized policies.
const awsCallLog = {
  AWS_CALL_LOG: fileURLToPath(new URL(`.local/iam/calls/run-${Date.now()}`, import.meta.url)),
}

/**
 * Five projects: fast unit tests, infra tests (CDK templates, no bundling), integration and
 * reliability tests that drive the local runtime over HTTP against DynamoDB Local (started once in
 * globalSetup), and, after all of them, the IAM check of the calls those two recorded (docs/iam.md).
 */
export default defineConfig({
  test: {
    // One worker per core, at least two. Vitest's default leaves a core idle (cores − 1), and on the
    // 2-core CI machine that is a single worker. The integration and reliability files mostly wait
    // on DynamoDB Local and HTTP, so two workers overlap them: the whole suite took 309 s instead
    // of 532 s.
    maxWorkers: Math.max(availableParallelism(), 2),
    reporters: ['default', './test/summary-reporter.ts'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      // Unit tests share no state (fakes are made per test), so one module graph is safe and 4× faster.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false } },
      { extends: true, test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 120_000 } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          env: awsCallLog,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      // Isolation, strict input, fuzzing, concurrency, faults, tokens and uploads, driven from the route
      // table; the figures setup prints the suite's totals after its last file.
      {
        extends: true,
        test: {
          name: 'reliability',
          include: ['test/reliability/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts', 'test/reliability/figures-setup.ts'],
          env: awsCallLog,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      // Last (groupOrder 1): every call the two suites above recorded, against its function's policy.
      {
        extends: true,
        test: {
          name: 'iam',
          include: ['test/iam/**/*.test.ts'],
          globalSetup: ['test/iam/call-log-setup.ts'],
          env: awsCallLog,
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
        },
      },
    ],
  },
})
