import { keyAttributeNames } from './keys.ts'

const internalAttributes = new Set<string>([...keyAttributeNames, 'entity', 'expiresAt'])

/** An item without its storage internals (keys, entity tag, TTL), ready to be parsed as a domain object. */
export function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !internalAttributes.has(name)))
}
