import { describe, expect, it } from 'vitest'
import type { CaseEvent } from '#src/domain/case.ts'
import { ConflictError, GoneError, NotFoundError, SurveyAlreadyAnsweredError } from '#src/domain/errors.ts'
import type { Survey, SurveyAnswer } from '#src/domain/survey.ts'
import { createSurveyTokens } from '#src/domain/survey-token.ts'
import type { SurveyStore } from '#src/use-cases/ports/surveys.ts'
import { answerSurvey, getSurvey } from '#src/use-cases/surveys.ts'
import { fixedClock, now, sequentialIds } from '../fakes/core.ts'

/** Keeps the store's contract: one answer per survey, recorded together with its event. */
class InMemorySurveyStore implements SurveyStore {
  readonly surveys = new Map<string, Survey>()
  readonly events: CaseEvent[] = []
  readonly lookups: string[] = []
  /** Makes the next recordAnswer lose a race: another answer landed between the read and the write. */
  answeredMeanwhile = false

  constructor(surveys: Survey[] = []) {
    for (const survey of surveys) this.surveys.set(survey.caseId, survey)
  }

  async openSurvey(survey: Survey): Promise<Survey> {
    const existing = this.surveys.get(survey.caseId)
    if (existing) return existing
    this.surveys.set(survey.caseId, survey)
    return survey
  }

  async findSurvey(caseId: string): Promise<Survey | undefined> {
    this.lookups.push(caseId)
    return this.surveys.get(caseId)
  }

  async recordAnswer(caseId: string, answer: SurveyAnswer, event: CaseEvent): Promise<void> {
    const survey = this.surveys.get(caseId)
    if (!survey || survey.answer || this.answeredMeanwhile) throw new SurveyAlreadyAnsweredError(caseId)
    this.surveys.set(caseId, { ...survey, answer })
    this.events.push(event)
  }
}

const tokens = createSurveyTokens('unit-test-survey-key')

function aSurvey(overrides: Partial<Survey> = {}): Survey {
  return {
    caseId: 'case-1',
    accountId: 'acme',
    caseNumber: 'CS-1042',
    caseTitle: 'Invoices fail to print',
    contactId: 'alice',
    locale: 'de',
    createdAt: '2026-11-20T10:00:00.000Z',
    validUntil: '2026-12-20T10:00:00.000Z',
    ...overrides,
  }
}

function setUp(surveys: Survey[] = [aSurvey()], at: Date = now) {
  const store = new InMemorySurveyStore(surveys)
  const deps = {
    surveys: store,
    surveyTokens: async () => tokens,
    clock: fixedClock(at),
    ids: sequentialIds('event'),
  }
  return { store, deps }
}

describe('getSurvey', () => {
  it("shows an open survey's case number, title and validity", async () => {
    // Arrange
    const { deps } = setUp()

    // Act
    const view = await getSurvey(tokens.tokenFor('case-1'), deps)

    // Assert
    expect(view).toEqual({
      caseNumber: 'CS-1042',
      caseTitle: 'Invoices fail to print',
      status: 'open',
      validUntil: '2026-12-20T10:00:00.000Z',
      locale: 'de',
    })
  })

  it('shows the answer of an answered survey', async () => {
    // Arrange
    const answer = { rating: 4, comment: 'Quick help.', answeredAt: '2026-11-21T09:00:00.000Z' }
    const { deps } = setUp([aSurvey({ answer })])

    // Act
    const view = await getSurvey(tokens.tokenFor('case-1'), deps)

    // Assert
    expect(view).toMatchObject({ status: 'answered', answer })
  })

  it('answers a forged token with 404 without reading any survey', async () => {
    // Arrange
    const { store, deps } = setUp()
    const forged = `case-1.${'A'.repeat(43)}`

    // Act
    const result = getSurvey(forged, deps)

    // Assert
    await expect(result).rejects.toThrow(NotFoundError)
    expect(store.lookups).toEqual([])
  })

  it('answers a token signed with another key with 404', async () => {
    const { deps } = setUp()

    await expect(getSurvey(createSurveyTokens('other-key').tokenFor('case-1'), deps)).rejects.toThrow(
      NotFoundError,
    )
  })

  it('answers a valid token of a case without survey with the same 404 as a forged one', async () => {
    // Arrange
    const { deps } = setUp([])

    // Act
    const missing = await getSurvey(tokens.tokenFor('case-1'), deps).catch((error: unknown) => error)
    const forged = await getSurvey('case-1.nope', deps).catch((error: unknown) => error)

    // Assert: nothing tells a prober which of the two it hit
    expect(missing).toBeInstanceOf(NotFoundError)
    expect(forged).toBeInstanceOf(NotFoundError)
    expect((missing as NotFoundError).message).toBe((forged as NotFoundError).message)
  })

  it.each([
    ['at the instant it ends', '2026-12-20T10:00:00.000Z'],
    ['a day later', '2026-12-21T10:00:00.000Z'],
  ])('answers an expired survey with 410 %s', async (_, at) => {
    // Arrange
    const { deps } = setUp([aSurvey()], new Date(at))

    // Act
    const result = getSurvey(tokens.tokenFor('case-1'), deps)

    // Assert
    await expect(result).rejects.toThrow(GoneError)
    await expect(result).rejects.toMatchObject({ status: 410, message: expect.stringContaining('expired') })
  })
})

describe('answerSurvey', () => {
  it('records the answer once, with an internal survey.answered event by the contact', async () => {
    // Arrange
    const { store, deps } = setUp()

    // Act
    const answer = await answerSurvey(tokens.tokenFor('case-1'), { rating: 5, comment: 'Great!' }, deps)

    // Assert
    expect(answer).toEqual({ rating: 5, comment: 'Great!', answeredAt: now.toISOString() })
    expect(store.surveys.get('case-1')?.answer).toEqual(answer)
    expect(store.events).toEqual([
      {
        id: 'event-1',
        caseId: 'case-1',
        accountId: 'acme',
        type: 'survey.answered',
        action: 'answer_survey',
        actor: { userId: 'alice', role: 'customer' },
        at: now.toISOString(),
        visibility: 'internal',
        changes: [],
        details: { rating: 5, comment: 'Great!' },
      },
    ])
  })

  it.each([
    ['no comment', undefined],
    ['a blank comment', '   '],
  ])('records a rating with %s as a rating alone', async (_, comment) => {
    // Arrange
    const { store, deps } = setUp()

    // Act
    const answer = await answerSurvey(tokens.tokenFor('case-1'), { rating: 3, comment }, deps)

    // Assert
    expect(answer).toEqual({ rating: 3, answeredAt: now.toISOString() })
    expect(store.events[0]?.details).toEqual({ rating: 3 })
  })

  it('refuses a second answer with 409 and keeps the first', async () => {
    // Arrange
    const { store, deps } = setUp()
    const token = tokens.tokenFor('case-1')
    const first = await answerSurvey(token, { rating: 2 }, deps)

    // Act
    const second = answerSurvey(token, { rating: 5, comment: 'Changed my mind' }, deps)

    // Assert
    await expect(second).rejects.toThrow(ConflictError)
    await expect(second).rejects.toMatchObject({ status: 409, message: 'This survey was already answered.' })
    expect(store.surveys.get('case-1')?.answer).toEqual(first)
    expect(store.events).toHaveLength(1)
  })

  it('answers 409 when another answer wins the race between read and write', async () => {
    // Arrange
    const { store, deps } = setUp()
    store.answeredMeanwhile = true

    // Act
    const result = answerSurvey(tokens.tokenFor('case-1'), { rating: 1 }, deps)

    // Assert
    await expect(result).rejects.toThrow(ConflictError)
    expect(store.events).toEqual([])
  })

  it('refuses an expired survey with 410 and records nothing', async () => {
    // Arrange
    const { store, deps } = setUp([aSurvey()], new Date('2027-01-01T00:00:00.000Z'))

    // Act
    const result = answerSurvey(tokens.tokenFor('case-1'), { rating: 5 }, deps)

    // Assert
    await expect(result).rejects.toThrow(GoneError)
    expect(store.surveys.get('case-1')?.answer).toBeUndefined()
    expect(store.events).toEqual([])
  })

  it('answers a forged token and a missing survey with 404', async () => {
    const { deps } = setUp([aSurvey({ caseId: 'case-2' })])

    await expect(answerSurvey('case-2.forged', { rating: 5 }, deps)).rejects.toThrow(NotFoundError)
    await expect(answerSurvey(tokens.tokenFor('case-1'), { rating: 5 }, deps)).rejects.toThrow(NotFoundError)
  })

  it('passes on failures of the store that are not a second answer', async () => {
    // Arrange
    const { store, deps } = setUp()
    const outage = Object.assign(new Error('throttled'), { name: 'ThrottlingException' })
    store.recordAnswer = async () => {
      throw outage
    }

    // Act
    const result = answerSurvey(tokens.tokenFor('case-1'), { rating: 5 }, deps)

    // Assert: the HTTP layer maps it to 503, not to a misleading 409
    await expect(result).rejects.toBe(outage)
  })
})
