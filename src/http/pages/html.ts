import { escapeHtml } from '#src/domain/notifications/mail-content.ts'

/** Markup that is already safe: built by `html`, so everything interpolated into it was escaped. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text
  }
}

/** What `html` takes between its parts: text (escaped), markup built by `html`, lists of it, or nothing. */
export type HtmlValue = string | number | Html | readonly Html[] | undefined | false

function render(value: HtmlValue): string {
  if (value === undefined || value === false) return ''
  if (value instanceof Html) return value.text
  if (Array.isArray(value)) return value.map((part: Html) => part.text).join('')
  return escapeHtml(String(value))
}

/**
 * A template tag for markup: every interpolated string or number is escaped for HTML content and
 * attribute values alike, so a case title (which users write) can never add markup. Only markup
 * that is itself built with `html` goes in as it is.
 *
 * @example html`<h1>${view.caseTitle}</h1>` // "<h1>&lt;script&gt;…</h1>" for a hostile title
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let text = strings[0] ?? ''
  values.forEach((value, index) => {
    text += render(value) + (strings[index + 1] ?? '')
  })
  return new Html(text)
}
