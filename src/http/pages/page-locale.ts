import type { Locale } from '#src/domain/vocabulary.ts'

/** The page's language when neither the survey nor the browser names one we speak. */
export const fallbackPageLocale: Locale = 'en'

/**
 * The language of a page whose survey is unknown (an unknown or expired link): the first of German
 * and English the browser's `Accept-Language` prefers (by its q-values, RFC 9110 §12.5.4),
 * else English.
 */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  const ranked = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [range = '', ...parameters] = part.trim().split(';')
      const q = parameters.map((p) => /^\s*q=([\d.]+)\s*$/i.exec(p)?.[1]).find(Boolean)
      return { language: range.trim().toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q), index }
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
  for (const { language } of ranked) {
    if (language === 'de' || language === 'en') return language
  }
  return fallbackPageLocale
}
