import type { Locale } from '#src/domain/vocabulary.ts'
import { type LocaleTexts, layOut, type MailData, type RenderedMail } from './mail-content.ts'
import type { NotificationKind } from './plan-notifications.ts'
import { de } from './templates-de.ts'
import { en } from './templates-en.ts'

export type { MailData, RenderedMail } from './mail-content.ts'

const languages: Record<Locale, LocaleTexts> = { de, en }

/**
 * A notification in the recipient's language: the subject (always `[<case number>] …: <title>`),
 * a text part that reads well on its own, and a simple HTML part in which every value from users
 * (titles, comments, names, reasons) is escaped.
 */
export function render(kind: NotificationKind, locale: Locale, data: MailData): RenderedMail {
  const texts = languages[locale]
  return layOut(texts, data, texts.kinds[kind](data))
}
