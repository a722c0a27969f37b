/**
 * Strips the quoted previous message from an e-mail reply, so that a comment holds what the
 * customer wrote and not our notification again. Mail programs mark the quote in a few common
 * ways, in English and German:
 *
 * - an attribution line: `On Mon, 24 Nov 2026 at 10:00, Support <…> wrote:` (Gmail, Apple Mail,
 *   Thunderbird) or `Am 24.11.2026 um 10:00 schrieb Support <…>:`, possibly wrapped onto two lines;
 * - a separator: `-----Original Message-----` / `-----Ursprüngliche Nachricht-----` (Outlook);
 * - Outlook's header block: a `From:`/`Von:` line followed by `Sent:`/`Gesendet:` (often after a
 *   line of underscores);
 * - lines starting with `>`.
 *
 * Everything from the first marker on is dropped, and so are `>` lines above it (inline quotes).
 * Attribution lines must carry a digit (their date), so an ordinary sentence ending in "wrote:"
 * does not cut a message short. If stripping would leave nothing, the full text is kept: a reply
 * that is only a quote is better kept whole than lost.
 */
export function stripQuotedReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const start = lines.findIndex((_, i) => startsQuote(lines, i))
  const kept = (start < 0 ? lines : lines.slice(0, start)).filter((line) => !/^\s*>/.test(line))
  const stripped = kept.join('\n').trim()
  return stripped.length > 0 ? stripped : text.trim()
}

const attribution = [/^On\s.{0,300}\swrote:$/i, /^Am\s.{0,300}\sschrieb\s.{0,300}:$/i]
const separator = /^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Originalnachricht)\s*-{2,}$/i
const headerFrom = /^\*?(From|Von):\*?\s/i
const headerNext = /^\*?(Sent|Gesendet|Date|Datum|To|An|Subject|Betreff):\*?\s/i

function isAttribution(line: string): boolean {
  return /\d/.test(line) && attribution.some((pattern) => pattern.test(line))
}

/** Whether the quote begins at line `i`. */
function startsQuote(lines: readonly string[], i: number): boolean {
  const line = (lines[i] ?? '').trim()
  if (line === '') return false
  if (separator.test(line)) return true
  if (/^(On|Am)\s/i.test(line)) {
    // Long attributions wrap: `On …, Caseline Support <` / `support@…> wrote:`.
    if (isAttribution(line) || isAttribution(`${line} ${(lines[i + 1] ?? '').trim()}`)) return true
  }
  if (/^_{10,}$/.test(line)) {
    const next = lines.slice(i + 1).find((l) => l.trim() !== '')
    if (next && headerFrom.test(next.trim())) return true
  }
  if (headerFrom.test(line)) return lines.slice(i + 1, i + 4).some((l) => headerNext.test(l.trim()))
  return false
}
