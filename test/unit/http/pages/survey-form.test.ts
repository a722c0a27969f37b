import { describe, expect, it } from 'vitest'
import { preselectedRating, readSurveyForm } from '#src/http/pages/survey-form.ts'
import { parseFormBody } from '#src/http/request.ts'

describe('parseFormBody', () => {
  it('reads a form as a browser posts it, plain or base64-encoded by API Gateway', () => {
    // Arrange
    const body = 'rating=5&comment=Schnell+%26+freundlich%21+%C3%A4'

    // Act
    const plain = parseFormBody(body, false)
    const encoded = parseFormBody(Buffer.from(body).toString('base64'), true)

    // Assert
    expect(plain).toEqual({ rating: '5', comment: 'Schnell & freundlich! ä' })
    expect(encoded).toEqual(plain)
  })

  it('keeps the first of a repeated field, and a __proto__ field as a field of its own', () => {
    // Act
    const fields = parseFormBody('rating=2&rating=5&__proto__=x', false)

    // Assert
    expect(fields.rating).toBe('2')
    expect(Object.hasOwn(fields, '__proto__')).toBe(true)
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype)
  })

  it('reads no body as a form without fields', () => {
    expect(parseFormBody(undefined, false)).toEqual({})
    expect(parseFormBody('', false)).toEqual({})
  })
})

describe('readSurveyForm', () => {
  it('turns a valid form into the answer the use case takes, the comment trimmed', () => {
    expect(readSurveyForm({ rating: '5', comment: '  Danke!  ' })).toEqual({
      valid: true,
      answer: { rating: 5, comment: 'Danke!' },
    })
    expect(readSurveyForm({ rating: '1' })).toEqual({ valid: true, answer: { rating: 1 } })
  })

  it.each([[undefined], [''], ['0'], ['6'], ['4.5'], ['0x5'], [' 5'], ['5,4'], ['five']])(
    'refuses the rating %j, keeping what was entered',
    (rating) => {
      expect(readSurveyForm({ rating, comment: 'Meh' })).toEqual({
        valid: false,
        entered: { rating, comment: 'Meh' },
        invalid: ['rating'],
      })
    },
  )

  it('refuses a comment over 2,000 characters, and keeps it for the form shown again', () => {
    // Arrange
    const comment = 'x'.repeat(2001)

    // Act
    const result = readSurveyForm({ rating: '4', comment })

    // Assert
    expect(result).toEqual({ valid: false, entered: { rating: '4', comment }, invalid: ['comment'] })
  })
})

describe('preselectedRating', () => {
  it.each([
    ['1', 1],
    ['5', 5],
    ['0', undefined],
    ['6', undefined],
    ['5,4', undefined],
    ['abc', undefined],
    [undefined, undefined],
  ])('%j → %j', (value, rating) => {
    expect(preselectedRating(value)).toBe(rating)
  })
})
