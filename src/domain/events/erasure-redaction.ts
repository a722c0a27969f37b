import { erasedAddressOf, formerContactName, removedCommentText } from '#src/domain/erasure.ts'

/** A published event as the change feed and webhook deliveries keep it: its type and data, and the rest of its envelope. */
export interface StoredEnvelope {
  type: string
  data?: unknown
  [field: string]: unknown
}

/** Whose erasure, and whether their comments' text goes too. */
export interface ErasedPerson {
  contactId: string
  deleteComments: boolean
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The contact fields that name the person: replaced by their neutral values (docs/privacy.md). */
function neutralValueOf(field: string, contactId: string): string | undefined {
  if (field === 'name') return formerContactName
  if (field === 'email') return erasedAddressOf(contactId)
  return undefined
}

/**
 * A published event with the erased person's data taken out (docs/privacy.md, Erasing a contact),
 * or undefined when it holds none of it:
 * - `contact.created` of the person: name and address become the neutral ones;
 * - `contact.updated` of the person: the before and after of name and address become the neutral ones;
 * - `case.commented` / `case.note_added` by the person, when their comments' text goes: the body
 *   becomes a removal notice;
 * - `survey.answered` (only ever handed in for the person's own surveys): the comment goes.
 */
export function redactForErasure(event: StoredEnvelope, person: ErasedPerson): StoredEnvelope | undefined {
  const data = event.data
  if (!isRecord(data)) return undefined
  switch (event.type) {
    case 'contact.created': {
      const contact = data.contact
      if (!isRecord(contact) || contact.id !== person.contactId) return undefined
      return {
        ...event,
        data: {
          ...data,
          contact: { ...contact, name: formerContactName, email: erasedAddressOf(person.contactId) },
        },
      }
    }
    case 'contact.updated': {
      if (data.contactId !== person.contactId || !Array.isArray(data.changes)) return undefined
      const changes = data.changes.map((change: unknown) => {
        if (!isRecord(change) || typeof change.field !== 'string') return change
        const neutral = neutralValueOf(change.field, person.contactId)
        if (neutral === undefined) return change
        return { ...change, ...('before' in change ? { before: neutral } : {}), after: neutral }
      })
      return { ...event, data: { ...data, changes } }
    }
    case 'case.commented':
    case 'case.note_added': {
      const comment = data.comment
      if (!person.deleteComments || !isRecord(comment) || comment.authorId !== person.contactId)
        return undefined
      return { ...event, data: { ...data, comment: { ...comment, body: removedCommentText } } }
    }
    case 'survey.answered': {
      if (!('comment' in data)) return undefined
      const { comment: _removed, ...rest } = data
      return { ...event, data: rest }
    }
    default:
      return undefined
  }
}
