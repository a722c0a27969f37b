import { keyAttributeNames } from './keys.ts'

const internalAttributes = new Set<string>([...keyAttributeNames, 'entity', 'expiresAt'])

/**
 * An item without its storage internals (keys, entity tag, TTL), ready to be parsed as a domain
 * object. A plain loop: every list page strips each of its items, and copying through
 * `Object.entries`/`Object.fromEntries` cost several times as much (docs/performance.md).
 */
export function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  const stripped: Record<string, unknown> = {}
  for (const name in item) {
    if (!internalAttributes.has(name)) stripped[name] = item[name]
  }
  return stripped
}
