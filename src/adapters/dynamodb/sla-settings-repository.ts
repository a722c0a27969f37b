import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import type { CursorCodec } from '#src/adapters/cursor.ts'
import { ConflictError } from '#src/domain/errors.ts'
import { Calendar, followTheSunCalendar, viennaCalendar } from '#src/domain/sla/calendar.ts'
import { defaultSlaPolicy, SlaPolicy } from '#src/domain/sla/policy.ts'
import type { Paged, PageRequest } from '#src/use-cases/ports/common.ts'
import type { SettingVersion, SlaSettings } from '#src/use-cases/ports/sla.ts'
import * as z from '#src/zod.ts'
import { lostRace, putIfAbsent, type TransactItem } from './conditions.ts'
import { type PrimaryKey, type SlaSettingKind, slaSettingKeys, slaSettingVersions } from './keys.ts'
import { pagedQuery } from './paged-query.ts'

/** What sets one kind of setting apart: its keys, its items' entities, its schema and its built-ins. */
interface SettingKind<T> {
  kind: SlaSettingKind
  /** How a message names it. */
  noun: string
  headEntity: string
  versionEntity: string
  parse: (definition: unknown) => T
  /**
   * Built in, so a fresh deployment works without a seeding step (docs/sla.md): version 1 of its
   * id, never stored, until an admin saves version 2.
   */
  builtIns: ReadonlyMap<string, T>
}

const calendars: SettingKind<Calendar> = {
  kind: 'calendar',
  noun: 'calendar',
  headEntity: 'calendar',
  versionEntity: 'calendarVersion',
  parse: (definition) => Calendar.parse(definition),
  builtIns: new Map<string, Calendar>([
    [viennaCalendar.id, viennaCalendar],
    [followTheSunCalendar.id, followTheSunCalendar],
  ]),
}

const policies: SettingKind<SlaPolicy> = {
  kind: 'policy',
  noun: 'SLA policy',
  headEntity: 'slaPolicy',
  versionEntity: 'slaPolicyVersion',
  parse: (definition) => SlaPolicy.parse(definition),
  builtIns: new Map([[defaultSlaPolicy.id, defaultSlaPolicy]]),
}

/** A head or a version item. A head stored before versions were has `updatedAt` and no `version`. */
const StoredSetting = z.object({
  definition: z.unknown(),
  version: z.optional(z.int().check(z.positive())),
  savedAt: z.optional(z.string()),
  updatedAt: z.optional(z.string()),
})

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

/** Where a list of versions goes on: the versions below this one (stored or built in alike). */
interface VersionCursor {
  below: number
}

/** One kind of setting over the table: read the latest or a given version, list the versions, save the next. */
function versionedSettings<T extends { id: string }>(
  doc: DynamoDBDocumentClient,
  tableName: string,
  cursorCodec: () => Promise<CursorCodec>,
  setting: SettingKind<T>,
) {
  const latest = new Map<string, { value: SettingVersion<T> | undefined; until: number }>()
  const versions = new Map<string, SettingVersion<T>>()

  function builtIn(id: string): SettingVersion<T> | undefined {
    const definition = setting.builtIns.get(id)
    return definition && { version: 1, definition }
  }

  /** Version 1 of a built-in id is the built-in, so its first save is version 2. */
  function firstStoredVersion(id: string): number {
    return setting.builtIns.has(id) ? 2 : 1
  }

  function versionOf(id: string, item: Record<string, unknown>): SettingVersion<T> {
    const stored = StoredSetting.parse(item)
    return {
      // A head from before versions holds the first stored version.
      version: stored.version ?? firstStoredVersion(id),
      savedAt: stored.savedAt ?? stored.updatedAt,
      definition: setting.parse(stored.definition),
    }
  }

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
    const value = item ? versionOf(id, item) : builtIn(id)
    latest.set(key.pk, { value, until: Date.now() + latestCacheMs })
    return value
  }

  /** A head from before versions holds its version alone, with no item of its own until the next save. */
  async function legacyHeadHolding(id: string, version: number) {
    if (version !== firstStoredVersion(id)) return undefined
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
    const found = versionOf(id, item)
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
      const current = head && versionOf(id, head)
      const legacy = current !== undefined && head?.version === undefined
      const saved: SettingVersion<T> = {
        version: current ? current.version + 1 : firstStoredVersion(id),
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

  /**
   * The versions, newest first. The cursor is a version number rather than a key: the built-in
   * version 1 is no item, and follows the stored versions on the page where they end or the next.
   */
  async function list(id: string, page: PageRequest): Promise<Paged<SettingVersion<T>> | undefined> {
    const context = `slaSettingVersions|${setting.kind}|${id}`
    const codec = await cursorCodec()
    const below = page.cursor ? (codec.decode(page.cursor, context) as VersionCursor).below : undefined
    const stored = await pagedQuery(doc, tableName, codec, {
      context,
      limit: page.limit,
      first: slaSettingVersions(setting.kind, id, below),
      // An admin who has just saved sees the version in the list.
      consistent: true,
      // A head repeats its version's item; only a head from before versions stands for its version.
      filter: {
        expression: '#entity = :versionEntity OR attribute_not_exists(#version)',
        names: { '#entity': 'entity', '#version': 'version' },
        values: { ':versionEntity': setting.versionEntity },
      },
    })
    const found = stored.items.map((item) => versionOf(id, item))
    const first = builtIn(id)
    if (first && stored.nextCursor === null && (below === undefined || below > first.version)) {
      found.push(first)
    }
    if (!page.cursor && found.length === 0) return undefined
    const items = found.slice(0, page.limit)
    const last = items.at(-1)
    const more = stored.nextCursor !== null || found.length > items.length
    return {
      items,
      nextCursor:
        more && last ? codec.encode({ below: last.version } satisfies VersionCursor, context) : null,
    }
  }

  return {
    read: (id: string, version?: number) =>
      version === undefined ? readLatest(id) : readVersion(id, version),
    list,
    save,
  }
}

/**
 * Business calendars and SLA policies in the single table (docs/data-model.md): per id a head with
 * the latest version, read for every case and cached for a minute, and one immutable item per
 * version, which clocks read again and which stay cached. Built-in ids answer version 1 unstored.
 */
export function createSlaSettingsRepository(
  doc: DynamoDBDocumentClient,
  tableName: string,
  /** Resolved when versions are listed only. */
  cursorCodec: () => Promise<CursorCodec>,
): SlaSettings {
  const calendarSettings = versionedSettings(doc, tableName, cursorCodec, calendars)
  const policySettings = versionedSettings(doc, tableName, cursorCodec, policies)
  return {
    calendar: calendarSettings.read,
    policy: policySettings.read,
    listCalendarVersions: calendarSettings.list,
    listPolicyVersions: policySettings.list,
    saveCalendar: calendarSettings.save,
    savePolicy: policySettings.save,
  }
}
