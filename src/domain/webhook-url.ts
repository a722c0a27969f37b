import ipaddr from 'ipaddr.js'
import { ValidationError } from './errors.ts'

/**
 * Which URLs may receive webhooks (docs/integrations.md, "Which URLs are accepted"): Caseline POSTs
 * to them from inside the operator's network, so a URL must never reach anything but the public
 * internet (no SSRF). The rules, each refused with a 400 naming it:
 *
 * 1. The URL is absolute and `https:`. Plain `http:` only where loopback receivers are allowed (the
 *    local runtime) and only to a loopback host: `localhost`, 127.0.0.0/8 or `[::1]`.
 * 2. No user name or password (`https://user:pass@…`) and no fragment (`#…`).
 * 3. Every address the host stands for (the literal address, or every address its name resolves
 *    to) is a public unicast address. Refused: private (10/8, 172.16/12, 192.168/16), loopback
 *    (127/8, ::1; allowed only locally), link-local (169.254/16 with the instance metadata address
 *    169.254.169.254, fe80::/10), multicast, unspecified (0.0.0.0/8, ::), broadcast, carrier-grade
 *    NAT (100.64/10), unique-local (fc00::/7), reserved and every other special-purpose range.
 * 4. An IPv4 address carried inside an IPv6 one (IPv4-mapped `::ffff:a.b.c.d`, IPv4-translated,
 *    NAT64 `64:ff9b::/96`, 6to4 `2002::/16`, Teredo) is judged by the IPv4 address it carries,
 *    because that is where the packets end up.
 *
 * Rule 3 is checked twice: when a subscription is saved (`WebhookUrlGuard`), and again at every
 * connection (`checkedLookup`), so a name that resolves differently later (DNS rebinding) is refused.
 */
export interface WebhookUrlOptions {
  /** Only the local runtime: plain `http` to, and connections to, loopback addresses. */
  allowLoopback: boolean
}

/** A webhook URL that passed rules 1 and 2: what remains is to check the addresses of its host. */
export interface WebhookTarget {
  url: URL
  /** The host as DNS and sockets take it: no brackets around an IPv6 address, no trailing dot. */
  host: string
  /** The host is an IP address: check it as it is, resolve nothing. */
  isAddress: boolean
}

/** The 400 for a refused URL: the detail names the rule, the pointer the body's `url`. */
export function refusedWebhookUrl(rule: string): ValidationError {
  return new ValidationError(`The webhook URL is not accepted: ${rule}.`, [{ pointer: '/url', detail: rule }])
}

const loopbackHostnames = new Set(['localhost'])

function isIpAddress(host: string): boolean {
  // The URL parser already wrote every IPv4 form (`2130706433`, `0x7f.1`) as four decimal parts.
  return ipaddr.IPv4.isValidFourPartDecimal(host) || ipaddr.IPv6.isValid(host)
}

function isLoopbackHost(host: string, isAddress: boolean): boolean {
  if (!isAddress) return loopbackHostnames.has(host.toLowerCase())
  return ipaddr.process(host).range() === 'loopback'
}

/**
 * Checks rules 1 and 2 of a webhook URL (see the module's rules) and finds its host; throws the
 * 400 naming the rule broken. The addresses are checked by `addressRule`.
 */
export function parseWebhookUrl(url: string, options: WebhookUrlOptions): WebhookTarget {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw refusedWebhookUrl('it must be an absolute URL such as https://hooks.example.com/caseline')
  }
  if (parsed.username || parsed.password) {
    throw refusedWebhookUrl('it must not carry a user name or password (user:pass@)')
  }
  // `new URL('https://a/#').hash` is empty: look for the mark itself.
  if (url.includes('#')) throw refusedWebhookUrl('it must not have a fragment (#…)')
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '')
  if (!host) throw refusedWebhookUrl('it must name a host')
  const isAddress = isIpAddress(host)

  if (parsed.protocol === 'http:') {
    if (!options.allowLoopback) throw refusedWebhookUrl('it must use https (plain http is not accepted)')
    if (!isLoopbackHost(host, isAddress)) {
      throw refusedWebhookUrl(
        'it must use https (plain http is accepted only to a loopback host: localhost, 127.0.0.0/8, [::1])',
      )
    }
  } else if (parsed.protocol !== 'https:') {
    throw refusedWebhookUrl(`it must use https, not ${parsed.protocol.replace(/:$/, '')}`)
  }
  return { url: parsed, host, isAddress }
}

/** How a refused range is named in the 400 (ipaddr.js range names); anything else not unicast is "special-purpose". */
const rangeNames: Record<string, string> = {
  private: 'private address',
  loopback: 'loopback address',
  linkLocal: 'link-local address',
  multicast: 'multicast address',
  unspecified: 'unspecified address',
  broadcast: 'broadcast address',
  carrierGradeNat: 'carrier-grade NAT address',
  uniqueLocal: 'unique-local address',
  reserved: 'reserved address',
}

/** The cloud's instance metadata service: the classic SSRF target, named so the 400 says why. */
const instanceMetadataAddress = '169.254.169.254'

const nat64 = ipaddr.IPv6.parseCIDR('64:ff9b::/96')

function ipv4Of(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff])
}

/**
 * The IPv4 address an IPv6 address carries (rule 4), or undefined when it carries none (or one we
 * cannot locate: a NAT64 local-use prefix, 64:ff9b:1::/48, is then refused as special-purpose).
 * Teredo carries the client's address inverted in its last 32 bits (RFC 4380).
 */
function carriedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const parts = address.parts
  const at = (index: number) => parts[index] ?? 0
  switch (address.range()) {
    case 'rfc6145':
      return ipv4Of(at(6), at(7))
    case 'rfc6052':
      return address.match(nat64) ? ipv4Of(at(6), at(7)) : undefined
    case '6to4':
      return ipv4Of(at(1), at(2))
    case 'teredo':
      return ipv4Of(~at(6) & 0xffff, ~at(7) & 0xffff)
    default:
      return undefined
  }
}

/**
 * The rule an IP address breaks as a webhook's destination (rules 3 and 4), e.g.
 * `private address 10.0.0.1`; undefined when it is a public unicast address.
 */
export function addressRule(ip: string, options: WebhookUrlOptions): string | undefined {
  if (!ipaddr.isValid(ip)) return `not an IP address: ${ip}`
  // Unwraps IPv4-mapped IPv6 (`::ffff:10.0.0.1` → `10.0.0.1`).
  const address = ipaddr.process(ip)
  if (address.kind() === 'ipv6') {
    const carried = carriedIpv4(address as ipaddr.IPv6)
    if (carried) {
      const rule = addressRule(carried.toString(), options)
      return rule && `${rule}, carried in the IPv6 address ${address.toString()}`
    }
  }
  const range = address.range()
  if (range === 'unicast') return undefined
  if (range === 'loopback' && options.allowLoopback) return undefined
  const shown = address.toString()
  const name = rangeNames[range]
  if (!name) return `special-purpose address ${shown} (${range})`
  return shown === instanceMetadataAddress
    ? `${name} ${shown}, the instance metadata service`
    : `${name} ${shown}`
}
