import { describe, expect, it } from 'vitest'
import type { ContactExportLine } from '#src/use-cases/accounts/contact-export-lines.ts'
import { ExportPage, maxExportBytes, maxExportLines } from '#src/use-cases/accounts/contact-export-page.ts'

const lineOf = (bytes: number): ContactExportLine => {
  // `{"section":"comments","record":{"body":"…"}}` and its newline: 44 bytes around the body.
  return { section: 'comments', record: { body: 'x'.repeat(bytes - 44) } }
}
const ndjsonBytes = (lines: ContactExportLine[]) =>
  lines.reduce((sum, line) => sum + Buffer.byteLength(JSON.stringify(line)) + 1, 0)

describe('ExportPage', () => {
  it('bounds the response well below the 6 MB a Lambda may answer', () => {
    expect(maxExportLines).toBe(1000)
    expect(maxExportBytes).toBeLessThanOrEqual(6 * 1024 * 1024 - 400 * 1024 * 2)
  })

  it('takes lines up to its line bound, then turns the next away', () => {
    // Arrange
    const page = new ExportPage(3)

    // Act
    const taken = [1, 2, 3, 4].map(() => page.add(lineOf(100)))

    // Assert
    expect(taken).toEqual([true, true, true, false])
    expect(page.lines).toHaveLength(3)
    expect(page.full).toBe(true)
    expect(page.room).toBe(0)
  })

  it('counts bytes as the NDJSON body writes them, and turns away a line that would pass the byte bound', () => {
    // Arrange
    const page = new ExportPage(100, 1000)

    // Act
    const first = page.add(lineOf(400))
    const second = page.add(lineOf(400))
    const third = page.add(lineOf(400))
    const small = page.add(lineOf(100))

    // Assert
    expect(lineOf(400).record.body).toHaveLength(356)
    expect(page.size).toBe(ndjsonBytes(page.lines))
    expect(page.size).toBe(800)
    expect([first, second, third, small]).toEqual([true, true, false, false])
    expect(page.full).toBe(true)
  })

  it('still takes one line larger than the byte bound on an empty page, so every page advances', () => {
    // Arrange
    const page = new ExportPage(100, 1000)

    // Act
    const huge = page.add(lineOf(5000))
    const next = page.add(lineOf(100))

    // Assert
    expect([huge, next]).toEqual([true, false])
    expect(page.lines).toHaveLength(1)
  })
})
