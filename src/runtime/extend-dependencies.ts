import type { AppDependencies } from './dependencies.ts'

/** How to build each added member from the dependencies it extends. */
export type DependencyBuilders<T, A> = { [K in keyof A]: (deps: T) => A[K] }

/**
 * `deps` with more members, each built on first read and then kept for the process: how functions
 * add the adapters only they need (S3, Cognito, Scheduler, SES) without every bundle carrying their
 * SDK clients (docs/performance.md). The extended object reads everything else from `deps`, so
 * extensions stack: `withFileStore(withMail(dependencies()))`.
 */
export function extendDependencies<T extends AppDependencies, A extends object>(
  deps: T,
  builders: DependencyBuilders<T, A>,
): T & Readonly<A> {
  // A prototype link, not a copy: the members of `deps` (lazy ones included) are read where they live.
  const extended = Object.create(deps) as T & Readonly<A>
  for (const name of Object.keys(builders) as (keyof A & string)[]) {
    let value: A[typeof name] | undefined
    let built = false
    Object.defineProperty(extended, name, {
      get: () => {
        if (!built) {
          value = builders[name](deps)
          built = true
        }
        return value
      },
      enumerable: true,
    })
  }
  return extended
}
