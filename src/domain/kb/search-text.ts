/**
 * How knowledge-base text becomes search terms, for German and English alike. The same steps run
 * on the indexed articles and on the query, so whatever one side folds the other folds the same way.
 * Which language a query is in is unknown (a German customer may search an English article), so
 * the rules are the union of both and deliberately light: folding and a few suffixes, no dictionary.
 */

/** Function words that say nothing about what an article is about (German and English). */
const stopWords = new Set(
  [
    // English
    'a an and are as at be been but by can could do does for from had has have how i if in into is it',
    'its me my no not of on or our please so than that the their them then there these they this to',
    'was we were what when where which who why will with would you your',
    // German (folded: ä → ae, ü → ue, ß → ss)
    'aber als am an auch auf aus bei beim bin bis bitte da das dass dem den der des die dies diese diesem',
    'dieser doch du ein eine einem einen einer eines er es fuer hat hatte ich ihr im in ist ja kann',
    'kein keine mit nach nicht noch nur ob oder sein sich sie sind so ueber um und uns von vor war',
    'vom was weil wenn wie wir wird wo zu zum zur',
  ]
    .join(' ')
    .split(' '),
)

/** Tokens longer than this are not words (ids, hashes, pasted garbage) and would only slow fuzzy matching. */
export const maxTermLength = 40

/**
 * Lower case, German umlauts and ß spelled out as German writes them without umlauts
 * (ä → ae, ö → oe, ü → ue, ß → ss), other diacritics removed (é → e). So `Rückstellung` and
 * `Rueckstellung` are the same word, `RECHNUNGSDRUCK` and `Rechnungsdruck` too.
 */
export function foldText(text: string): string {
  const lower = text.toLowerCase()
  // Most words are plain ASCII: skip the Unicode work for them (indexing folds every word of every article).
  if (/^[ -~]*$/.test(lower)) return lower
  return lower
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
}

/** Splits text into words: runs of letters and digits (hyphens, slashes and dots separate). */
export function tokenize(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter(Boolean)
}

/**
 * Suffix rules, longest first; one rule applies, and only if a stem of at least four letters is left.
 * German plural and case endings and English inflections, so `Rechnungen` finds `Rechnung`,
 * `Mahnläufe` finds `Mahnlauf` and `printing` finds `print`.
 */
const suffixRules: readonly [suffix: string, replacement: string][] = [
  ['ungen', 'ung'],
  ['heiten', 'heit'],
  ['keiten', 'keit'],
  ['ies', 'y'],
  ['ing', ''],
  ['ern', ''],
  ['ed', ''],
  ['en', ''],
  ['er', ''],
  ['es', ''],
  ['em', ''],
  ['e', ''],
  ['n', ''],
  ['s', ''],
]
const minStemLength = 4

/** The stem of one folded word (see `suffixRules`). */
export function stem(word: string): string {
  for (const [suffix, replacement] of suffixRules) {
    if (!word.endsWith(suffix)) continue
    const base = word.slice(0, -suffix.length)
    if (base.length < minStemLength) return word
    // `status`, `analysis`, `process`: an s after u, i or s is part of the word, not a plural.
    if (suffix === 's' && /[uis]$/.test(base)) return word
    return base + replacement
  }
  return word
}

/**
 * One raw token as a search term: folded, stemmed; undefined for stop words, single characters and
 * tokens too long to be words. MiniSearch calls this for every token it indexes and searches.
 */
export function searchTerm(token: string): string | undefined {
  if (token.length > maxTermLength * 2) return undefined
  let term = knownTerms.get(token)
  if (term === undefined) {
    const folded = foldText(token)
    term = folded.length < 2 || folded.length > maxTermLength || stopWords.has(folded) ? '' : stem(folded)
    // Words repeat (a corpus of 10,000 articles has some 40,000 distinct ones): remember them, within bounds.
    if (knownTerms.size >= maxKnownTerms) knownTerms.clear()
    knownTerms.set(token, term)
  }
  return term || undefined
}

/** The terms of words seen before: indexing folds and stems each word once, not once per occurrence. */
const knownTerms = new Map<string, string>()
const maxKnownTerms = 200_000

/** The distinct search terms of a text, in order of first appearance. */
export function searchTerms(text: string): string[] {
  const terms = new Set<string>()
  for (const token of tokenize(text)) {
    const term = searchTerm(token)
    if (term) terms.add(term)
  }
  return [...terms]
}

/** A product name as filters and boosts compare it: folded, inner whitespace collapsed. */
export function productKey(product: string): string {
  return foldText(product).trim().replace(/\s+/g, ' ')
}

/**
 * Markdown as plain text, for indexing and snippets: code fences, emphasis, headings, list marks,
 * link targets, images and HTML tags removed; link texts kept.
 */
export function plainText(markdown: string): string {
  return markdown
    .replace(/```[^\n]*\n?/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>\n]{1,200}>/g, ' ')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/gm, '')
    .replace(/[*_~`]+/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}

/** How long a snippet may be, in characters. */
export const snippetLength = 200

/**
 * A short passage of `text` around the first word whose search term is one of `terms` (the
 * matched terms of a search result), or the text's beginning when none is found. Cut at word
 * boundaries, with `…` where it was cut.
 */
export function snippet(text: string, terms: ReadonlySet<string> = new Set()): string {
  if (text.length <= snippetLength) return text
  let at = 0
  if (terms.size > 0) {
    for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
      const term = searchTerm(match[0])
      if (term && terms.has(term)) {
        at = match.index
        break
      }
    }
  }
  // Some context before the match, the rest after it.
  let start = Math.max(0, at - Math.floor(snippetLength / 4))
  let end = Math.min(text.length, start + snippetLength)
  start = Math.max(0, end - snippetLength)
  if (start > 0) {
    const space = text.indexOf(' ', start)
    if (space !== -1 && space < at) start = space + 1
  }
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end)
    if (space > start && space > at) end = space
  }
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`
}
