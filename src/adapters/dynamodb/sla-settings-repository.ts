import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { ConflictError } from '#src/domain/errors.ts'
import type { SettingVersion, SlaSettings } from '#src/use-cases/ports/sla.ts'
import { lostRace, putIfAbsent, type TransactItem } from './conditions.ts'
import { type PrimaryKey, slaSettingKeys } from './keys.ts'
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

/**
 * Every lost race means another save landed, so each attempt makes progress and needs no backoff:
 * this many admins saving one setting at once all get their version.
 */
const maxSaveAttempts = 5

const cacheKeyOf = (key: PrimaryKey) => `${key.pk}|${key.sk}`

/** One kind of setting over the table: read the latest or a given version, save the next. */
function versionedSettings<T extends { id: string }>(
  doc: DynamoDBDocumentClient,
  tableName: string,
  setting: SettingKind<T>,
) {
  const latest = new Map<string, { value: SettingVersion<T> | undefined; until: number }>()
  const versions = new Map<string, SettingVersion<T>>()

  const builtIn = (id: string) => builtInVersion(setting, id)
  const firstStored = (id: string) => firstStoredVersion(setting, id)
  const versionIn = (id: string, item: Record<string, unknown>) => versionOf(setting, id, item)

  function versionItem(id: string, version: SettingVersion<T>): Record<string, unknown> {
    return {
      ...slaSettingKeys.version(setting.kind, id, version.version),
      entity: setting.versionEntity,
      ...version,
    }
  }

  async function getItem(key: PrimaryKey, consistent: boolean) {
    const result = await doc.send(
      new GetCommand({ TableName: tableName, Key: key, ...(consistent ? { ConsistentRead: true } : {}) }),
    )
    return result.Item
  }

  function remember(key: PrimaryKey, version: SettingVersion<T>) {
    if (versions.size >= maxCachedVersions) {
      const oldest = versions.keys().next().value
      if (oldest !== undefined) versions.delete(oldest)
    }
    versions.set(cacheKeyOf(key), version)
  }

  async function readLatest(id: string) {
    const key = slaSettingKeys.head(setting.kind, id)
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
    const head = await getItem(slaSettingKeys.head(setting.kind, id), true)
    return head?.version === undefined ? head : undefined
  }

  async function readVersion(id: string, version: number) {
    if (version === 1 && setting.builtIns.has(id)) return builtIn(id)
    const key = slaSettingKeys.version(setting.kind, id, version)
    const cached = versions.get(cacheKeyOf(key))
    if (cached) return cached
    // Consistent: a clock may ask for the version a save has just written.
    const item = (await getItem(key, true)) ?? (await legacyHeadHolding(id, version))
    if (!item) return undefined
    const found = versionIn(id, item)
    remember(key, found)
    return found
  }

  /**
   * Adds the next version.
   * 1. Read the head (consistently): the next version follows the one it holds.
   * 2. In one transaction, put the head only while it still holds the version read (or none: no
   *    head yet, or one from before versions), and the version item only if absent; a head from
   *    before versions also gets its own version kept as an item, before it is replaced.
   * 3. Another admin saved in between: go to 1, so both saves get a version and neither is lost.
   */
  async function save(definition: T, at: string): Promise<SettingVersion<T>> {
    const id = definition.id
    const headKey = slaSettingKeys.head(setting.kind, id)
    for (let attempt = 1; ; attempt++) {
      const head = await getItem(headKey, true)
      const current = head && versionIn(id, head)
      const legacy = current !== undefined && head?.version === undefined
      const saved: SettingVersion<T> = {
        version: current ? current.version + 1 : firstStored(id),
        savedAt: at,
        definition,
      }
      const headHeld =
        current && !legacy
          ? {
              ConditionExpression: '#version = :read',
              ExpressionAttributeValues: { ':read': current.version },
            }
          : { ConditionExpression: 'attribute_not_exists(#version)' }
      const writes: TransactItem[] = [
        {
          Put: {
            TableName: tableName,
            Item: { ...headKey, entity: setting.headEntity, ...saved },
            ExpressionAttributeNames: { '#version': 'version' },
            ...headHeld,
          },
        },
        { Put: putIfAbsent(tableName, versionItem(id, saved)) },
      ]
      if (legacy) writes.push({ Put: putIfAbsent(tableName, versionItem(id, current)) })
      try {
        await doc.send(new TransactWriteCommand({ TransactItems: writes }))
      } catch (error) {
        if (!lostRace(error)) throw error
        if (attempt === maxSaveAttempts) {
          throw new ConflictError(
            `The ${setting.noun} ${id} is being saved by others right now. Please retry.`,
          )
        }
        continue
      }
      latest.delete(headKey.pk)
      remember(slaSettingKeys.version(setting.kind, id, saved.version), saved)
      return saved
    }
  }

  return {
    read: (id: string, version?: number) =>
      version === undefined ? readLatest(id) : readVersion(id, version),
    save,
  }
}

/**
 * Business calendars and SLA policies in the single table (docs/data-model.md): per id a head with
 * the latest version, read for every case and cached for a minute, and one immutable item per
 * version, which clocks read again and which stay cached. Built-in ids answer version 1 unstored.
 * Listing the versions is apart (sla-setting-versions-repository.ts), so that every function that
 * reads a calendar does not carry the paging and its cursors.
 */
export function createSlaSettingsRepository(doc: DynamoDBDocumentClient, tableName: string): SlaSettings {
  const calendarSettings = versionedSettings(doc, tableName, calendars)
  const policySettings = versionedSettings(doc, tableName, policies)
  return {
    calendar: calendarSettings.read,
    policy: policySettings.read,
    saveCalendar: calendarSettings.save,
    savePolicy: policySettings.save,
  }
}
