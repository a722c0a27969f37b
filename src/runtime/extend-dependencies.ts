import type { AppDependencies } from './dependencies.ts'

/**
 * `deps` with one more member, built on first read and then kept for the process: how functions
 * add the adapters only they need (S3, Cognito, Scheduler) without every bundle carrying their SDK
 * clients (docs/performance.md). The extended object reads everything else from `deps`.
 */
export function extendDependencies<T extends AppDependencies, K extends string, V>(
  deps: T,
  name: K,
  build: (deps: T) => V,
): T & { readonly [key in K]: V } {
  let value: V | undefined
  const extended = Object.create(deps) as T
  Object.defineProperty(extended, name, {
    get: () => {
      value ??= build(deps)
      return value
    },
    enumerable: true,
  })
  return extended as T & { readonly [key in K]: V }
}
