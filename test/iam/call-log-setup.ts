import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Whether this run also runs the suites that record the calls (else: check the last run's). */
    recordsCallsThisRun: boolean
  }
}

/** The projects whose local runtime records each function's AWS calls (vitest.config.ts). */
const recordingProjects = ['integration', 'reliability']

/** Tells the IAM check whether this run records calls, or whether it runs alone on an earlier run's. */
export default function setup(project: TestProject) {
  const names = project.vitest.projects.map((each) => each.name)
  project.provide(
    'recordsCallsThisRun',
    names.some((name) => recordingProjects.includes(name)),
  )
}
