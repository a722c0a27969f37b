import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { describe, expect, it } from 'vitest'
import { createCursorCodec } from '#src/adapters/cursor.ts'
import { versionedSettingKeys } from '#src/adapters/dynamodb/keys.ts'
import { createSlaSettingVersionsRepository } from '#src/adapters/dynamodb/sla-setting-versions-repository.ts'
import { createSlaSettingsRepository } from '#src/adapters/dynamodb/sla-settings-repository.ts'
import { createSlaSettingsWriter } from '#src/adapters/dynamodb/sla-settings-writer.ts'
import { ValidationError } from '#src/domain/errors.ts'
import { type BusinessCalendar, viennaCalendar } from '#src/domain/sla/calendar.ts'
import type { SlaSettings, SlaSettingsAdmin, SlaSettingVersions } from '#src/use-cases/ports/sla.ts'
import {
  allPages,
  berlin,
  describeSettingVersions,
  versionsOf,
  vienna,
} from '../unit/fakes/sla-settings-contract.ts'
import { useLocalTables } from './local-tables.ts'

/**
 * Versioned calendars and policies against DynamoDB Local (docs/data-model.md, docs/sla.md): the
 * port's contract (built-ins as version 1, saves that add versions, concurrent ones too, old
 * versions read again, lists newest first across pages), signed cursors, and heads stored before
 * versions were. Each test gets a table of its own, so the built-in ids start with nothing stored.
 */

const { doc, freshTable: aTable } = useLocalTables('sla')
const codec = createCursorCodec('an-sla-settings-test-secret-of-32-chars')

/** A table of its own, and a factory for repositories over it (each one a Lambda instance with its own caches). */
async function freshTable() {
  const tableName = await aTable()
  return {
    tableName,
    instance: (): SlaSettings & SlaSettingsAdmin & SlaSettingVersions => {
      const store = createSlaSettingsRepository(doc, tableName)
      return {
        ...store,
        ...createSlaSettingsWriter(doc, tableName, store),
        ...createSlaSettingVersionsRepository(doc, tableName, async () => codec),
      }
    },
  }
}

describeSettingVersions(async () => (await freshTable()).instance)

describe('the cursor of a version list', () => {
  it("refuses another setting's cursor", async () => {
    // Arrange
    const settings = (await freshTable()).instance()
    await settings.saveCalendar(berlin('Berlin v1'), '2026-12-01T09:00:00.000Z')
    await settings.saveCalendar(berlin('Berlin v2'), '2026-12-02T09:00:00.000Z')
    const page = await settings.listCalendarVersions('berlin', { limit: 1 })

    // Act
    const replayed = settings.listCalendarVersions('vienna', { limit: 1, cursor: page?.nextCursor ?? '' })

    // Assert
    await expect(replayed).rejects.toBeInstanceOf(ValidationError)
  })
})

describe('a head stored before versions were', () => {
  /** The item the repository wrote before versions: the definition and `updatedAt`, no `version`. */
  async function putLegacyHead(tableName: string, definition: BusinessCalendar) {
    await doc.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...versionedSettingKeys.head('calendar', definition.id),
          entity: 'calendar',
          definition,
          updatedAt: '2026-06-01T09:00:00.000Z',
        },
      }),
    )
  }

  it('counts as version 1 of a new id, readable and listed', async () => {
    // Arrange
    const { tableName, instance } = await freshTable()
    await putLegacyHead(tableName, berlin('Berlin before versions'))
    const settings = instance()
    const expected = {
      version: 1,
      savedAt: '2026-06-01T09:00:00.000Z',
      definition: berlin('Berlin before versions'),
    }

    // Act, Assert
    expect(await settings.calendar('berlin')).toEqual(expected)
    expect(await settings.calendar('berlin', 1)).toEqual(expected)
    expect(await settings.listCalendarVersions('berlin', { limit: 10 })).toEqual({
      items: [expected],
      nextCursor: null,
    })
  })

  it('counts as version 2 of a built-in id, listed before the built-in, page by page', async () => {
    // Arrange
    const { tableName, instance } = await freshTable()
    await putLegacyHead(tableName, vienna('Vienna before versions'))
    const settings = instance()

    // Act
    const byOne = await allPages((cursor) => settings.listCalendarVersions('vienna', { limit: 1, cursor }))

    // Assert
    expect(versionsOf(byOne)).toEqual([[2], [1]])
    expect(byOne[0]?.[0]?.definition).toEqual(vienna('Vienna before versions'))
    expect(byOne[1]?.[0]?.definition).toEqual(viennaCalendar)
    expect((await settings.calendar('vienna', 2))?.definition).toEqual(vienna('Vienna before versions'))
  })

  it('keeps its version readable after the next save', async () => {
    // Arrange
    const { tableName, instance } = await freshTable()
    await putLegacyHead(tableName, vienna('Vienna before versions'))

    // Act
    const saved = await instance().saveCalendar(vienna('Vienna with versions'), '2026-12-01T09:00:00.000Z')

    // Assert
    const settings = instance()
    expect(saved.version).toBe(3)
    expect(await settings.calendar('vienna', 2)).toEqual({
      version: 2,
      savedAt: '2026-06-01T09:00:00.000Z',
      definition: vienna('Vienna before versions'),
    })
    const pages = await allPages((cursor) => settings.listCalendarVersions('vienna', { limit: 2, cursor }))
    expect(versionsOf(pages)).toEqual([[3, 2], [1]])
  })
})
