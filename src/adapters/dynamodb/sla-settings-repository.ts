import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import type { SettingVersion, SlaSettings } from '#src/use-cases/ports/sla.ts'
import { type PrimaryKey, type VersionedSettingKind, versionedSettingKeys } from './keys.ts'
import {
  builtInVersion,
  calendars,
  firstStoredVersion,
  policies,
  type SettingKind,
  versionOf,
} from './sla-setting-items.ts'

/** Calendars and policies change rarely and are read on every case: the latest is cached briefly per instance. */
const latestCacheMs = 60_000

/** Versions never change, so they stay cached for the instance's life: at most this many per kind. */
const maxCachedVersions = 200

const cacheKeyOf = (key: PrimaryKey) => `${key.pk}|${key.sk}`

/** One kind of versioned setting over the table: read the latest or a given version (also for routing, queue-settings-repository.ts). */
export function versionedSettings<T>(
  doc: DynamoDBDocumentClient,
  tableName: string,
  setting: SettingKind<T>,
) {
  const latest = new Map<string, { value: SettingVersion<T> | undefined; until: number }>()
  const versions = new Map<string, SettingVersion<T>>()

  const builtIn = (id: string) => builtInVersion(setting, id)
  const firstStored = (id: string) => firstStoredVersion(setting, id)
  const versionIn = (id: string, item: Record<string, unknown>) => versionOf(setting, id, item)

  async function getItem(key: PrimaryKey, consistent: boolean) {
    const result = await doc.send(
      new GetCommand({ TableName: tableName, Key: key, ...(consistent ? { ConsistentRead: true } : {}) }),
    )
    return result.Item
  }

  function remember(key: PrimaryKey, version: SettingVersion<T>) {
    // Far more than a deployment has: starting afresh when full keeps the bound without bookkeeping.
    if (versions.size >= maxCachedVersions) versions.clear()
    versions.set(cacheKeyOf(key), version)
  }

  async function readLatest(id: string) {
    const key = versionedSettingKeys.head(setting.kind, id)
    const cached = latest.get(key.pk)
    if (cached && cached.until > Date.now()) return cached.value
    const item = await getItem(key, false)
    const value = item ? versionIn(id, item) : builtIn(id)
    latest.set(key.pk, { value, until: Date.now() + latestCacheMs })
    return value
  }

  /** A head from before versions holds its version alone, with no item of its own until the next save. */
  async function legacyHeadHolding(id: string, version: number) {
    if (version !== firstStored(id)) return undefined
    const head = await getItem(versionedSettingKeys.head(setting.kind, id), true)
    return head?.version === undefined ? head : undefined
  }

  async function readVersion(id: string, version: number) {
    if (version === 1 && setting.builtIns.has(id)) return builtIn(id)
    const key = versionedSettingKeys.version(setting.kind, id, version)
    const cached = versions.get(cacheKeyOf(key))
    if (cached) return cached
    // Consistent: a clock may ask for the version a save has just written.
    const item = (await getItem(key, true)) ?? (await legacyHeadHolding(id, version))
    if (!item) return undefined
    const found = versionIn(id, item)
    remember(key, found)
    return found
  }

  return {
    read: (id: string, version?: number) =>
      version === undefined ? readLatest(id) : readVersion(id, version),
    /** A save landed: the next read of the latest goes to the table. */
    forgetLatest: (id: string) => latest.delete(versionedSettingKeys.head(setting.kind, id).pk),
    /** A write whose outcome is known exactly (routing's seeds kept): the latest is that, for the next minute. */
    rememberLatest: (id: string, value: SettingVersion<T>) =>
      latest.set(versionedSettingKeys.head(setting.kind, id).pk, {
        value,
        until: Date.now() + latestCacheMs,
      }),
  }
}

/**
 * Business calendars and SLA policies in the single table (docs/data-model.md): per id a head with
 * the latest version, read for every case and cached for a minute, and one immutable item per
 * version, which clocks read again and which stay cached. Built-in ids answer version 1 unstored.
 * Saving (sla-settings-writer.ts) and listing the versions (sla-setting-versions-repository.ts) are
 * apart, so that every function that reads a calendar carries neither.
 */
export function createSlaSettingsRepository(
  doc: DynamoDBDocumentClient,
  tableName: string,
): SlaSettingsStore {
  const calendarSettings = versionedSettings(doc, tableName, calendars)
  const policySettings = versionedSettings(doc, tableName, policies)
  return {
    calendar: calendarSettings.read,
    policy: policySettings.read,
    forgetLatest: (kind, id) => (kind === 'calendar' ? calendarSettings : policySettings).forgetLatest(id),
  }
}

/** The reading repository, and what its writer tells it (sla-settings-writer.ts). */
export interface SlaSettingsStore extends SlaSettings {
  forgetLatest(kind: VersionedSettingKind, id: string): void
}
