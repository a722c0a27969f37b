import type { SlaTarget } from './sla/sla-clock.ts'

/**
 * The timers of a case. Timers are hints and the table is the truth (docs/architecture.md): a timer
 * that fires late, twice or no longer due changes nothing. Each SLA target has a warning and a
 * breach timer; the first response keeps the names its timers had before there were other targets,
 * so schedules set then still find their clock.
 */
export const slaTimerKinds = {
  first_response: { warning: 'sla-warning', breach: 'sla-breach' },
  next_reply: { warning: 'reply-warning', breach: 'reply-breach' },
  periodic_update: { warning: 'update-warning', breach: 'update-breach' },
  resolution: { warning: 'resolution-warning', breach: 'resolution-breach' },
} as const satisfies Record<SlaTarget, { warning: string; breach: string }>

export const timerKinds = [
  'sla-warning',
  'sla-breach',
  'reply-warning',
  'reply-breach',
  'update-warning',
  'update-breach',
  'resolution-warning',
  'resolution-breach',
  'pending-closure',
  'auto-close',
] as const
export type TimerKind = (typeof timerKinds)[number]

/** The SLA clock and phase a timer kind belongs to, or undefined for a lifecycle timer. */
export function slaTimerOf(kind: TimerKind): { target: SlaTarget; phase: 'warning' | 'breach' } | undefined {
  for (const [target, kinds] of Object.entries(slaTimerKinds) as [
    SlaTarget,
    { warning: string; breach: string },
  ][]) {
    if (kinds.warning === kind) return { target, phase: 'warning' }
    if (kinds.breach === kind) return { target, phase: 'breach' }
  }
  return undefined
}
