import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { BundleReport } from './bundles.ts'
import { median } from './stats.ts'

const run = promisify(execFile)
const probe = fileURLToPath(new URL('./init-probe.mjs', import.meta.url))

/** The settings every function reads at cold start (src/config.ts); no endpoint is ever contacted. */
export const coldStartEnv: Record<string, string> = {
  TABLE_NAME: 'caseline-bench',
  AWS_REGION: 'eu-central-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  CURSOR_SECRET: 'bench-cursor-secret-bench-cursor-secret',
  SCHEDULE_GROUP: 'caseline-bench',
  TIMER_TARGET_ARN: 'arn:aws:lambda:eu-central-1:000000000000:function:caseline-bench-fire-timer',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/caseline-bench-scheduler',
  TIMER_DLQ_ARN: 'arn:aws:sqs:eu-central-1:000000000000:caseline-bench-timer-dead-letters',
  FILES_BUCKET: 'caseline-bench-files',
  AWS_LAMBDA_FUNCTION_NAME: 'caseline-bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
}

export interface ColdInit {
  name: string
  /** Module init: importing the bundle, as the probe inside the process times it. */
  medianMs: number
  /**
   * A whole fresh process, spawn to exit: Node's own start, the import and the exit. Closest to
   * what Lambda reports as Init Duration (the runtime starting, then the module's init).
   */
  processMedianMs: number
  samples: number
  /** Sockets opened during init, over all samples: must be 0. */
  sockets: number
}

async function probeOnce(file: string): Promise<{ initMs: number; processMs: number; sockets: number }> {
  const spawned = performance.now()
  const { stdout } = await run(process.execPath, [probe, file], {
    env: { PATH: process.env.PATH ?? '', ...coldStartEnv },
  })
  const processMs = performance.now() - spawned
  return { ...(JSON.parse(stdout) as { initMs: number; sockets: number }), processMs }
}

/**
 * Module init time of every bundle, `rounds` fresh Node processes each. Rounds interleave the bundles
 * (and the baseline), two processes at a time, so a noisy moment hits all of them alike.
 */
export async function measureColdInit(bundles: BundleReport[], rounds: number): Promise<ColdInit[]> {
  const samples = new Map<string, { times: number[]; processTimes: number[]; sockets: number }>(
    bundles.map((bundle) => [bundle.name, { times: [], processTimes: [], sockets: 0 }]),
  )
  const jobs: BundleReport[] = []
  for (let round = 0; round < rounds; round++) jobs.push(...bundles)
  let next = 0
  async function worker(): Promise<void> {
    while (next < jobs.length) {
      const bundle = jobs[next++] as BundleReport
      const result = await probeOnce(bundle.file)
      const entry = samples.get(bundle.name)
      if (!entry) continue
      entry.times.push(result.initMs)
      entry.processTimes.push(result.processMs)
      entry.sockets += result.sockets
    }
  }
  await Promise.all([worker(), worker()])
  return bundles.map((bundle) => {
    const entry = samples.get(bundle.name) ?? { times: [], processTimes: [], sockets: 0 }
    return {
      name: bundle.name,
      medianMs: median(entry.times),
      processMedianMs: median(entry.processTimes),
      samples: entry.times.length,
      sockets: entry.sockets,
    }
  })
}
