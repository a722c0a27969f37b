import { describe, expect, it } from 'vitest'
import { redactForErasure } from '#src/domain/events/erasure-redaction.ts'

const erika = { contactId: 'erika', deleteComments: false }
const envelope = (type: string, data: unknown) => ({
  id: 'evt_1',
  type,
  version: 1,
  time: '2026-12-03T10:00:00.000Z',
  data,
})

describe('redactForErasure', () => {
  it("replaces the person's name and address in contact.created, and nothing else", () => {
    // Arrange
    const created = envelope('contact.created', {
      contact: {
        id: 'erika',
        accountId: 'acme',
        name: 'Erika Muster',
        email: 'erika@acme.example',
        role: 'customer',
      },
    })

    // Act
    const redacted = redactForErasure(created, erika)

    // Assert
    expect(redacted).toEqual({
      ...created,
      data: {
        contact: {
          id: 'erika',
          accountId: 'acme',
          name: 'Former contact',
          email: 'erika@erased.invalid',
          role: 'customer',
        },
      },
    })
    expect(
      redactForErasure(envelope('contact.created', { contact: { id: 'olga', name: 'Olga' } }), erika),
    ).toBeUndefined()
  })

  it('replaces before and after of name and address in contact.updated, keeps the other changes', () => {
    // Arrange
    const updated = envelope('contact.updated', {
      contactId: 'erika',
      changes: [
        { field: 'name', before: 'Erika M.', after: 'Erika Muster' },
        { field: 'email', before: 'old@acme.example', after: 'erika@acme.example' },
        { field: 'role', before: 'customer', after: 'customer_admin' },
      ],
    })

    // Act
    const redacted = redactForErasure(updated, erika)

    // Assert
    expect(redacted?.data).toEqual({
      contactId: 'erika',
      changes: [
        { field: 'name', before: 'Former contact', after: 'Former contact' },
        { field: 'email', before: 'erika@erased.invalid', after: 'erika@erased.invalid' },
        { field: 'role', before: 'customer', after: 'customer_admin' },
      ],
    })
    expect(JSON.stringify(redacted)).not.toMatch(/Erika|acme\.example/)
  })

  it("removes the text of the person's comments only when asked to, and never another author's", () => {
    // Arrange
    const theirs = envelope('case.commented', {
      comment: { id: 'c1', authorId: 'erika', body: 'Regards, Erika' },
    })
    const olgas = envelope('case.commented', { comment: { id: 'c2', authorId: 'olga', body: 'Hi' } })

    // Act
    const kept = redactForErasure(theirs, erika)
    const removed = redactForErasure(theirs, { ...erika, deleteComments: true })
    const other = redactForErasure(olgas, { ...erika, deleteComments: true })

    // Assert
    expect(kept).toBeUndefined()
    expect(removed?.data).toEqual({
      comment: { id: 'c1', authorId: 'erika', body: '[Removed at the author’s request.]' },
    })
    expect(other).toBeUndefined()
  })

  it('drops the comment of a survey answer and keeps the rating', () => {
    expect(
      redactForErasure(envelope('survey.answered', { rating: 5, comment: 'Thanks, Erika' }), erika)?.data,
    ).toEqual({
      rating: 5,
    })
    expect(redactForErasure(envelope('survey.answered', { rating: 5 }), erika)).toBeUndefined()
  })

  it('leaves every other event alone', () => {
    expect(
      redactForErasure(envelope('case.created', { case: { contactId: 'erika' } }), erika),
    ).toBeUndefined()
    expect(redactForErasure({ type: 'contact.updated' }, erika)).toBeUndefined()
  })
})
