import { describe, expect, it } from 'vitest'
import { createSurveyTokens } from '#src/domain/survey-token.ts'
import { SurveyAnswerBody, SurveyTokenParams } from '#src/http/schemas/surveys.ts'

describe('SurveyAnswerBody', () => {
  it.each([1, 5])('accepts rating %i', (rating) => {
    expect(SurveyAnswerBody.parse({ rating })).toEqual({ rating })
  })

  it.each([0, 6, 4.5, '5', null])('refuses rating %j', (rating) => {
    const result = SurveyAnswerBody.safeParse({ rating })

    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['rating']])
  })

  it('refuses unknown fields', () => {
    const result = SurveyAnswerBody.safeParse({ rating: 5, stars: 5 })

    expect(result.success).toBe(false)
  })

  it('trims the comment and takes up to 2000 characters', () => {
    expect(SurveyAnswerBody.parse({ rating: 4, comment: '  Thanks!  ' })).toEqual({
      rating: 4,
      comment: 'Thanks!',
    })
    expect(SurveyAnswerBody.safeParse({ rating: 4, comment: 'x'.repeat(2000) }).success).toBe(true)
    expect(SurveyAnswerBody.safeParse({ rating: 4, comment: 'x'.repeat(2001) }).success).toBe(false)
  })
})

describe('SurveyTokenParams', () => {
  it('accepts the tokens survey links carry', () => {
    const token = createSurveyTokens('key').tokenFor('3f1c2a9e-7b4d-4c1e-9a0b-5d6e7f8a9b0c')

    expect(SurveyTokenParams.parse({ token })).toEqual({ token })
  })

  it.each(['', '../../etc/passwd', 'a b', 'x'.repeat(201), '😀', '%00'])('refuses %j', (token) => {
    expect(SurveyTokenParams.safeParse({ token }).success).toBe(false)
  })
})
