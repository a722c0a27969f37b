// The SLA settings port: business calendars and SLA policies, each a list of versions.
// The use cases depend on these interfaces; adapters implement them (docs/architecture.md).
import type { Calendar } from '#src/domain/sla/calendar.ts'
import type { SlaPolicy } from '#src/domain/sla/policy.ts'
import type { Paged, PageRequest } from './common.ts'

/**
 * One version of a calendar or policy. Saving never changes a version: it adds the next one, so a
 * clock that started under version 3 can always read version 3 again (docs/sla.md, versions).
 */
export interface SettingVersion<T> {
  /** 1, 2, 3, …; a built-in calendar or policy is version 1 until an admin saves another. */
  version: number
  /** When it was saved; absent for a built-in version. */
  savedAt?: string | undefined
  definition: T
}

/** Reading business calendars and SLA policies: stored versions, or the built-in defaults. */
export interface SlaSettings {
  /** The latest version without `version`, else that version; undefined when there is none. */
  calendar(calendarId: string, version?: number): Promise<SettingVersion<Calendar> | undefined>
  policy(policyId: string, version?: number): Promise<SettingVersion<SlaPolicy> | undefined>
}

/** Saving calendars and policies (admins): each save adds the next version and answers it. */
export interface SlaSettingsAdmin {
  saveCalendar(calendar: Calendar, at: string): Promise<SettingVersion<Calendar>>
  savePolicy(policy: SlaPolicy, at: string): Promise<SettingVersion<SlaPolicy>>
}

/** Every version of calendars and policies, newest first (only the routes that list them need it). */
export interface SlaSettingVersions {
  /** Undefined when there is no such calendar at all. */
  listCalendarVersions(
    calendarId: string,
    page: PageRequest,
  ): Promise<Paged<SettingVersion<Calendar>> | undefined>
  listPolicyVersions(
    policyId: string,
    page: PageRequest,
  ): Promise<Paged<SettingVersion<SlaPolicy>> | undefined>
}
