import { describe, expect, it } from 'vitest'
import { viennaCalendar } from '#src/domain/sla/calendar.ts'
import { InMemorySlaSettings } from './core.ts'
import { berlin, describeSettingVersions } from './sla-settings-contract.ts'

// The fake keeps the port's version semantics, as the DynamoDB repository does (test/integration).
describeSettingVersions(async () => {
  const settings = new InMemorySlaSettings()
  return () => settings
})

describe('the fake as a map of definitions', () => {
  it('reads the latest definition, and adds a version when a test sets one', async () => {
    // Arrange
    const settings = new InMemorySlaSettings()

    // Act
    settings.calendars.set('berlin', berlin('Berlin'))
    settings.calendars.set('vienna', berlin('Not quite Vienna'))

    // Assert
    expect(settings.calendars.get('berlin')).toEqual(berlin('Berlin'))
    expect(settings.calendars.has('atlantis')).toBe(false)
    expect((await settings.calendar('berlin'))?.version).toBe(1)
    expect((await settings.calendar('vienna'))?.version).toBe(2)
    expect((await settings.calendar('vienna', 1))?.definition).toBe(viennaCalendar)
  })
})
