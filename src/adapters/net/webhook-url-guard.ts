import { promises as dns, lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns'
import type { LookupFunction } from 'node:net'
import {
  addressRule,
  parseWebhookUrl,
  refusedWebhookUrl,
  type WebhookUrlOptions,
} from '#src/domain/webhook-url.ts'
import type { WebhookUrlGuard } from '#src/use-cases/ports/webhooks.ts'

/** Resolves a host name to every address it has, as `dns.promises.lookup(host, { all: true })` does. */
export type ResolveAll = (hostname: string, options: LookupAllOptions) => Promise<LookupAddress[]>

export interface WebhookUrlGuardOptions extends WebhookUrlOptions {
  /** The resolver; tests hand in their own answers. */
  lookup?: ResolveAll
}

/**
 * The check of a webhook URL when a subscription is created or its URL changed (the rules:
 * src/domain/webhook-url.ts): https, no credentials, and a host whose every address is public.
 * A name is resolved with the system resolver, as the connection will be; one private address
 * among public ones refuses the URL, because any of them may be the one connected to.
 */
export function createWebhookUrlGuard(options: WebhookUrlGuardOptions): WebhookUrlGuard {
  const resolveAll = options.lookup ?? dns.lookup
  return {
    async check(url) {
      const target = parseWebhookUrl(url, options)
      const addresses = target.isAddress ? [target.host] : await resolve(target.host)
      for (const address of addresses) {
        const rule = addressRule(address, options)
        if (!rule) continue
        throw refusedWebhookUrl(
          target.isAddress
            ? `its host is not a public address (${rule})`
            : `its host ${target.host} resolves to an address that is not public (${rule})`,
        )
      }
    },
  }

  async function resolve(host: string): Promise<string[]> {
    let found: LookupAddress[]
    try {
      found = await resolveAll(host, { all: true })
    } catch {
      found = []
    }
    if (found.length === 0) throw refusedWebhookUrl(`the host ${host} does not resolve`)
    return found.map((entry) => entry.address)
  }
}

/** The `code` of the error a connection gets when its host resolved to an address that is refused. */
export const refusedAddressCode = 'ERR_WEBHOOK_ADDRESS_REFUSED'

/** The callback-style resolver `checkedLookup` wraps (`dns.lookup`). */
export type CallbackLookup = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void

/**
 * A `lookup` for `https.request` (and `net.connect`) that resolves the host and refuses to connect
 * unless every address is public (src/domain/webhook-url.ts, rule 3). The socket connects to the
 * address checked here, so a name that resolved to a public address when the subscription was
 * saved and to a private one now (DNS rebinding) fails with `refusedAddressCode`. Node does not
 * call `lookup` for an IP-address host: check such a URL with the guard before connecting.
 */
export function checkedLookup(allowLoopback: boolean, resolve: CallbackLookup = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '')
      const refused = addresses
        .map((entry) => addressRule(entry.address, { allowLoopback }))
        .find((rule) => rule !== undefined)
      const first = addresses[0]
      if (refused || !first) {
        const failure: NodeJS.ErrnoException = new Error(
          refused
            ? `${hostname} resolves to an address that is not public (${refused}); webhooks go to public addresses only`
            : `${hostname} does not resolve`,
        )
        failure.code = refused ? refusedAddressCode : 'ENOTFOUND'
        return callback(failure, '')
      }
      // Node asks for every address when it races them (autoSelectFamily), else for one.
      if (options.all) return callback(null, addresses)
      callback(null, first.address, first.family)
    })
  }
}
