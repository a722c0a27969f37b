/**
 * The timers of a case. Timers are hints and the table is the truth (docs/architecture.md): a timer
 * that fires late, twice or no longer due changes nothing.
 */
export const timerKinds = ['sla-warning', 'sla-breach', 'pending-closure', 'auto-close'] as const
export type TimerKind = (typeof timerKinds)[number]
