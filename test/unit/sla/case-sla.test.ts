import { describe, expect, it } from 'vitest'
import { businessMinutesBetween } from '#src/domain/sla/business-time.ts'
import { followTheSunCalendar, viennaCalendar } from '#src/domain/sla/calendar.ts'
import {
  describeSla,
  explainSla,
  markBreached,
  markWarned,
  pauseSla,
  recordFirstResponse,
  resumeSla,
  retargetSla,
  type SlaClock,
  startSla,
  warningAt,
} from '#src/domain/sla/case-sla.ts'

// Vienna is UTC+1 in December: Friday 18 December 2026, 12:00Z is 13:00 in Vienna, an hour before
// the desk closes for the weekend; Monday 14 December 2026, 08:00Z is 09:00 in Vienna.
const fridayAfternoon = '2026-12-18T12:00:00.000Z'
const mondayMorning = '2026-12-14T08:00:00.000Z'

/** Premium acme, critical: 120 business minutes from Friday 13:00 Vienna. */
function fridayClock(targetMinutes = 120): SlaClock {
  return startSla({
    startedAt: fridayAfternoon,
    targetMinutes,
    calendarId: 'vienna',
    calendar: viennaCalendar,
  })
}

/** Premium acme, standard: 480 business minutes from Monday 09:00 Vienna, due at Monday's closing. */
function mondayClock(): SlaClock {
  return startSla({
    startedAt: mondayMorning,
    targetMinutes: 480,
    calendarId: 'vienna',
    calendar: viennaCalendar,
  })
}

const between = (from: string, to: string) =>
  businessMinutesBetween({ from: new Date(from), to: new Date(to), calendar: viennaCalendar })

describe('startSla', () => {
  it('starts a running clock on vienna: Friday 13:00 plus 120 minutes is Monday 09:00', () => {
    expect(fridayClock()).toEqual({
      calendarId: 'vienna',
      targetMinutes: 120,
      startedAt: fridayAfternoon,
      pauses: [],
      dueAt: '2026-12-21T08:00:00.000Z',
      state: 'running',
    })
  })

  it('counts on whichever desk is open on follow-the-sun: London and Paris carry Friday on', () => {
    const clock = startSla({
      startedAt: fridayAfternoon,
      targetMinutes: 120,
      calendarId: 'follow-the-sun',
      calendar: followTheSunCalendar,
    })

    expect(clock.dueAt).toBe('2026-12-18T14:00:00.000Z')
  })
})

describe('recordFirstResponse', () => {
  it('meets a clock answered in time and records when', () => {
    const met = recordFirstResponse(fridayClock(), '2026-12-18T12:30:00.000Z')

    expect(met).toMatchObject({
      state: 'met',
      metAt: '2026-12-18T12:30:00.000Z',
      dueAt: '2026-12-21T08:00:00.000Z',
    })
    expect(met.breachedAt).toBeUndefined()
  })

  it('still meets a clock answered exactly at its deadline', () => {
    expect(recordFirstResponse(fridayClock(), '2026-12-21T08:00:00.000Z').state).toBe('met')
  })

  it('breaches a clock answered late, dating the breach at the deadline', () => {
    const late = recordFirstResponse(fridayClock(), '2026-12-21T08:01:00.000Z')

    expect(late).toMatchObject({ state: 'breached', breachedAt: '2026-12-21T08:00:00.000Z' })
    expect(late.metAt).toBeUndefined()
  })

  it('leaves a clock that is already met or breached as it is', () => {
    const met = recordFirstResponse(fridayClock(), '2026-12-18T12:30:00.000Z')
    const breached = markBreached(fridayClock(), '2026-12-21T08:00:00.000Z')

    expect(recordFirstResponse(met, '2026-12-18T12:45:00.000Z')).toBe(met)
    expect(recordFirstResponse(breached, '2026-12-21T09:00:00.000Z')).toBe(breached)
  })
})

describe('pauseSla and resumeSla', () => {
  it('holds the clock while waiting on the customer: paused, no deadline, an open pause', () => {
    const paused = pauseSla(mondayClock(), '2026-12-14T11:00:00.000Z', viennaCalendar)

    expect(paused).toMatchObject({
      state: 'paused',
      dueAt: null,
      pauses: [{ start: '2026-12-14T11:00:00.000Z' }],
    })
    expect(paused.pauses[0]?.end).toBeUndefined()
  })

  it.each([
    // Vienna 12:00–15:00 on Monday: three business hours of the afternoon
    [
      'across a business afternoon',
      '2026-12-14T11:00:00.000Z',
      '2026-12-14T14:00:00.000Z',
      180,
      '2026-12-15T10:00:00.000Z',
    ],
    // Vienna Monday 16:00 to Tuesday 09:00: the last hour of Monday and the first of Tuesday
    ['overnight', '2026-12-14T15:00:00.000Z', '2026-12-15T08:00:00.000Z', 120, '2026-12-15T09:00:00.000Z'],
  ])(
    'moves the deadline by exactly the business time paused (%s)',
    (_, pausedAt, resumedAt, pausedMinutes, dueAt) => {
      // Arrange
      const running = mondayClock()
      const paused = pauseSla(running, pausedAt, viennaCalendar)

      // Act
      const resumed = resumeSla(paused, resumedAt, viennaCalendar)

      // Assert
      expect(running.dueAt).toBe('2026-12-14T16:00:00.000Z')
      expect(between(pausedAt, resumedAt)).toBe(pausedMinutes)
      expect(resumed).toMatchObject({
        state: 'running',
        dueAt,
        pauses: [{ start: pausedAt, end: resumedAt }],
      })
      expect(between(running.dueAt as string, resumed.dueAt as string)).toBe(pausedMinutes)
    },
  )

  it('does not pause a clock that is not running, nor resume one that is not paused', () => {
    const met = recordFirstResponse(mondayClock(), '2026-12-14T09:00:00.000Z')
    const running = mondayClock()

    expect(pauseSla(met, '2026-12-14T10:00:00.000Z', viennaCalendar)).toBe(met)
    expect(resumeSla(running, '2026-12-14T10:00:00.000Z', viennaCalendar)).toBe(running)
  })
})

describe('retargetSla', () => {
  it('gives an open clock a new deadline from the same start', () => {
    const retargeted = retargetSla(fridayClock(120), 240, viennaCalendar)

    // 60 minutes on Friday, 180 on Monday from 08:00 Vienna
    expect(retargeted).toMatchObject({
      targetMinutes: 240,
      startedAt: fridayAfternoon,
      state: 'running',
      dueAt: '2026-12-21T10:00:00.000Z',
    })
  })

  it('can move the deadline earlier, too', () => {
    expect(retargetSla(fridayClock(480), 60, viennaCalendar).dueAt).toBe('2026-12-18T13:00:00.000Z')
  })

  it('changes only the target of a met clock: the deadline it met stays', () => {
    const met = recordFirstResponse(fridayClock(120), '2026-12-18T12:30:00.000Z')

    expect(retargetSla(met, 240, viennaCalendar)).toEqual({ ...met, targetMinutes: 240 })
  })
})

describe('warningAt', () => {
  it('is due at 80 % of the target: 96 of 120 minutes, 36 of them on Monday', () => {
    expect(warningAt(fridayClock(120), viennaCalendar)).toBe('2026-12-21T07:36:00.000Z')
  })

  it('rounds 80 % of an odd target down to a whole minute (123 → 98)', () => {
    expect(warningAt(fridayClock(123), viennaCalendar)).toBe('2026-12-21T07:38:00.000Z')
  })

  it('is null while a pause holds the clock before the warning', () => {
    const paused = pauseSla(mondayClock(), '2026-12-14T09:00:00.000Z', viennaCalendar)

    expect(warningAt(paused, viennaCalendar)).toBeNull()
  })
})

describe('markBreached and markWarned', () => {
  it('breaches a running clock at its deadline, once', () => {
    // Arrange
    const clock = fridayClock()

    // Act
    const breached = markBreached(clock, '2026-12-21T08:00:30.000Z')
    const again = markBreached(breached, '2026-12-21T09:00:00.000Z')

    // Assert
    expect(breached).toMatchObject({ state: 'breached', breachedAt: '2026-12-21T08:00:00.000Z' })
    expect(again).toBe(breached)
  })

  it('never breaches a met clock', () => {
    const met = recordFirstResponse(fridayClock(), '2026-12-18T12:30:00.000Z')

    expect(markBreached(met, '2026-12-21T08:00:00.000Z')).toBe(met)
  })

  it('warns a running clock once, keeping the first warning time', () => {
    const warned = markWarned(fridayClock(), '2026-12-21T07:36:00.000Z')

    expect(warned.warnedAt).toBe('2026-12-21T07:36:00.000Z')
    expect(warned.state).toBe('running')
    expect(markWarned(warned, '2026-12-21T07:50:00.000Z')).toBe(warned)
  })

  it('does not warn a clock that is paused or met', () => {
    const paused = pauseSla(mondayClock(), '2026-12-14T09:00:00.000Z', viennaCalendar)
    const met = recordFirstResponse(fridayClock(), '2026-12-18T12:30:00.000Z')

    expect(markWarned(paused, '2026-12-14T10:00:00.000Z')).toBe(paused)
    expect(markWarned(met, '2026-12-21T07:36:00.000Z')).toBe(met)
  })
})

describe('describeSla', () => {
  it('counts the business minutes elapsed and remaining of a running clock', () => {
    // Friday 60 minutes and Monday 30 minutes
    const view = describeSla(fridayClock(), undefined, viennaCalendar, new Date('2026-12-21T07:30:00.000Z'))

    expect(view).toEqual({
      calendarId: 'vienna',
      targetMinutes: 120,
      dueAt: '2026-12-21T08:00:00.000Z',
      firstResponseAt: null,
      state: 'running',
      businessMinutesElapsed: 90,
      businessMinutesRemaining: 30,
    })
  })

  it('reads a running clock as breached once its deadline has passed, before any timer fired', () => {
    const atDeadline = describeSla(
      fridayClock(),
      undefined,
      viennaCalendar,
      new Date('2026-12-21T08:00:00.000Z'),
    )
    const past = describeSla(fridayClock(), undefined, viennaCalendar, new Date('2026-12-21T08:01:00.000Z'))

    expect(atDeadline).toMatchObject({
      state: 'running',
      businessMinutesElapsed: 120,
      businessMinutesRemaining: 0,
    })
    expect(past).toMatchObject({
      state: 'breached',
      businessMinutesElapsed: 121,
      businessMinutesRemaining: 0,
    })
  })

  it('shows a paused clock with the time it paused and stops counting there', () => {
    // Arrange: paused Monday 12:00 Vienna after 180 minutes
    const paused = pauseSla(mondayClock(), '2026-12-14T11:00:00.000Z', viennaCalendar)

    // Act
    const view = describeSla(
      paused,
      '2026-12-14T11:00:00.000Z',
      viennaCalendar,
      new Date('2026-12-16T12:00:00.000Z'),
    )

    // Assert
    expect(view).toMatchObject({
      state: 'paused',
      dueAt: null,
      pausedSince: '2026-12-14T11:00:00.000Z',
      businessMinutesElapsed: 180,
      businessMinutesRemaining: 300,
    })
  })

  it('stops counting a met clock at the moment it was met', () => {
    const met = recordFirstResponse(fridayClock(), '2026-12-18T12:30:00.000Z')

    const view = describeSla(
      met,
      '2026-12-18T12:30:00.000Z',
      viennaCalendar,
      new Date('2026-12-22T12:00:00.000Z'),
    )

    expect(view).toMatchObject({
      state: 'met',
      firstResponseAt: '2026-12-18T12:30:00.000Z',
      businessMinutesElapsed: 30,
      businessMinutesRemaining: 90,
    })
    expect(view).not.toHaveProperty('pausedSince')
  })

  it('counts nothing before the clock started', () => {
    const view = describeSla(fridayClock(), undefined, viennaCalendar, new Date('2026-12-18T11:00:00.000Z'))

    expect(view).toMatchObject({ businessMinutesElapsed: 0, businessMinutesRemaining: 120 })
  })

  // A late answer ends the count too: elapsed time is measured up to the first response.
  it('stops counting a late-answered clock at its first response', () => {
    const late = recordFirstResponse(fridayClock(), '2026-12-21T09:00:00.000Z')

    const view = describeSla(
      late,
      '2026-12-21T09:00:00.000Z',
      viennaCalendar,
      new Date('2026-12-22T12:00:00.000Z'),
    )

    expect(view).toMatchObject({ state: 'breached', businessMinutesElapsed: 180 })
  })
})

describe('explainSla', () => {
  it('explains the deadline: the hour on Friday, the hour on Monday, the weekend skipped', () => {
    const explanation = explainSla(fridayClock(), viennaCalendar)

    expect(explanation.counted).toEqual([
      { start: '2026-12-18T12:00:00.000Z', end: '2026-12-18T13:00:00.000Z', minutes: 60 },
      { start: '2026-12-21T07:00:00.000Z', end: '2026-12-21T08:00:00.000Z', minutes: 60 },
    ])
    expect(explanation.skipped.map((s) => s.reason)).toEqual(['outside_hours', 'weekend', 'outside_hours'])
  })

  it('names the pause among the skipped stretches of a resumed clock', () => {
    const paused = pauseSla(mondayClock(), '2026-12-14T11:00:00.000Z', viennaCalendar)
    const resumed = resumeSla(paused, '2026-12-14T14:00:00.000Z', viennaCalendar)

    expect(explainSla(resumed, viennaCalendar).skipped).toContainEqual({
      start: '2026-12-14T11:00:00.000Z',
      end: '2026-12-14T14:00:00.000Z',
      reason: 'paused',
    })
  })
})
