import type { Resolution } from '#src/domain/case.ts'
import type { SlaTarget } from '#src/domain/sla/sla-clock.ts'
import type { Locale, Severity } from '#src/domain/vocabulary.ts'
import type { NotificationKind } from './plan-notifications.ts'

/** What a notification's text is made of: the case, the recipient, and what happened. */
export interface MailData {
  caseNumber: string
  caseTitle: string
  /** The customer's wording (Sie/you, portal, reply by mail) or support's (internal, terse). */
  audience: 'customer' | 'staff'
  recipientName?: string | undefined
  accountName?: string | undefined
  product?: string | undefined
  severity?: Severity | undefined
  impact?: string | undefined
  /** The case's page in the portal, when configured. */
  caseUrl?: string | undefined
  /** The comment, or the message that came with a status change. */
  message?: string | undefined
  authorName?: string | undefined
  resolution?: Resolution | undefined
  reason?: string | undefined
  escalationLevel?: number | undefined
  sla?:
    | { target?: SlaTarget | undefined; dueAt?: string | undefined; targetMinutes?: number | undefined }
    | undefined
  /** The IANA zone times are shown in (the case's calendar's); UTC when unset. */
  timeZone?: string | undefined
  /** `case_received` only: the first-response deadline, while the SLA clock runs (explainable: GET /v1/cases/{id}/sla). */
  firstResponseDue?: string | undefined
  /** `merged` only: the number of the case this one was merged into. */
  mergedInto?: string | undefined
  /** The survey's link, in the closing mail. */
  surveyUrl?: string | undefined
  /** Who made the change: a closure by the customer, by support or by the timer reads differently. */
  actor?: 'customer' | 'staff' | 'system' | undefined
  /** `critical_case` only: the severity was raised later rather than set when the case was filed. */
  severityRaised?: boolean | undefined
  /** A watcher's copy (docs/email.md, "Watchers"): the footer says why it came and how to stop it. */
  watching?: boolean | undefined
}

/**
 * One mail's content in one language, as plain strings. The layout turns it into the text and the
 * HTML part; it escapes every string for HTML, so a template can never leak markup from user input.
 */
export interface MailContent {
  /** The subject's words; the layout puts the case number in front and the case title after. */
  headline: string
  paragraphs: string[]
  facts?: [label: string, value: string | undefined][] | undefined
  quotes?: { label: string; text: string | undefined }[] | undefined
  /** The one thing to click (the survey), with the sentence that asks for it. */
  action?: MailAction | undefined
  /** Paragraphs after the quotes and the action. */
  notes?: string[] | undefined
  /** Whether answering the mail reaches the case (not for closed or cancelled cases). */
  replyable: boolean
}

/**
 * The link a mail asks its reader to follow, and optionally one-click answers: each opens the same
 * page with that answer chosen (the survey's five ratings), where the reader still sends it.
 */
export interface MailAction {
  intro: string
  label: string
  url: string
  choices?: { intro: string; options: MailChoice[] } | undefined
}

/** A one-click answer: its short text (`5`), what it means (`very satisfied`) and its link. */
export interface MailChoice {
  label: string
  meaning: string
  url: string
}

/**
 * The survey page's address with a rating chosen (`?rating=5`). The hosted page preselects it and
 * records nothing until the reader sends the form: mail scanners open every link in a mail.
 */
export function surveyRatingUrl(surveyUrl: string, rating: number): string {
  const [base = '', fragment] = surveyUrl.split('#', 2)
  const withRating = `${base}${base.includes('?') ? '&' : '?'}rating=${rating}`
  return fragment === undefined ? withRating : `${withRating}#${fragment}`
}

/** The five one-click ratings of the closing mail, 1 to 5, each with what it means. */
export function surveyRatingChoices(
  surveyUrl: string,
  meanings: readonly [string, string, string, string, string],
): MailChoice[] {
  return meanings.map((meaning, index) => ({
    label: String(index + 1),
    meaning,
    url: surveyRatingUrl(surveyUrl, index + 1),
  }))
}

/** One language's wording: the frame around every mail and the mail per kind. */
export interface LocaleTexts {
  locale: Locale
  greeting(name: string | undefined): string
  signOff(audience: MailData['audience']): string[]
  caseLinkLabel(audience: MailData['audience']): string
  replyHint: string
  automaticNote: string
  /** Why a watcher gets the mail, and that it may stop watching. */
  watchingNote: string
  kinds: Record<NotificationKind, (data: MailData) => MailContent>
}

/** A rendered mail, ready for the Mailer. */
export interface RenderedMail {
  subject: string
  text: string
  html: string
}

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => htmlEscapes[char] ?? char)
}

/** A header must stay on one line, and a very long title would bury the subject's start. */
function subjectLine(caseNumber: string, headline: string, title: string): string {
  const oneLine = (value: string) => value.replace(/[\r\n\t]+/g, ' ').trim()
  const shortTitle = oneLine(title)
  const clipped = shortTitle.length > 120 ? `${shortTitle.slice(0, 119)}…` : shortTitle
  return `[${oneLine(caseNumber)}] ${headline}: ${clipped}`
}

const present = <T>(value: T | undefined): value is T => value !== undefined && value !== ''

/** Lays out a mail's content as a text part (readable on its own) and a simple HTML part (inline styles only). */
export function layOut(texts: LocaleTexts, data: MailData, content: MailContent): RenderedMail {
  const facts = (content.facts ?? []).filter((fact): fact is [string, string] => present(fact[1]))
  const quotes = (content.quotes ?? []).filter((quote): quote is { label: string; text: string } =>
    present(quote.text),
  )
  const caseLink = data.caseUrl ? { label: texts.caseLinkLabel(data.audience), url: data.caseUrl } : undefined
  const hint = data.audience === 'customer' && content.replyable ? texts.replyHint : texts.automaticNote
  const footer = data.watching ? `${texts.watchingNote} ${hint}` : hint
  const signOff = texts.signOff(data.audience)
  const greeting = texts.greeting(data.recipientName)
  return {
    subject: subjectLine(data.caseNumber, content.headline, data.caseTitle),
    text: [
      greeting,
      ...content.paragraphs,
      facts.length ? facts.map(([label, value]) => `${label}: ${value}`).join('\n') : undefined,
      ...quotes.map((quote) => `${quote.label}\n${quoteLines(quote.text)}`),
      content.action ? actionText(content.action) : undefined,
      ...(content.notes ?? []),
      caseLink ? `${caseLink.label}: ${caseLink.url}` : undefined,
      signOff.join('\n'),
      `-- \n${footer}`,
    ]
      .filter(present)
      .join('\n\n')
      .concat('\n'),
    html: [
      '<!DOCTYPE html>',
      `<html lang="${texts.locale}"><head><meta charset="utf-8"><title>${escapeHtml(subjectLine(data.caseNumber, content.headline, data.caseTitle))}</title></head>`,
      '<body style="margin:0;padding:24px;background-color:#f4f5f7;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2933;">',
      '<div style="max-width:600px;margin:0 auto;padding:24px;background-color:#ffffff;border-radius:6px;">',
      paragraph(greeting),
      ...content.paragraphs.map(paragraph),
      facts.length ? factTable(facts) : '',
      ...quotes.map(
        (quote) =>
          `<p style="margin:16px 0 4px 0;font-weight:bold;">${escapeHtml(quote.label)}</p>` +
          `<blockquote style="margin:0 0 16px 0;padding:8px 12px;border-left:3px solid #c3cad4;background-color:#f8f9fa;">${multiline(quote.text)}</blockquote>`,
      ),
      content.action ? actionHtml(content.action) : '',
      ...(content.notes ?? []).map(paragraph),
      caseLink ? `<p style="margin:0 0 16px 0;">${anchor(caseLink)}</p>` : '',
      `<p style="margin:24px 0 16px 0;">${signOff.map(escapeHtml).join('<br>')}</p>`,
      `<p style="margin:24px 0 0 0;font-size:12px;color:#6b7785;">${escapeHtml(footer)}</p>`,
      '</div></body></html>',
    ]
      .filter((part) => part !== '')
      .join('\n'),
  }
}

function actionText(action: MailAction): string {
  const main = `${action.intro}\n\n${action.label}: ${action.url}`
  if (!action.choices) return main
  const options = action.choices.options.map((option) => `${option.label} – ${option.meaning}: ${option.url}`)
  return `${main}\n\n${action.choices.intro}\n${options.join('\n')}`
}

function actionHtml(action: MailAction): string {
  if (!action.choices) return paragraph(action.intro) + button(action)
  const options = action.choices.options.map(
    (option) =>
      `<a href="${escapeHtml(option.url)}" title="${escapeHtml(`${option.label} – ${option.meaning}`)}" ` +
      'style="display:inline-block;min-width:44px;margin:0 8px 8px 0;padding:10px 0;border:2px solid #1a5fb4;border-radius:4px;color:#1a5fb4;text-align:center;text-decoration:none;font-weight:bold;font-size:18px;">' +
      `${escapeHtml(option.label)}</a>`,
  )
  const first = action.choices.options[0]
  const last = action.choices.options.at(-1)
  const scale =
    first && last
      ? `<p style="margin:0 0 16px 0;font-size:13px;color:#4a5563;">${escapeHtml(`${first.label} = ${first.meaning} · ${last.label} = ${last.meaning}`)}</p>`
      : ''
  return (
    paragraph(action.intro) +
    paragraph(action.choices.intro) +
    `<p style="margin:0;">${options.join('')}</p>` +
    scale +
    button(action)
  )
}

function quoteLines(text: string): string {
  return text
    .trim()
    .split(/\r?\n/)
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n')
}

function multiline(text: string): string {
  return escapeHtml(text.trim()).replace(/\r?\n/g, '<br>')
}

function paragraph(text: string): string {
  return `<p style="margin:0 0 16px 0;">${multiline(text)}</p>`
}

function factTable(facts: [string, string][]): string {
  const rows = facts.map(
    ([label, value]) =>
      `<tr><td style="padding:2px 16px 2px 0;color:#6b7785;vertical-align:top;">${escapeHtml(label)}</td>` +
      `<td style="padding:2px 0;vertical-align:top;">${multiline(value)}</td></tr>`,
  )
  return `<table role="presentation" style="margin:0 0 16px 0;border-collapse:collapse;">${rows.join('')}</table>`
}

function anchor(link: { label: string; url: string }): string {
  return `<a href="${escapeHtml(link.url)}" style="color:#1a5fb4;">${escapeHtml(link.label)}</a>`
}

function button(link: { label: string; url: string }): string {
  return (
    `<p style="margin:16px 0;"><a href="${escapeHtml(link.url)}" ` +
    'style="display:inline-block;padding:10px 20px;background-color:#1a5fb4;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;">' +
    `${escapeHtml(link.label)}</a></p>`
  )
}

/** A moment as the recipient reads it; UTC, because the mail cannot know where the reader is. */
export function formatMoment(
  iso: string | undefined,
  locale: Locale,
  timeZone: string | undefined = undefined,
): string | undefined {
  if (!iso || Number.isNaN(Date.parse(iso))) return undefined
  const zone = timeZone ?? 'UTC'
  const formatted = new Intl.DateTimeFormat(locale === 'de' ? 'de-AT' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: zone,
  }).format(new Date(iso))
  return zone === 'UTC' ? `${formatted} UTC` : `${formatted} (${zone})`
}
