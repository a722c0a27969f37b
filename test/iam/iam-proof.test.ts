import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { envVar } from '#src/environment.ts'
import { latestRecordedRun, readCallLog, removeOtherRuns } from './call-log.ts'
import { localStagePolicies } from './function-policies.ts'
import { checkCalls, grantSummary, reportMarkdown } from './iam-check.ts'

// This run's call log (vitest.config.ts); run alone (`--project iam`), the check reads the last run's.
const thisRun = process.env[envVar.awsCallLog] as string
const recordedRun = inject('recordsCallsThisRun') ? thisRun : latestRecordedRun(thisRun)
const reportDirectory = join(thisRun, '..', '..')

describe('IAM, proven by the tests (docs/iam.md)', () => {
  const runExists = recordedRun !== undefined && existsSync(recordedRun)
  const calls = runExists ? readCallLog(recordedRun) : []
  const check = checkCalls(localStagePolicies(), calls)

  afterAll(() => {
    if (!runExists) return
    mkdirSync(reportDirectory, { recursive: true })
    writeFileSync(join(reportDirectory, 'report.md'), reportMarkdown(check, recordedRun))
    writeFileSync(
      join(reportDirectory, 'report.json'),
      JSON.stringify({ ...check, ...grantSummary(check) }, null, 2),
    )
    removeOtherRuns(recordedRun)
    const { unused } = grantSummary(check)
    const called = check.functions.filter((fn) => fn.calls > 0).length
    console.log(
      `iam: ${check.calls} AWS calls of ${called}/${check.functions.length} functions checked, ${check.denials.length} denied; ` +
        `${unused.length} grants no test exercised; report: ${join(reportDirectory, 'report.md')}`,
    )
  })

  it('has the calls the integration and reliability suites recorded', () => {
    expect(
      runExists,
      `no call log at ${recordedRun ?? thisRun}: run npm test, or check the last run's with npx vitest run --project iam`,
    ).toBe(true)
    expect(calls.length).toBeGreaterThan(0)
  })

  it('attributes every call to a function the app deploys', () => {
    expect(check.unknownHandlers.map((handler) => `functions/${handler}.ts`)).toEqual([])
  })

  it("allows every call by the policy cdk synth gives the calling function's role", () => {
    // One line per function, call and action: the first resource denied, and how many others were.
    const denied = new Map<string, Set<string>>()
    for (const denial of check.denials) {
      const key = `${denial.function}: ${denial.call} needs ${denial.action}`
      denied.set(key, (denied.get(key) ?? new Set()).add(denial.resource))
    }
    const lines = [...denied].map(([key, resources]) => {
      const [first] = resources
      return `${key} on ${first}${resources.size > 1 ? ` (and ${resources.size - 1} more)` : ''}`
    })

    expect(lines).toEqual([])
  })
})
