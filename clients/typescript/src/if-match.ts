import { type ApiResult, dataOf, ProblemError } from './problem-error.ts'

/** What a read gives a change: the resource and the `ETag` to send back as `If-Match`. */
export interface Versioned<Resource> {
  value: Resource
  etag: string
}

/** The three steps of a conditional change (README.md: edit with the ETag you read, `If-Match`). */
export interface ReadModifyWrite<Resource, Change, Written> {
  /** Reads the resource; its answer must carry an `ETag`. */
  read: () => Promise<ApiResult<Resource>>
  /** The change to make to what was read; called again with the fresh resource after each 412. */
  modify: (current: Resource) => Change | Promise<Change>
  /** Sends the change with `If-Match: etag`. */
  write: (change: Change, etag: string) => Promise<ApiResult<Written>>
  /** How many writes at most before the 412 is thrown (3 by default). */
  attempts?: number
}

/** Reads a resource and the `ETag` of the version read; a `ProblemError` if it cannot be read. */
export async function readVersioned<Resource>(
  result: Promise<ApiResult<Resource>>,
): Promise<Versioned<Resource>> {
  const answer = await result
  const value = dataOf(answer)
  const etag = answer.response.headers.get('etag')
  if (etag === null) throw new Error(`${answer.response.url} answered without an ETag`)
  return { value, etag }
}

/**
 * A read-modify-write that survives concurrent changes: when the write is refused with 412 (someone
 * changed the resource since it was read) it reads again, applies `modify` to the fresh version and
 * sends again, at most `attempts` times. Any other error answer, and the last 412, throw a
 * `ProblemError`. Resolves to the written resource.
 */
export async function updateWithRetry<Resource, Change, Written>(
  steps: ReadModifyWrite<Resource, Change, Written>,
): Promise<Written> {
  const attempts = steps.attempts ?? 3
  for (let attempt = 1; ; attempt++) {
    const { value, etag } = await readVersioned(steps.read())
    const change = await steps.modify(value)
    try {
      return dataOf(await steps.write(change, etag))
    } catch (error) {
      const preconditionFailed = error instanceof ProblemError && error.status === 412
      if (!preconditionFailed || attempt >= attempts) throw error
    }
  }
}
