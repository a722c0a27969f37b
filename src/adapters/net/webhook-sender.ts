import http from 'node:http'
import https from 'node:https'
import type { LookupFunction } from 'node:net'
import { performance } from 'node:perf_hooks'
import { addressRule, parseWebhookUrl } from '#src/domain/webhook-url.ts'
import { deliveryTimeoutMs, keptResponseBytes } from '#src/domain/webhooks.ts'
import type { SendOutcome, WebhookSender } from '#src/use-cases/ports/webhooks.ts'
import { checkedLookup, refusedAddressCode } from './webhook-url-guard.ts'

export interface WebhookSenderOptions {
  /** Only the local runtime: plain http to, and connections to, loopback receivers. */
  allowLoopback: boolean
  /** How long a receiver gets for its whole answer; `deliveryTimeoutMs` unless a test shortens it. */
  timeoutMs?: number
  /** The resolver the socket connects through; `checkedLookup` unless a test hands in its own. */
  lookup?: LookupFunction
}

/** Why an attempt got no answer, in words the deliveries list shows the subscriber. */
function failureText(error: unknown, timeoutMs: number): string {
  const failure = error as NodeJS.ErrnoException
  if (failure?.name === 'TimeoutError' || failure?.name === 'AbortError')
    return `No answer within ${timeoutMs / 1000} s`
  if (failure?.code === refusedAddressCode) return `Address refused: ${failure.message}`
  if (failure?.code === 'ENOTFOUND' || failure?.code === 'EAI_AGAIN')
    return `The host could not be resolved (${failure.code})`
  const code = failure?.code ? `${failure.code}: ` : ''
  return `Connection failed: ${code}${failure?.message ?? String(error)}`
}

/**
 * POSTs deliveries (docs/integrations.md, deliveries and retries; the URL rules there):
 * - the URL is checked again (https, or http to loopback only locally), a literal address at once,
 *   a host name as it resolves: the socket connects through `checkedLookup`, to the very address
 *   that was checked, so DNS rebinding cannot point it at a private one;
 * - redirects are never followed (a 3xx is the answer, and a failure);
 * - the whole exchange gets `deliveryTimeoutMs`, then the request is aborted;
 * - at most `keptResponseBytes` of the answer are read, then the connection is closed, so a
 *   receiver cannot make an attempt read (or keep) more;
 * - a fresh connection per attempt (no agent): nothing of one receiver's connection outlives it.
 */
export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const timeoutMs = options.timeoutMs ?? deliveryTimeoutMs
  const lookup = options.lookup ?? checkedLookup(options.allowLoopback)
  const urlRules = { allowLoopback: options.allowLoopback }

  return {
    async post(url, headers, body) {
      const started = performance.now()
      const elapsed = () => Math.round(performance.now() - started)
      let target: ReturnType<typeof parseWebhookUrl>
      try {
        target = parseWebhookUrl(url, urlRules)
      } catch (error) {
        return { kind: 'failed', error: (error as Error).message, latencyMs: elapsed() }
      }
      // Node resolves nothing for a literal address, so `lookup` would not see it: check it here.
      const refused = target.isAddress ? addressRule(target.host, urlRules) : undefined
      if (refused) return { kind: 'failed', error: `Address refused: ${refused}`, latencyMs: elapsed() }

      const transport = target.url.protocol === 'http:' ? http : https
      const signal = AbortSignal.timeout(timeoutMs)
      return new Promise<SendOutcome>((resolve) => {
        let settled = false
        const settle = (outcome: SendOutcome) => {
          if (settled) return
          settled = true
          request.destroy()
          resolve(outcome)
        }
        const fail = (error: unknown) =>
          settle({ kind: 'failed', error: failureText(error, timeoutMs), latencyMs: elapsed() })

        const request = transport.request(
          target.url,
          {
            method: 'POST',
            headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
            lookup,
            agent: false,
            signal,
          },
          (response) => {
            const chunks: Buffer[] = []
            let kept = 0
            const answered = () =>
              settle({
                kind: 'answered',
                status: response.statusCode ?? 0,
                latencyMs: elapsed(),
                body: Buffer.concat(chunks).subarray(0, keptResponseBytes).toString('utf8'),
              })
            response.on('data', (chunk: Buffer) => {
              chunks.push(chunk)
              kept += chunk.length
              if (kept >= keptResponseBytes) answered()
            })
            response.on('end', answered)
            response.on('error', fail)
            response.on('aborted', () => fail(signal.reason ?? new Error('The answer was cut off')))
          },
        )
        request.on('error', fail)
        request.end(body)
      })
    },
  }
}
