import { describe, expect, it } from 'vitest'
import { type BusinessCalendar, viennaCalendar } from '#src/domain/sla/calendar.ts'
import { defaultSlaPolicy, type SlaPolicy } from '#src/domain/sla/policy.ts'
import type { Paged } from '#src/use-cases/ports/common.ts'
import type {
  SettingVersion,
  SlaSettings,
  SlaSettingsAdmin,
  SlaSettingVersions,
} from '#src/use-cases/ports/sla.ts'

/**
 * The version semantics of the SLA settings port (docs/sla.md, docs/data-model.md), as tests that
 * run against the DynamoDB repository (test/integration) and the in-memory fake (test/unit) alike,
 * so the fake the use-case tests rely on behaves as the table does.
 */

export const berlin = (name: string): BusinessCalendar => ({
  ...viennaCalendar,
  id: 'berlin',
  name,
  timeZone: 'Europe/Berlin',
})

export const vienna = (name: string): BusinessCalendar => ({ ...viennaCalendar, name })

const fasterDefault = (critical: number): SlaPolicy => ({
  ...defaultSlaPolicy,
  firstResponseMinutes: {
    ...defaultSlaPolicy.firstResponseMinutes,
    premium: { ...defaultSlaPolicy.firstResponseMinutes.premium, critical },
  },
})

/** Every page of a version list, one request after the other. */
export async function allPages<T>(
  list: (cursor: string | undefined) => Promise<Paged<SettingVersion<T>> | undefined>,
): Promise<SettingVersion<T>[][]> {
  const pages: SettingVersion<T>[][] = []
  let cursor: string | undefined
  do {
    const page = await list(cursor)
    if (!page) throw new Error('the list is undefined')
    pages.push(page.items)
    cursor = page.nextCursor ?? undefined
  } while (cursor && pages.length < 50)
  return pages
}

export const versionsOf = <T>(pages: SettingVersion<T>[][]) => pages.map((page) => page.map((v) => v.version))

/**
 * Registers the contract's tests. `fresh` gives a store with nothing saved, as a way to open an
 * instance of it: for the repository, one per Lambda instance, each with its own caches.
 */
export function describeSettingVersions(
  fresh: () => Promise<() => SlaSettings & SlaSettingsAdmin & SlaSettingVersions>,
) {
  describe('built-in settings', () => {
    it('answers the built-in calendar and policy as version 1 when nothing is stored', async () => {
      // Arrange
      const settings = (await fresh())()

      // Act
      const latest = await settings.calendar('vienna')
      const first = await settings.calendar('vienna', 1)
      const policy = await settings.policy('default')
      const list = await settings.listPolicyVersions('default', { limit: 10 })

      // Assert
      expect(latest).toEqual({ version: 1, definition: viennaCalendar })
      expect(first).toEqual(latest)
      expect(policy).toEqual({ version: 1, definition: defaultSlaPolicy })
      expect(list).toEqual({ items: [{ version: 1, definition: defaultSlaPolicy }], nextCursor: null })
    })

    it('makes the first save of a built-in id version 2 and keeps the built-in as version 1', async () => {
      // Arrange
      const instance = await fresh()

      // Act
      const saved = await instance().saveCalendar(vienna('Vienna 2027'), '2026-12-01T09:00:00.000Z')

      // Assert
      const settings = instance()
      expect(saved).toEqual({
        version: 2,
        savedAt: '2026-12-01T09:00:00.000Z',
        definition: vienna('Vienna 2027'),
      })
      expect(await settings.calendar('vienna')).toEqual(saved)
      expect(await settings.calendar('vienna', 1)).toEqual({ version: 1, definition: viennaCalendar })
      expect((await settings.listCalendarVersions('vienna', { limit: 10 }))?.items).toEqual([
        saved,
        { version: 1, definition: viennaCalendar },
      ])
    })
  })

  describe('saving', () => {
    it('makes the first save of a new id version 1; an unknown id or version answers undefined', async () => {
      // Arrange
      const settings = (await fresh())()

      // Act
      const saved = await settings.saveCalendar(berlin('Berlin'), '2026-12-01T09:00:00.000Z')

      // Assert
      expect(saved.version).toBe(1)
      expect(await settings.calendar('berlin')).toEqual(saved)
      expect(await settings.calendar('berlin', 2)).toBeUndefined()
      expect(await settings.calendar('atlantis')).toBeUndefined()
      expect(await settings.calendar('atlantis', 1)).toBeUndefined()
      expect(await settings.listCalendarVersions('atlantis', { limit: 10 })).toBeUndefined()
      expect(await settings.listPolicyVersions('berlin', { limit: 10 })).toBeUndefined()
    })

    it('still reads an old version after newer ones were saved, in another instance too', async () => {
      // Arrange
      const instance = await fresh()
      const writer = instance()
      await writer.saveCalendar(berlin('Berlin v1'), '2026-12-01T09:00:00.000Z')
      await writer.saveCalendar(berlin('Berlin v2'), '2026-12-02T09:00:00.000Z')
      await writer.saveCalendar(berlin('Berlin v3'), '2026-12-03T09:00:00.000Z')

      // Act
      const reader = instance()
      const first = await reader.calendar('berlin', 1)
      const second = await writer.calendar('berlin', 2)
      const latest = await reader.calendar('berlin')

      // Assert
      expect(first).toEqual({
        version: 1,
        savedAt: '2026-12-01T09:00:00.000Z',
        definition: berlin('Berlin v1'),
      })
      expect(second?.definition).toEqual(berlin('Berlin v2'))
      expect(latest?.version).toBe(3)
      expect(latest?.definition).toEqual(berlin('Berlin v3'))
    })

    it('gives concurrent saves distinct versions and loses none', async () => {
      // Arrange: a built-in policy an admin saved once (version 2), and a new calendar.
      const instance = await fresh()
      await instance().savePolicy(fasterDefault(100), '2026-12-01T09:00:00.000Z')

      // Act: each save from its own instance, as from several Lambda instances.
      const [a, b] = await Promise.all([
        instance().savePolicy(fasterDefault(90), '2026-12-02T09:00:00.000Z'),
        instance().savePolicy(fasterDefault(80), '2026-12-02T09:00:00.000Z'),
      ])
      const calendars = await Promise.all(
        [1, 2, 3, 4].map((n) =>
          instance().saveCalendar(berlin(`Berlin by admin ${n}`), '2026-12-02T09:00:00.000Z'),
        ),
      )

      // Assert
      expect([a.version, b.version].sort()).toEqual([3, 4])
      const settings = instance()
      expect((await settings.policy('default'))?.version).toBe(4)
      for (const saved of [a, b]) expect(await settings.policy('default', saved.version)).toEqual(saved)
      expect(calendars.map((c) => c.version).sort()).toEqual([1, 2, 3, 4])
      const listed = await settings.listCalendarVersions('berlin', { limit: 10 })
      expect(listed?.items.map((v) => v.definition.name).sort()).toEqual(
        calendars.map((c) => c.definition.name).sort(),
      )
    })
  })

  describe('listing versions', () => {
    it('lists newest first, page by page, each version once', async () => {
      // Arrange
      const settings = (await fresh())()
      for (let n = 1; n <= 5; n++) {
        await settings.saveCalendar(berlin(`Berlin v${n}`), `2026-12-0${n}T09:00:00.000Z`)
      }

      // Act
      const byTwo = await allPages((cursor) => settings.listCalendarVersions('berlin', { limit: 2, cursor }))
      const byOne = await allPages((cursor) => settings.listCalendarVersions('berlin', { limit: 1, cursor }))
      const whole = await settings.listCalendarVersions('berlin', { limit: 5 })

      // Assert
      expect(versionsOf(byTwo)).toEqual([[5, 4], [3, 2], [1]])
      expect(versionsOf(byOne)).toEqual([[5], [4], [3], [2], [1]])
      expect(byTwo[2]?.[0]).toEqual({
        version: 1,
        savedAt: '2026-12-01T09:00:00.000Z',
        definition: berlin('Berlin v1'),
      })
      expect(whole?.nextCursor).toBeNull()
    })

    it('puts the built-in version 1 after the stored ones, on the next page when theirs is full', async () => {
      // Arrange
      const settings = (await fresh())()
      await settings.savePolicy(fasterDefault(100), '2026-12-01T09:00:00.000Z')
      await settings.savePolicy(fasterDefault(90), '2026-12-02T09:00:00.000Z')

      // Act
      const byTwo = await allPages((cursor) => settings.listPolicyVersions('default', { limit: 2, cursor }))
      const byThree = await allPages((cursor) => settings.listPolicyVersions('default', { limit: 3, cursor }))

      // Assert
      expect(versionsOf(byTwo)).toEqual([[3, 2], [1]])
      expect(byTwo[1]).toEqual([{ version: 1, definition: defaultSlaPolicy }])
      expect(versionsOf(byThree)).toEqual([[3, 2, 1]])
    })
  })
}
