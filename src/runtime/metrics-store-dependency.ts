import type { CursorCodec } from '#src/adapters/cursor.ts'
import { createMetricsRepository } from '#src/adapters/dynamodb/metrics-repository.ts'
import type { CaseExportSource, MetricsStore } from '#src/use-cases/ports/metrics.ts'
import { noCursors, tableContext } from './table-context.ts'

/**
 * Metrics aggregates (written by the event handler, read by `GET /v1/metrics`) and all cases by
 * creation time (`GET /v1/cases/export`, whose pages need `cursorCodec`, `cursor-codec.ts`).
 */
export function metricsStore(
  cursors: () => Promise<CursorCodec> = noCursors,
): MetricsStore & CaseExportSource {
  const { doc, config } = tableContext()
  return createMetricsRepository(doc, config.tableName, cursors)
}
