import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { CursorCodec } from '#src/adapters/cursor.ts'
import type { Paged, PageRequest } from '#src/use-cases/ports/common.ts'
import type { SettingVersion, SlaSettingVersions } from '#src/use-cases/ports/sla.ts'
import { versionedSettingVersions } from './keys.ts'
import { pagedQuery } from './paged-query.ts'
import { builtInVersion, calendars, policies, type SettingKind, versionOf } from './sla-setting-items.ts'

/** Where a list of versions goes on: the versions below this one (stored or built in alike). */
interface VersionCursor {
  below: number
}

/** Lists one kind of versioned setting's versions (also routing's, queue-settings-repository.ts). */
export function versionLists<T>(
  doc: DynamoDBDocumentClient,
  tableName: string,
  cursorCodec: () => Promise<CursorCodec>,
  setting: SettingKind<T>,
) {
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
      first: versionedSettingVersions(setting.kind, id, below),
      // An admin who has just saved sees the version in the list.
      consistent: true,
      // A head repeats its version's item; only a head from before versions stands for its version.
      filter: {
        expression: '#entity = :versionEntity OR attribute_not_exists(#version)',
        names: { '#entity': 'entity', '#version': 'version' },
        values: { ':versionEntity': setting.versionEntity },
      },
    })
    const found = stored.items.map((item) => versionOf(setting, id, item))
    const first = builtInVersion(setting, id)
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

  return list
}

/**
 * The versions of calendars and policies, newest first, paged with signed cursors
 * (docs/data-model.md): only the routes that list them need this and its cursor codec.
 */
export function createSlaSettingVersionsRepository(
  doc: DynamoDBDocumentClient,
  tableName: string,
  cursorCodec: () => Promise<CursorCodec>,
): SlaSettingVersions {
  return {
    listCalendarVersions: versionLists(doc, tableName, cursorCodec, calendars),
    listPolicyVersions: versionLists(doc, tableName, cursorCodec, policies),
  }
}
