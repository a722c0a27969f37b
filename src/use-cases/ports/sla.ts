// The SLA settings port: business calendars and SLA policies.
// The use cases depend on these interfaces; adapters implement them (docs/architecture.md).
import type { Calendar } from '#src/domain/sla/calendar.ts'
import type { SlaPolicy } from '#src/domain/sla/policy.ts'

/** Business calendars and SLA policies: stored ones, or the built-in defaults. */
export interface SlaSettings {
  calendar(calendarId: string): Promise<Calendar | undefined>
  policy(policyId: string): Promise<SlaPolicy | undefined>
  saveCalendar(calendar: Calendar, at: string): Promise<void>
  savePolicy(policy: SlaPolicy, at: string): Promise<void>
}
