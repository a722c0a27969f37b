import { surveyLifetimeDays, surveyRatingMeanings } from '#src/domain/survey.ts'
import type { Locale } from '#src/domain/vocabulary.ts'
import { surveyCommentMaxLength } from '#src/http/schemas/surveys.ts'

/** Every word of the hosted survey pages in one language. German is formal ("Sie"), as the mail is. */
export interface SurveyPageTexts {
  title: string
  heading: string
  /** "Case CS-1042" before the case's title. */
  caseLabel: string
  question: string
  /** What each of the five choices means, 1 to 5, shown (and read) after its number; the mail's words. */
  ratingWords: readonly [string, string, string, string, string]
  commentLabel: string
  commentHint: string
  submit: string
  validUntil(date: string): string
  ratingMissing: string
  commentTooLong: string
  /** The heading of the form shown again; the errors follow it. */
  formErrors: string
  thanksTitle: string
  thanksText(rating: number): string
  answeredTitle: string
  answeredText: string
  expiredTitle: string
  expiredText: string
  notFoundTitle: string
  notFoundText: string
  unreadableTitle: string
  unreadableText: string
  failedTitle: string
  failedText: string
  /** Formats the link's expiry for this language. */
  dateFormat: string
}

const de: SurveyPageTexts = {
  title: 'Umfrage zu Ihrem Fall',
  heading: 'Ihre Meinung zu unserer Unterstützung',
  caseLabel: 'Fall',
  question: 'Wie zufrieden waren Sie mit unserer Unterstützung bei diesem Fall?',
  ratingWords: surveyRatingMeanings.de,
  commentLabel: 'Möchten Sie uns noch etwas sagen? (optional)',
  commentHint: `Höchstens ${surveyCommentMaxLength} Zeichen.`,
  submit: 'Bewertung senden',
  validUntil: (date) => `Sie können bis ${date} antworten, einmal.`,
  ratingMissing: 'Bitte wählen Sie eine Bewertung von 1 bis 5.',
  commentTooLong: `Ihr Kommentar ist zu lang: höchstens ${surveyCommentMaxLength} Zeichen.`,
  formErrors: 'Bitte prüfen Sie Ihre Angaben:',
  thanksTitle: 'Vielen Dank für Ihre Bewertung!',
  thanksText: (rating) =>
    `Sie haben uns ${rating} von 5 gegeben. Ihre Rückmeldung hilft uns, besser zu werden.`,
  answeredTitle: 'Diese Umfrage ist bereits beantwortet',
  answeredText:
    'Zu diesem Fall haben wir Ihre Bewertung schon erhalten – vielen Dank! Jede Umfrage nimmt eine Antwort an.',
  expiredTitle: 'Dieser Link ist abgelaufen',
  expiredText: `Umfragen können ${surveyLifetimeDays} Tage lang nach dem Abschluss eines Falls beantwortet werden. Bei einem neuen Anliegen wenden Sie sich gern an unseren Support.`,
  notFoundTitle: 'Diese Umfrage gibt es nicht',
  notFoundText:
    'Der Link ist unvollständig oder ungültig. Bitte öffnen Sie ihn direkt aus der E-Mail, mit der wir Ihren Fall abgeschlossen haben.',
  unreadableTitle: 'Das Formular kam nicht an',
  unreadableText: 'Bitte öffnen Sie den Link aus der E-Mail erneut und senden Sie das Formular noch einmal.',
  failedTitle: 'Das hat leider nicht geklappt',
  failedText:
    'Auf unserer Seite ist ein Fehler aufgetreten. Bitte versuchen Sie es in ein paar Minuten noch einmal.',
  dateFormat: 'de-AT',
}

const en: SurveyPageTexts = {
  title: 'Survey on your case',
  heading: 'Your view of our support',
  caseLabel: 'Case',
  question: 'How satisfied were you with our support on this case?',
  ratingWords: surveyRatingMeanings.en,
  commentLabel: 'Anything else you would like to tell us? (optional)',
  commentHint: `At most ${surveyCommentMaxLength} characters.`,
  submit: 'Send rating',
  validUntil: (date) => `You can answer once, until ${date}.`,
  ratingMissing: 'Please choose a rating from 1 to 5.',
  commentTooLong: `Your comment is too long: at most ${surveyCommentMaxLength} characters.`,
  formErrors: 'Please check your answer:',
  thanksTitle: 'Thank you for your rating!',
  thanksText: (rating) => `You gave us ${rating} out of 5. Your feedback helps us improve.`,
  answeredTitle: 'This survey has already been answered',
  answeredText: 'We already have your rating for this case – thank you! Each survey takes one answer.',
  expiredTitle: 'This link has expired',
  expiredText: `Surveys can be answered for ${surveyLifetimeDays} days after a case was closed. If you need anything else, please contact our support.`,
  notFoundTitle: 'There is no survey at this link',
  notFoundText:
    'The link is incomplete or not valid. Please open it straight from the e-mail in which we closed your case.',
  unreadableTitle: 'Your answer did not arrive',
  unreadableText: 'Please open the link from the e-mail again and send the form once more.',
  failedTitle: 'Something went wrong',
  failedText: 'An error occurred on our side. Please try again in a few minutes.',
  dateFormat: 'en-GB',
}

const texts: Record<Locale, SurveyPageTexts> = { de, en }

/** The survey pages' wording in `locale`. */
export function surveyPageTexts(locale: Locale): SurveyPageTexts {
  return texts[locale]
}
