import { type ApiResult, dataOf } from './problem-error.ts'

/** How often and how patiently a creating call is retried. */
export interface IdempotentCallOptions {
  /** Sends at most this many times (3 by default). */
  attempts?: number
  /** Milliseconds before the first retry, doubled for each next one (200 by default). */
  delayMs?: number
  /** The key to send; a fresh UUID by default. Pass one to resume a call across a reload of the page. */
  key?: string
}

/**
 * Answers worth sending again with the same key: 409 (the first request with this key is still
 * being processed), 429 (rate limit) and 5xx. Everything else is final: a retry would get it back.
 */
const isRetryableStatus = (status: number) => status === 409 || status === 429 || status >= 500

/**
 * Sends a creating request (`POST` of a case, comment, file, …) with an `Idempotency-Key` and
 * retries it with the same key after a network error or a retryable answer, so a request whose
 * answer was lost creates nothing twice: the API answers a repeated key with the first response
 * (README.md, the paragraph on `Idempotency-Key`). `send` gets the key to put in the header;
 * resolves to the body or throws a `ProblemError`.
 *
 * @example
 * const created = await idempotent((key) =>
 *   client.POST('/v1/cases', { params: { header: { 'Idempotency-Key': key } }, body }))
 */
export async function idempotent<Data>(
  send: (idempotencyKey: string) => Promise<ApiResult<Data>>,
  options: IdempotentCallOptions = {},
): Promise<Data> {
  const key = options.key ?? crypto.randomUUID()
  const attempts = options.attempts ?? 3
  const delayMs = options.delayMs ?? 200
  for (let attempt = 1; ; attempt++) {
    const isLast = attempt >= attempts
    let result: ApiResult<Data>
    try {
      result = await send(key)
    } catch (networkError) {
      if (isLast) throw networkError
      await sleep(delayMs * 2 ** (attempt - 1))
      continue
    }
    if (isLast || !isRetryableStatus(result.response.status)) return dataOf(result)
    await sleep(delayMs * 2 ** (attempt - 1))
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
