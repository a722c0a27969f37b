import type { ContactExportLine } from './contact-export-lines.ts'

/**
 * At most this many lines per page of an access export: a page of person-index keys is read with
 * one Query and its items with ten BatchGetItems (100 keys each), well within one invocation.
 * Clients may ask for fewer (`limit`).
 */
export const maxExportLines = 1000

/**
 * At most this many bytes of NDJSON per page: a Lambda response may carry 6 MB, and this leaves
 * room for the headers and for one more item of up to DynamoDB's 400 KB, as JSON, after the bound.
 */
export const maxExportBytes = 4 * 1024 * 1024

/**
 * One page of the export as it fills: it takes lines until either bound is reached. A line alone
 * larger than the byte bound still goes on an empty page (an item is at most 400 KB, far below
 * the response limit), so every page advances the export.
 */
export class ExportPage {
  readonly lines: ContactExportLine[] = []
  private bytes = 0
  private closed = false

  constructor(
    private readonly maxLines: number,
    private readonly maxBytes = maxExportBytes,
  ) {}

  /** Adds `line` if it fits; false when the page is full (the line then starts the next page). */
  add(line: ContactExportLine): boolean {
    if (this.full) return false
    // As the HTTP layer writes it: one JSON text and a newline.
    const size = Buffer.byteLength(JSON.stringify(line), 'utf8') + 1
    if (this.lines.length > 0 && this.bytes + size > this.maxBytes) {
      this.closed = true
      return false
    }
    this.lines.push(line)
    this.bytes += size
    return true
  }

  /** No further line fits: the line bound is reached, or a line was turned away for its size. */
  get full(): boolean {
    return this.closed || this.lines.length >= this.maxLines || this.bytes >= this.maxBytes
  }

  /** How many more lines the page could take, bytes permitting. */
  get room(): number {
    return this.full ? 0 : this.maxLines - this.lines.length
  }

  /** Bytes of NDJSON so far. */
  get size(): number {
    return this.bytes
  }
}
