import { Severity } from '#src/domain/vocabulary.ts'
import * as z from '#src/zod.ts'
import { SlaTarget } from './sla-clock.ts'

/**
 * A clock's final outcome, carried by the case event written with the change that made it final
 * (`details.slaOutcomes`), so the metrics count it from the event alone. Each clock (each cycle of a
 * repeating one) reaches exactly one event with its outcome (docs/sla.md, "Metrics").
 */
export const SlaOutcome = z.object({
  target: SlaTarget,
  outcome: z.enum(['met', 'breached']),
  /** The business minutes the clock counted, pauses excluded. */
  businessMinutes: z.int().check(z.minimum(0)),
  /** The case's severity when the clock ended. */
  severity: Severity,
})
export type SlaOutcome = z.infer<typeof SlaOutcome>
