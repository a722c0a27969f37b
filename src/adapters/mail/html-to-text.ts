/**
 * A plain-text rendering of an HTML mail body, for mail that carries no text part. Not a browser:
 * it keeps what a support agent needs to read (paragraphs, line breaks, list items, link targets)
 * and marks quoted blocks (`<blockquote>`) with `> ` like a text mail does, so the same quote
 * stripping works on both. The scanner walks the markup once with `indexOf`, so a hostile body
 * cannot make it backtrack.
 */

/** Elements whose content is never text: scripts, styles and the head. */
const invisible = new Set(['head', 'script', 'style', 'title', 'template'])

/** Elements that start and end a line of their own. */
const blocks = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'dd',
  'div',
  'dl',
  'dt',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tr',
  'ul',
])

const namedEntities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  shy: '',
  auml: 'ä',
  ouml: 'ö',
  uuml: 'ü',
  Auml: 'Ä',
  Ouml: 'Ö',
  Uuml: 'Ü',
  szlig: 'ß',
  eacute: 'é',
  egrave: 'è',
  agrave: 'à',
  ccedil: 'ç',
  euro: '€',
  copy: '©',
  reg: '®',
  trade: '™',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  laquo: '«',
  raquo: '»',
  bdquo: '„',
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  sbquo: '‚',
  middot: '·',
  bull: '•',
  deg: '°',
}

/** `&auml;`, `&#228;`, `&#xE4;` → `ä`; unknown entities stay as they are. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (entity, name: string) => {
    if (name.startsWith('#')) {
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1))
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity
    }
    return namedEntities[name] ?? entity
  })
}

interface Line {
  depth: number
  text: string
}

/** Renders an HTML body as plain text. */
export function htmlToText(html: string): string {
  const lines: Line[] = []
  let current: Line = { depth: 0, text: '' }
  let quoteDepth = 0
  let preformatted = 0
  let hidden: string | undefined
  const links: { href: string; start: number }[] = []

  const breakLine = () => {
    lines.push(current)
    current = { depth: quoteDepth, text: '' }
  }
  /** Ends the current line unless it is empty, so that nested blocks do not pile up blank lines. */
  const ensureLineStart = () => {
    if (current.text.trim() !== '') breakLine()
    else current = { depth: quoteDepth, text: '' }
  }
  const appendText = (raw: string) => {
    if (hidden) return
    const decoded = decodeEntities(raw)
    if (preformatted > 0) {
      const parts = decoded.replace(/\r\n?/g, '\n').split('\n')
      parts.forEach((part, i) => {
        if (i > 0) breakLine()
        current.text += part
      })
      return
    }
    const collapsed = decoded.replace(/\s+/g, ' ')
    current.text += current.text === '' || current.text.endsWith(' ') ? collapsed.trimStart() : collapsed
  }
  const handleTag = (inner: string) => {
    const match = /^(\/?)\s*([a-zA-Z][a-zA-Z0-9]*)/.exec(inner)
    if (!match) return
    const closing = match[1] === '/'
    const name = (match[2] ?? '').toLowerCase()
    if (hidden) {
      if (closing && name === hidden) hidden = undefined
      return
    }
    if (invisible.has(name)) {
      if (!closing && !inner.trimEnd().endsWith('/')) hidden = name
      return
    }
    if (name === 'br') return breakLine()
    if (name === 'a') {
      if (!closing) {
        const href = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(inner)
        const target = decodeEntities(href?.[1] ?? href?.[2] ?? href?.[3] ?? '')
        links.push({ href: /^(https?:|mailto:)/i.test(target) ? target : '', start: current.text.length })
      } else {
        const link = links.pop()
        const label = link ? current.text.slice(link.start) : ''
        const shown = link?.href.replace(/^mailto:/i, '') ?? ''
        if (link?.href && !label.includes(shown)) current.text += ` <${shown}>`
      }
      return
    }
    if (name === 'td' || name === 'th') {
      if (closing) current.text += ' '
      return
    }
    if (!blocks.has(name)) return
    ensureLineStart()
    if (name === 'blockquote') {
      quoteDepth = Math.max(0, quoteDepth + (closing ? -1 : 1))
      current.depth = quoteDepth
    }
    if (name === 'pre') preformatted = Math.max(0, preformatted + (closing ? -1 : 1))
    if (name === 'li' && !closing) current.text = '- '
    // A paragraph is set apart by a blank line, as a person writing plain text would.
    if (closing && (name === 'p' || /^h[1-6]$/.test(name))) lines.push({ depth: quoteDepth, text: '' })
  }

  let i = 0
  while (i < html.length) {
    const open = html.indexOf('<', i)
    if (open < 0) {
      appendText(html.slice(i))
      break
    }
    appendText(html.slice(i, open))
    if (html.startsWith('<!--', open)) {
      const end = html.indexOf('-->', open + 4)
      i = end < 0 ? html.length : end + 3
      continue
    }
    // `a < b` in text: a `<` that opens no tag is text.
    if (!/[a-zA-Z/!?]/.test(html[open + 1] ?? '')) {
      appendText('<')
      i = open + 1
      continue
    }
    const close = html.indexOf('>', open)
    if (close < 0) break
    handleTag(html.slice(open + 1, close))
    i = close + 1
  }
  lines.push(current)

  const rendered = lines.map((line) => {
    const text = line.text.replace(/\s+$/, '')
    return line.depth > 0 ? `${'> '.repeat(line.depth)}${text}`.trimEnd() : text
  })
  return rendered
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+/, '')
    .trimEnd()
}
