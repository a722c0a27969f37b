import type { LookupAddress } from 'node:dns'
import { describe, expect, it } from 'vitest'
import {
  type CallbackLookup,
  checkedLookup,
  createWebhookUrlGuard,
  type ResolveAll,
  refusedAddressCode,
} from '#src/adapters/net/webhook-url-guard.ts'
import { ValidationError } from '#src/domain/errors.ts'
import { addressRule, parseWebhookUrl } from '#src/domain/webhook-url.ts'
import { rejectionOf } from '../fakes/core.ts'

const remote = { allowLoopback: false }
const local = { allowLoopback: true }

/** A resolver that knows a few names, as the tests' DNS. */
const dnsAnswers: Record<string, LookupAddress[]> = {
  'hooks.example.com': [{ address: '93.184.215.14', family: 4 }],
  'intranet.example.com': [{ address: '10.1.2.3', family: 4 }],
  'split.example.com': [
    { address: '93.184.215.14', family: 4 },
    { address: '192.168.1.20', family: 4 },
  ],
  localhost: [
    { address: '127.0.0.1', family: 4 },
    { address: '::1', family: 6 },
  ],
}
const fakeLookup: ResolveAll = async (hostname) => {
  const found = dnsAnswers[hostname]
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })
  return found
}

/** The detail a refused URL names, or undefined when the guard accepts it. */
async function refusal(url: string, options = remote): Promise<string | undefined> {
  const guard = createWebhookUrlGuard({ ...options, lookup: fakeLookup })
  try {
    await guard.check(url)
    return undefined
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError)
    const [field] = (error as ValidationError).errors ?? []
    expect(field).toMatchObject({ pointer: '/url' })
    return field?.detail
  }
}

describe('addressRule', () => {
  it.each([
    ['10.0.0.1', 'private address 10.0.0.1'],
    ['172.16.5.4', 'private address 172.16.5.4'],
    ['192.168.0.1', 'private address 192.168.0.1'],
    ['127.0.0.1', 'loopback address 127.0.0.1'],
    ['169.254.169.254', 'link-local address 169.254.169.254, the instance metadata service'],
    ['224.0.0.1', 'multicast address 224.0.0.1'],
    ['0.0.0.0', 'unspecified address 0.0.0.0'],
    ['255.255.255.255', 'broadcast address 255.255.255.255'],
    ['100.64.0.1', 'carrier-grade NAT address 100.64.0.1'],
    ['192.0.2.10', 'reserved address 192.0.2.10'],
    ['::1', 'loopback address ::1'],
    ['::', 'unspecified address ::'],
    ['fe80::1', 'link-local address fe80::1'],
    ['fd00::1', 'unique-local address fd00::1'],
    ['ff02::1', 'multicast address ff02::1'],
    ['::ffff:10.0.0.1', 'private address 10.0.0.1'],
    ['::ffff:169.254.169.254', 'link-local address 169.254.169.254, the instance metadata service'],
    ['64:ff9b::a00:1', 'private address 10.0.0.1, carried in the IPv6 address 64:ff9b::a00:1'],
    ['2002:a00:1::1', 'private address 10.0.0.1, carried in the IPv6 address 2002:a00:1::1'],
    [
      '2001:0:4136:e378:8000:63bf:f5ff:fffe',
      'private address 10.0.0.1, carried in the IPv6 address 2001:0:4136:e378:8000:63bf:f5ff:fffe',
    ],
    ['64:ff9b:1::a00:1', 'special-purpose address 64:ff9b:1::a00:1 (rfc6052)'],
  ])('refuses %s as "%s"', (ip, rule) => {
    expect(addressRule(ip, remote)).toBe(rule)
  })

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8', '2002:808:808::1'])(
    'accepts the public address %s',
    (ip) => {
      expect(addressRule(ip, remote)).toBeUndefined()
    },
  )

  it('accepts loopback addresses only where loopback receivers are allowed, and nothing else more', () => {
    expect(addressRule('127.0.0.1', local)).toBeUndefined()
    expect(addressRule('::1', local)).toBeUndefined()
    expect(addressRule('10.0.0.1', local)).toBe('private address 10.0.0.1')
  })
})

describe('parseWebhookUrl', () => {
  it.each([
    ['not a url', 'it must be an absolute URL such as https://hooks.example.com/caseline'],
    ['/relative/path', 'it must be an absolute URL such as https://hooks.example.com/caseline'],
    ['http://hooks.example.com/', 'it must use https (plain http is not accepted)'],
    ['ftp://hooks.example.com/', 'it must use https, not ftp'],
    ['https://user:pass@hooks.example.com/', 'it must not carry a user name or password (user:pass@)'],
    ['https://hooks.example.com/#frag', 'it must not have a fragment (#…)'],
  ])('refuses %s', (url, rule) => {
    const error = (() => {
      try {
        parseWebhookUrl(url, remote)
      } catch (thrown) {
        return thrown as ValidationError
      }
    })()

    expect(error?.errors).toEqual([{ pointer: '/url', detail: rule }])
  })

  it('finds the host of an IPv6 literal without its brackets, and of a name without its trailing dot', () => {
    expect(parseWebhookUrl('https://[::1]:8443/x', remote)).toMatchObject({ host: '::1', isAddress: true })
    expect(parseWebhookUrl('https://hooks.example.com./x', remote)).toMatchObject({
      host: 'hooks.example.com',
      isAddress: false,
    })
  })

  it('reads every IPv4 spelling as the address it is', () => {
    expect(parseWebhookUrl('https://2130706433/', remote)).toMatchObject({
      host: '127.0.0.1',
      isAddress: true,
    })
  })
})

describe('the webhook URL guard', () => {
  it.each([
    ['https://10.0.0.1/hook', 'its host is not a public address (private address 10.0.0.1)'],
    ['https://127.0.0.1/hook', 'its host is not a public address (loopback address 127.0.0.1)'],
    [
      'https://169.254.169.254/latest/meta-data/',
      'its host is not a public address (link-local address 169.254.169.254, the instance metadata service)',
    ],
    ['https://[::1]/hook', 'its host is not a public address (loopback address ::1)'],
    ['https://[::ffff:10.0.0.1]/hook', 'its host is not a public address (private address 10.0.0.1)'],
    ['https://[fd00::1]/hook', 'its host is not a public address (unique-local address fd00::1)'],
    ['https://224.0.0.1/hook', 'its host is not a public address (multicast address 224.0.0.1)'],
    ['https://0.0.0.0/hook', 'its host is not a public address (unspecified address 0.0.0.0)'],
    ['https://100.64.0.1/hook', 'its host is not a public address (carrier-grade NAT address 100.64.0.1)'],
    [
      'https://intranet.example.com/hook',
      'its host intranet.example.com resolves to an address that is not public (private address 10.1.2.3)',
    ],
    [
      'https://split.example.com/hook',
      'its host split.example.com resolves to an address that is not public (private address 192.168.1.20)',
    ],
    ['https://nowhere.example.com/hook', 'the host nowhere.example.com does not resolve'],
    ['http://hooks.example.com/hook', 'it must use https (plain http is not accepted)'],
    ['http://localhost:4000/hook', 'it must use https (plain http is not accepted)'],
  ])('refuses %s', async (url, rule) => {
    expect(await refusal(url)).toBe(rule)
  })

  it('accepts https to a host with public addresses only', async () => {
    expect(await refusal('https://hooks.example.com/caseline')).toBeUndefined()
    expect(await refusal('https://93.184.215.14:8443/caseline')).toBeUndefined()
  })

  it('accepts plain http to a loopback host only where loopback receivers are allowed', async () => {
    expect(await refusal('http://localhost:4000/hook', local)).toBeUndefined()
    expect(await refusal('http://127.0.0.1:4000/hook', local)).toBeUndefined()
    expect(await refusal('http://[::1]:4000/hook', local)).toBeUndefined()
    expect(await refusal('http://hooks.example.com/hook', local)).toBe(
      'it must use https (plain http is accepted only to a loopback host: localhost, 127.0.0.0/8, [::1])',
    )
  })
})

describe('checkedLookup', () => {
  /** A dns.lookup stand-in answering from the tests' DNS, as `all: true` asks. */
  const resolve: CallbackLookup = (hostname, _options, callback) => {
    fakeLookup(hostname, { all: true }).then(
      (addresses) => callback(null, addresses),
      (error: NodeJS.ErrnoException) => callback(error, []),
    )
  }

  function lookUp(hostname: string, all: boolean, allowLoopback = false) {
    return new Promise<{
      error: NodeJS.ErrnoException | null
      address: unknown
      family?: number | undefined
    }>((done) => {
      checkedLookup(allowLoopback, resolve)(hostname, { all }, (error, address, family) =>
        done({ error, address, family }),
      )
    })
  }

  it('answers the first address of a public host, or all of them when asked for all', async () => {
    expect(await lookUp('hooks.example.com', false)).toEqual({
      error: null,
      address: '93.184.215.14',
      family: 4,
    })
    expect((await lookUp('hooks.example.com', true)).address).toEqual(dnsAnswers['hooks.example.com'])
  })

  it('refuses to connect to a host that now resolves to a private address (DNS rebinding)', async () => {
    const { error } = await lookUp('split.example.com', false)

    expect(error?.code).toBe(refusedAddressCode)
    expect(error?.message).toBe(
      'split.example.com resolves to an address that is not public (private address 192.168.1.20); webhooks go to public addresses only',
    )
  })

  it('passes a resolution failure on, and allows loopback only when told', async () => {
    expect((await lookUp('nowhere.example.com', false)).error?.code).toBe('ENOTFOUND')
    expect((await lookUp('localhost', false)).error?.code).toBe(refusedAddressCode)
    expect((await lookUp('localhost', false, true)).error).toBeNull()
  })
})

describe('the guard with the system resolver', () => {
  it('refuses localhost, which resolves to loopback', async () => {
    const error = await rejectionOf(createWebhookUrlGuard(remote).check('https://localhost/hook'))

    expect((error as ValidationError).errors?.[0]?.detail).toMatch(
      /^its host localhost resolves to an address that is not public \(loopback address/,
    )
  })
})
