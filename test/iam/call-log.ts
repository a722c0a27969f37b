import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { RecordedCall } from '#local/aws-call-recorder.ts'

/** Every `<pid>.jsonl` of one run's call log directory, parsed. */
export function readCallLog(directory: string): RecordedCall[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.jsonl'))
    .flatMap((name) => readFileSync(join(directory, name), 'utf8').split('\n'))
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as RecordedCall)
}

/**
 * The newest run's directory beside `directory` (the runs are named `run-<start time>`), for a
 * check run on its own after a full run.
 */
export function latestRecordedRun(directory: string): string | undefined {
  const root = dirname(directory)
  if (!existsSync(root)) return undefined
  const runs = readdirSync(root)
    .filter((name) => name.startsWith('run-'))
    .sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)))
  const latest = runs.at(-1)
  return latest ? join(root, latest) : undefined
}

/** Removes every run's directory but `keep`, so the call logs do not pile up. */
export function removeOtherRuns(keep: string): void {
  const root = dirname(keep)
  for (const name of readdirSync(root)) {
    if (name.startsWith('run-') && join(root, name) !== keep)
      rmSync(join(root, name), { recursive: true, force: true })
  }
}
