/** How to build each member of a use case's dependencies. */
export type DependencyBuilders<A> = { readonly [K in keyof A]: () => A[K] }

/**
 * A use case's `deps`, each member built on first read and then kept for the process. Entries
 * declare theirs at module scope from the runtime's builders (`caseStore`, `slaSettings`, `clock`,
 * …), so a bundle carries only the adapters its use case reads (docs/performance.md), and nothing
 * is built, no setting read and no AWS client created during init: a missing variable fails the
 * first request that needs it, naming the variable. A builder that throws is tried again on the
 * next read.
 */
export function lazyDependencies<A extends object>(builders: DependencyBuilders<A>): Readonly<A> {
  const deps = {} as A
  for (const name of Object.keys(builders) as (keyof A & string)[]) {
    let value: A[typeof name] | undefined
    let built = false
    Object.defineProperty(deps, name, {
      get: () => {
        if (!built) {
          value = builders[name]()
          built = true
        }
        return value
      },
      enumerable: true,
    })
  }
  return deps
}
