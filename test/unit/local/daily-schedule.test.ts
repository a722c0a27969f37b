import type { ScheduledEvent } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { createLocalDailySchedule } from '#local/daily-schedule.ts'

const where = {
  region: 'us-east-1',
  account: '000000000000',
  ruleArn: 'arn:aws:events:us-east-1:000000000000:rule/caseline-local-retention',
}

function scheduleFrom(start: string) {
  const events: ScheduledEvent[] = []
  const schedule = createLocalDailySchedule(
    async (event) => {
      events.push(event)
      return { purged: 0 }
    },
    new Date(start),
    where,
  )
  return { schedule, events }
}

describe('the local daily schedule', () => {
  it('runs nothing while the clock stays on the same UTC day', async () => {
    // Arrange
    const { schedule, events } = scheduleFrom('2031-03-02T08:00:00.000Z')

    // Act
    const run = await schedule.runIfDue(new Date('2031-03-02T23:59:59.999Z'))

    // Assert
    expect(run).toBeUndefined()
    expect(events).toEqual([])
  })

  it('runs once for a move past several midnights, with the Scheduled Event of the last one', async () => {
    // Arrange
    const { schedule, events } = scheduleFrom('2031-03-02T08:00:00.000Z')

    // Act
    const run = await schedule.runIfDue(new Date('2031-03-12T08:00:00.000Z'))
    const again = await schedule.runIfDue(new Date('2031-03-12T09:00:00.000Z'))

    // Assert
    expect(run).toEqual({ scheduledAt: '2031-03-12T00:00:00Z', result: { purged: 0 } })
    expect(again).toBeUndefined()
    expect(events).toEqual([
      {
        version: '0',
        id: expect.any(String),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: where.account,
        time: '2031-03-12T00:00:00Z',
        region: where.region,
        resources: [where.ruleArn],
        detail: {},
      },
    ])
  })

  it('reports a failing run instead of throwing, and runs again at the next midnight', async () => {
    // Arrange
    let calls = 0
    const schedule = createLocalDailySchedule(
      async () => {
        calls++
        if (calls === 1) throw new Error('table not reachable')
        return { purged: 1 }
      },
      new Date('2031-03-02T08:00:00.000Z'),
      where,
    )

    // Act
    const failed = await schedule.runIfDue(new Date('2031-03-03T01:00:00.000Z'))
    const next = await schedule.runIfDue(new Date('2031-03-04T01:00:00.000Z'))

    // Assert
    expect(failed).toEqual({ scheduledAt: '2031-03-03T00:00:00Z', error: 'table not reachable' })
    expect(next).toEqual({ scheduledAt: '2031-03-04T00:00:00Z', result: { purged: 1 } })
  })
})
