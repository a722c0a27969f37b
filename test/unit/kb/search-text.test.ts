import { describe, expect, it } from 'vitest'
import {
  foldText,
  plainText,
  productKey,
  searchTerm,
  searchTerms,
  snippet,
  stem,
} from '#src/domain/kb/search-text.ts'

describe('foldText', () => {
  it.each([
    ['Rechnungsdruck', 'rechnungsdruck'],
    ['RECHNUNGSDRUCK', 'rechnungsdruck'],
    ['Rückstellung', 'rueckstellung'],
    ['Mahnläufe', 'mahnlaeufe'],
    ['Größe', 'groesse'],
    ['Café', 'cafe'],
  ])('%s → %s', (text, folded) => {
    expect(foldText(text)).toBe(folded)
  })
})

describe('stem', () => {
  it.each([
    ['rechnungen', 'rechnung'],
    ['rechnung', 'rechnung'],
    ['mahnlaeufe', 'mahnlaeuf'],
    ['mahnlaeufen', 'mahnlaeuf'],
    ['printing', 'print'],
    ['printed', 'print'],
    ['prints', 'print'],
    ['invoices', 'invoic'],
    ['invoice', 'invoic'],
    ['status', 'status'],
    ['user', 'user'],
  ])('%s → %s', (word, stemmed) => {
    expect(stem(word)).toBe(stemmed)
  })
})

describe('searchTerm', () => {
  it('folds before it stems, so spellings with and without umlauts meet', () => {
    expect(searchTerm('Mahnläufe')).toBe(searchTerm('mahnlaeufe'))
    expect(searchTerm('Rückstellungen')).toBe(searchTerm('Rueckstellung'))
  })

  it('drops stop words of both languages, single characters and overlong tokens', () => {
    expect(['the', 'und', 'für', 'x', 'a'.repeat(41)].map(searchTerm)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ])
  })

  it('keeps numbers such as error codes', () => {
    expect(searchTerms('Fehler 4711 beim Mahnlauf')).toEqual(['fehl', '4711', 'mahnlauf'])
  })
})

describe('productKey', () => {
  it('compares products regardless of case, umlauts and spacing', () => {
    expect(productKey('  Caseline   ERP ')).toBe(productKey('caseline erp'))
  })
})

describe('plainText', () => {
  it('keeps the words of markdown and drops its marks, link targets, fence languages and tags', () => {
    const markdown =
      '## Steps\n\n1. Open **Settings**\n- see [the guide](https://x.example/guide)\n```sh\nrun it\n```\n<br>'
    expect(plainText(markdown)).toBe('Steps Open Settings see the guide run it')
  })
})

describe('snippet', () => {
  const long = `${'Lorem ipsum dolor sit amet. '.repeat(20)}The Mahnlauf stops at the first vendor. ${'Consectetur adipiscing elit. '.repeat(20)}`

  it('shows the passage around the first matched word', () => {
    const shown = snippet(long, new Set([searchTerm('Mahnlauf') as string]))

    expect(shown).toContain('Mahnlauf stops')
    expect(shown.length).toBeLessThanOrEqual(202)
    expect(shown.startsWith('…')).toBe(true)
    expect(shown.endsWith('…')).toBe(true)
  })

  it('shows the beginning when no word matched, and short texts whole', () => {
    expect(snippet(long).startsWith('Lorem ipsum')).toBe(true)
    expect(snippet('Short.')).toBe('Short.')
  })
})
