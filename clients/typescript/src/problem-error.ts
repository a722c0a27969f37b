import type { components } from './schema.ts'

/** An RFC 9457 problem document, as the API answers every error (README.md, "Try it with curl"). */
export type Problem = components['schemas']['Problem']

/** One field of a 400's `errors`: a JSON `pointer` into the body, a `parameter` or a `header`. */
export type ProblemFieldError = NonNullable<Problem['errors']>[number]

/**
 * An error answer of the API, thrown by the client's helpers: `status` and the problem document,
 * so a form can show `fieldErrors` next to the fields they point at.
 */
export class ProblemError extends Error {
  override readonly name = 'ProblemError'
  readonly status: number
  readonly problem: Problem
  /** The answer itself, for its headers. */
  readonly response: Response | undefined

  constructor(problem: Problem, response?: Response) {
    super(`${problem.status} ${problem.title}: ${problem.detail}`)
    this.status = problem.status
    this.problem = problem
    this.response = response
  }

  /** The per-field errors of a 400 (empty otherwise). */
  get fieldErrors(): ProblemFieldError[] {
    return this.problem.errors ?? []
  }
}

/** What an openapi-fetch call resolves to: the body on success, the parsed error body otherwise. */
export interface ApiResult<Data> {
  data?: Data
  error?: unknown
  response: Response
}

const isProblem = (value: unknown): value is Problem =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Problem).status === 'number' &&
  typeof (value as Problem).title === 'string'

/**
 * The body of a successful answer, or a `ProblemError` for an error answer. An error body that is
 * not a problem document (a proxy's HTML page, say) still becomes one, built from the status.
 */
export function dataOf<Data>(result: ApiResult<Data>): Data {
  const { response } = result
  if (response.ok) return result.data as Data
  const problem: Problem = isProblem(result.error)
    ? result.error
    : {
        type: 'about:blank',
        title: response.statusText || 'Error',
        status: response.status,
        detail: typeof result.error === 'string' ? result.error : `HTTP ${response.status}`,
      }
  throw new ProblemError(problem, response)
}
