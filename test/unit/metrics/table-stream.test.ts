import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type CaseEventSteps, handleCaseEvent } from '#functions/events/table-stream.ts'
import { rejectionOf } from '../fakes/core.ts'
import { aCaseEvent } from '../fakes/mail.ts'

const event = aCaseEvent({ type: 'case.created' })

/** Steps that record which ran, failing the ones named. */
function steps(failing: ('metrics' | 'mail' | 'publish')[] = []) {
  const ran: string[] = []
  const step = (name: 'metrics' | 'mail' | 'publish') => async () => {
    ran.push(name)
    if (failing.includes(name)) throw new Error(`${name} failed`)
    return name
  }
  return {
    ran,
    steps: {
      metrics: step('metrics'),
      mail: step('mail'),
      publish: step('publish'),
    } satisfies CaseEventSteps,
  }
}

beforeEach(() => {
  vi.stubEnv('LOG_LEVEL', 'silent')
})

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('the event handler’s steps per event', () => {
  it('counts the metrics, sends the mail and publishes every event', async () => {
    const { ran, steps: all } = steps()

    await handleCaseEvent(event, all)

    expect(ran.sort()).toEqual(['mail', 'metrics', 'publish'])
  })

  it('still counts the metrics when the mail fails, then fails the event for a retry', async () => {
    const { ran, steps: mailFails } = steps(['mail'])

    const error = await rejectionOf(handleCaseEvent(event, mailFails))

    expect(ran).toContain('metrics')
    expect(error).toEqual(new Error('mail failed'))
  })

  it('still sends the mail when the metrics fail, even if a step throws before it returns a promise', async () => {
    const { ran, steps: metricsFail } = steps(['metrics'])
    const throwsAtOnce: CaseEventSteps = {
      ...metricsFail,
      metrics: () => {
        throw new Error('missing setting')
      },
    }

    expect(await rejectionOf(handleCaseEvent(event, metricsFail))).toEqual(new Error('metrics failed'))
    expect(await rejectionOf(handleCaseEvent(event, throwsAtOnce))).toEqual(new Error('missing setting'))
    expect(ran.filter((name) => name === 'mail')).toHaveLength(2)
  })

  it('still counts and mails when publishing fails, then fails the event for a retry', async () => {
    // Arrange
    const { ran, steps: publishFails } = steps(['publish'])

    // Act
    const error = await rejectionOf(handleCaseEvent(event, publishFails))

    // Assert
    expect(ran.sort()).toEqual(['mail', 'metrics', 'publish'])
    expect(error).toEqual(new Error('publish failed'))
  })

  it('still publishes when the mail fails', async () => {
    // Arrange
    const { ran, steps: mailFails } = steps(['mail'])

    // Act
    const error = await rejectionOf(handleCaseEvent(event, mailFails))

    // Assert
    expect(ran).toContain('publish')
    expect(error).toEqual(new Error('mail failed'))
  })
})
