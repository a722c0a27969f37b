import type { SurveyAnswer } from '#src/domain/survey.ts'
import type { Locale } from '#src/domain/vocabulary.ts'
import type { ErrorPage, HttpResult } from '#src/http/http-handler.ts'
import { surveyCommentMaxLength } from '#src/http/schemas/surveys.ts'
import type { SurveyView } from '#src/use-cases/surveys.ts'
import { type Html, html } from './html.ts'
import { pageDocument, pageHeaders } from './page-document.ts'
import { localeFromAcceptLanguage } from './page-locale.ts'
import type { EnteredSurveyAnswer, SurveyFormField } from './survey-form.ts'
import { type SurveyPageTexts, surveyPageTexts } from './survey-page-texts.ts'

/** What the form shows besides the survey: a preselected rating, or an answer shown again with its errors. */
export interface SurveyFormState {
  /** The token of the page's own address: the form posts back to it. */
  token: string
  /** Checked when the page opens (`?rating=5` from the mail). */
  preselected?: number | undefined
  /** What the reader entered, when the form comes back invalid. */
  entered?: EnteredSurveyAnswer | undefined
  invalid?: readonly SurveyFormField[] | undefined
}

const ratings = [1, 2, 3, 4, 5] as const

function caseLine(view: SurveyView, t: SurveyPageTexts): Html {
  return html`<p class="case">${t.caseLabel} <strong>${view.caseNumber}</strong>: ${view.caseTitle}</p>`
}

function expiryDate(validUntil: string, t: SurveyPageTexts): string {
  return new Intl.DateTimeFormat(t.dateFormat, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(validUntil),
  )
}

/** One choice: a native radio button (arrow keys move between the five), its number and its meaning. */
function ratingChoice(rating: number, words: string, checked: boolean): Html {
  return html`<label class="rating"><input type="radio" name="rating" value="${rating}" required${checked ? html` checked` : false}><span class="value">${rating}</span><span class="words">${words}</span></label>`
}

/**
 * The survey's form: the case, five radio buttons in a fieldset (the question is its legend, each
 * choice labelled with its meaning), an optional comment, and a submit button. It posts to its own
 * address as a plain form: no script. Shown again after an invalid answer, it keeps what was
 * entered and says what to fix, next to the fields (`aria-describedby`).
 */
export function surveyFormPage(view: SurveyView, state: SurveyFormState): string {
  const t = surveyPageTexts(view.locale)
  const invalid = new Set(state.invalid ?? [])
  const chosen = state.entered ? Number(state.entered.rating) : state.preselected
  const comment = state.entered?.comment ?? ''
  const errors = [
    ...(invalid.has('rating') ? [html`<li id="rating-error">${t.ratingMissing}</li>`] : []),
    ...(invalid.has('comment') ? [html`<li id="comment-error">${t.commentTooLong}</li>`] : []),
  ]
  const content = html`<h1>${t.heading}</h1>
${caseLine(view, t)}
${errors.length > 0 && html`<div class="error" role="alert"><p>${t.formErrors}</p><ul>${errors}</ul></div>`}
<form method="post" action="${encodeURIComponent(state.token)}">
<fieldset${invalid.has('rating') ? html` aria-describedby="rating-error"` : false}>
<legend>${t.question}</legend>
<div class="ratings">
${ratings.map((rating) => ratingChoice(rating, t.ratingWords[rating - 1] as string, chosen === rating))}
</div>
</fieldset>
<label class="comment" for="comment">${t.commentLabel}</label>
<p class="hint" id="comment-hint">${t.commentHint}</p>
<textarea id="comment" name="comment" maxlength="${surveyCommentMaxLength}" aria-describedby="comment-hint${invalid.has('comment') ? ' comment-error' : ''}"${invalid.has('comment') ? html` aria-invalid="true"` : false}>${comment}</textarea>
<button type="submit">${t.submit}</button>
</form>
<p class="note">${t.validUntil(expiryDate(view.validUntil, t))}</p>`
  return pageDocument({ locale: view.locale, title: `${t.title} – ${view.caseNumber}`, content })
}

/** After the answer was recorded: thanks, and the rating given. */
export function surveyThanksPage(view: SurveyView, answer: SurveyAnswer): string {
  const t = surveyPageTexts(view.locale)
  const content = html`<h1>${t.thanksTitle}</h1>
${caseLine(view, t)}
<p>${t.thanksText(answer.rating)}</p>`
  return pageDocument({ locale: view.locale, title: t.thanksTitle, content })
}

function messagePage(locale: Locale, title: string, text: string, view?: SurveyView): string {
  const t = surveyPageTexts(locale)
  const content = html`<h1>${title}</h1>
${view && caseLine(view, t)}
<p>${text}</p>`
  return pageDocument({ locale, title, content })
}

/** A survey that took its answer already: said in the contact's language, with the case it is about. */
export function surveyAnsweredPage(view: SurveyView): string {
  const t = surveyPageTexts(view.locale)
  return messagePage(view.locale, t.answeredTitle, t.answeredText, view)
}

/** The wording of a failure, by the status the error mapping gave it. */
function failureWording(status: number, t: SurveyPageTexts): { title: string; text: string } {
  switch (status) {
    // A malformed token (400) is as unknown as a forged one (404): neither names a survey.
    case 400:
    case 404:
      return { title: t.notFoundTitle, text: t.notFoundText }
    case 409:
      return { title: t.answeredTitle, text: t.answeredText }
    case 410:
      return { title: t.expiredTitle, text: t.expiredText }
    case 413:
    case 415:
      return { title: t.unreadableTitle, text: t.unreadableText }
    default:
      return { title: t.failedTitle, text: t.failedText }
  }
}

/**
 * The page an error of the survey pages becomes: unknown (404), answered (409), expired (410), a
 * form that could not be read (413, 415) or our fault (5xx), with the status and headers the one
 * error mapping gave it (a 503 keeps its `Retry-After`). The survey is not known here, so the
 * browser's `Accept-Language` picks the language.
 */
export const surveyErrorPage: ErrorPage = ({ status, headers }, requestHeaders): HttpResult => {
  const locale = localeFromAcceptLanguage(requestHeaders['accept-language'])
  const { title, text } = failureWording(status, surveyPageTexts(locale))
  return {
    statusCode: status,
    headers: { ...headers, ...pageHeaders },
    body: messagePage(locale, title, text),
  }
}
