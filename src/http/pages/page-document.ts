import { createHash } from 'node:crypto'
import type { Locale } from '#src/domain/vocabulary.ts'
import { Html, html } from './html.ts'

/**
 * The pages' one style sheet, inline (no external assets) and allowed by its hash. Colours meet
 * WCAG AA (text at least 4.5:1: the blue on white is 6.3:1, the grey 7.5:1; the choices' and the
 * field's borders 4.6:1, over the 3:1 for controls); focus is a thick outline
 * that never depends on colour alone; one column on a phone, five rating choices in a row from
 * 36 em on (each with its number and meaning).
 */
const styleSheet = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#f4f5f7;color:#1f2933;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
main{max-width:40rem;margin:0 auto;padding:1.5rem 1rem 3rem}
.card{background:#fff;border-radius:.5rem;padding:1.5rem;box-shadow:0 1px 3px rgba(31,41,51,.15)}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 .5rem}
p{margin:0 0 1rem}
.case{color:#4a5563;margin:0 0 1.5rem;overflow-wrap:anywhere}
.case strong{color:#1f2933}
fieldset{border:0;margin:0 0 1.5rem;padding:0;min-width:0}
legend{font-weight:600;font-size:1.125rem;margin:0 0 .75rem;padding:0}
.ratings{display:grid;gap:.5rem;grid-template-columns:1fr}
.rating{display:flex;align-items:center;gap:.75rem;padding:.75rem 1rem;border:2px solid #6b7785;border-radius:.5rem;background:#fff;cursor:pointer}
.rating input{width:1.25rem;height:1.25rem;margin:0;accent-color:#1a5fb4;flex:none}
.rating:has(input:checked){border-color:#1a5fb4;background:#e8f0fb}
.rating input:focus-visible{outline:3px solid #1a5fb4;outline-offset:3px}
.rating:has(input:focus-visible){box-shadow:0 0 0 3px #ffbf47}
.value{font-size:1.25rem;font-weight:700;min-width:1ch}
.words{font-size:.9375rem}
label.comment{display:block;font-weight:600;margin:0 0 .5rem}
.hint{color:#4a5563;font-size:.875rem;margin:-.25rem 0 .5rem}
textarea{display:block;width:100%;min-height:8rem;padding:.75rem;border:2px solid #6b7785;border-radius:.5rem;font:inherit;color:inherit;resize:vertical}
textarea:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px;border-color:#1a5fb4}
button{margin-top:1.5rem;padding:.75rem 1.5rem;border:0;border-radius:.5rem;background:#1a5fb4;color:#fff;font:inherit;font-weight:600;cursor:pointer;width:100%}
button:hover{background:#15508f}
button:focus-visible{outline:3px solid #1f2933;outline-offset:3px}
.error{border-left:4px solid #b3261e;background:#fdecea;color:#8c1d18;padding:.75rem 1rem;border-radius:.25rem;margin:0 0 1rem}
.note{color:#4a5563;font-size:.875rem;margin:1.5rem 0 0}
@media (min-width:36em){
  main{padding-top:3rem}
  .card{padding:2rem}
  .ratings{grid-template-columns:repeat(5,1fr)}
  .rating{flex-direction:column;gap:.25rem;text-align:center;padding:.75rem .25rem}
  .words{font-size:.8125rem;line-height:1.25}
  button{width:auto}
}
`

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64')

/**
 * Nothing but this page's own style sheet (by hash) and posting its form to this API: no script, no
 * images, no fonts, no frames around it, no other form target, no `<base>`.
 */
export const pageContentSecurityPolicy = [
  "default-src 'none'",
  `style-src 'sha256-${sha256(styleSheet)}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ')

/**
 * The headers of every page: the policy above, and no caching anywhere nor a `Referer` to another
 * site, as the link's token in the URL is a credential.
 */
export const pageHeaders: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': pageContentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
}

/** A whole page: language, phone-ready viewport, the title, and the content in one card. */
export function pageDocument(page: { locale: Locale; title: string; content: Html }): string {
  return html`<!doctype html>
<html lang="${page.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${page.title}</title>
<style>${new Html(styleSheet)}</style>
</head>
<body>
<main><div class="card">
${page.content}
</div></main>
</body>
</html>
`.text
}
