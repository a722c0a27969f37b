import { BusinessCalendar, Calendar, UnionCalendar } from '#src/domain/sla/calendar.ts'
import { SlaPolicy, TargetMinutes } from '#src/domain/sla/policy.ts'
import type { SlaClockReading as SlaClockReadingOfDomain } from '#src/domain/sla/sla-clock.ts'
import { SlaState, SlaTarget, SlaView } from '#src/domain/sla/sla-clock.ts'
import { ServiceLevel, Severity } from '#src/domain/vocabulary.ts'
import * as z from '#src/zod.ts'
import { idOf, pageCursor, pageLimit, resourceId } from './common.ts'

/** How a deadline comes about: business intervals counted, and those skipped with their reason. */
export const Explanation = z.object({
  counted: z.array(z.object({ start: z.string(), end: z.string(), minutes: z.number() })),
  skipped: z.array(
    z.object({
      start: z.string(),
      end: z.string(),
      reason: z.string().register(z.globalRegistry, {
        description: '`outside_hours`, `weekend`, `holiday`, `extra_closed` or `paused`',
      }),
      name: z.optional(z.string()).register(z.globalRegistry, {
        description: "The holiday's or extra date's name, or why the clock was paused",
      }),
    }),
  ),
})

const SlaClockReading = z.object({
  target: SlaTarget,
  state: SlaState,
  targetMinutes: z.number(),
  startedAt: z.iso.datetime(),
  dueAt: z.nullable(z.iso.datetime()),
  warnAt: z.nullable(z.iso.datetime()).register(z.globalRegistry, {
    description: 'When the warning is due: null while paused, once warned, or for an ended clock',
  }),
  businessMinutesElapsed: z.number(),
  businessMinutesRemaining: z.number(),
  pausedSince: z.optional(z.iso.datetime()),
  endedAt: z.optional(z.iso.datetime()).register(z.globalRegistry, {
    description: 'When it stopped counting for good: its event (in time or late), or the end of the case',
  }),
  breachedAt: z.optional(z.iso.datetime()).register(z.globalRegistry, {
    description: 'Always its deadline: a breach is dated at `dueAt`',
  }),
  warnedAt: z.optional(z.iso.datetime()),
  cycle: z.optional(z.number()).register(z.globalRegistry, {
    description: 'Next reply and periodic update repeat: which cycle this is',
  }),
  calendar: z.object({ id: z.string(), version: z.nullable(z.number()) }),
  policy: z.object({ id: z.nullable(z.string()), version: z.nullable(z.number()) }),
}) satisfies z.ZodMiniType<SlaClockReadingOfDomain>

/** One clock with the explanation of its deadline, on the calendar and policy versions it keeps. */
export const ClockDetail = z
  .extend(SlaClockReading, { explanation: Explanation })
  .register(z.globalRegistry, {
    description:
      'One SLA clock. `calendar` and `policy` name the versions in force when it started, which it keeps. `explanation` shows how its deadline comes about.',
  })

export const CaseSlaDetail = z
  .extend(z.omit(SlaView, { clocks: true }), {
    explanation: Explanation,
    clocks: z.array(ClockDetail),
  })
  .register(z.globalRegistry, {
    description:
      "A case's SLA. The top-level fields are the first-response clock's reading, as in the case view. `clocks` lists every clock.",
  })

const PreviewPause = z.strictObject({
  start: z.iso.datetime({ offset: true }),
  end: z.optional(z.iso.datetime({ offset: true })).register(z.globalRegistry, {
    description: 'Absent: the clock is still paused, so there is no due time yet',
  }),
  reason: z.optional(z.string().check(z.maxLength(200))),
})

export const SlaPreviewBody = z.strictObject({
  calendarId: resourceId,
  start: z.iso.datetime({ offset: true }),
  target: z.optional(SlaTarget).register(z.globalRegistry, { description: 'Default `first_response`' }),
  targetMinutes: z.optional(TargetMinutes).register(z.globalRegistry, {
    description:
      "Business minutes to count. Without it, the policy's target for `serviceLevel` and `severity`",
  }),
  policyId: z.optional(resourceId).register(z.globalRegistry, { description: 'Default `default`' }),
  serviceLevel: z.optional(ServiceLevel),
  severity: z.optional(Severity),
  pauses: z.optional(z.array(PreviewPause).check(z.maxLength(50))).register(z.globalRegistry, {
    description: 'Times the clock would stand still, such as a case waiting on the customer',
  }),
})

export const SlaPreview = z.object({
  calendarId: z.string(),
  calendarVersion: z.number(),
  policy: z.optional(z.object({ id: z.string(), version: z.number() })),
  target: SlaTarget,
  start: z.string(),
  targetMinutes: z.number(),
  dueAt: z.nullable(z.string()).register(z.globalRegistry, {
    description: 'null while an open-ended pause holds the clock',
  }),
  warnAt: z.nullable(z.string()).register(z.globalRegistry, {
    description: "When the warning would come (the policy's warning share of the target)",
  }),
  pausedSince: z.optional(z.string()),
  explanation: Explanation,
})

const calendarId = idOf('The business calendar (built-in or saved with PUT)')
const policyId = idOf('The SLA policy (built-in or saved with PUT)')
export const CalendarParams = z.object({ calendarId })
export const PolicyParams = z.object({ policyId })
const versionNumber = z.coerce
  .number()
  .check(z.int(), z.minimum(1), z.maximum(1_000_000))
  .register(z.globalRegistry, { description: 'A saved version, from 1 (the built-in or first saved one)' })
export const CalendarVersionParams = z.object({ calendarId, version: versionNumber })
export const PolicyVersionParams = z.object({ policyId, version: versionNumber })

/**
 * What a GET answers besides the definition. A PUT may send them back (so a client can GET, edit
 * and PUT), but the server sets them: they are ignored.
 */
const readOnlyVersionFields = {
  version: z.optional(z.number()).register(z.globalRegistry, { description: 'Read-only: ignored' }),
  savedAt: z
    .optional(z.nullable(z.string()))
    .register(z.globalRegistry, { description: 'Read-only: ignored' }),
}

/** A calendar as PUT: its id comes from the path. */
export const CalendarBody = z.union([
  z.safeExtend(BusinessCalendar, readOnlyVersionFields),
  z.extend(UnionCalendar, readOnlyVersionFields),
])
export const PolicyBody = z.extend(SlaPolicy, readOnlyVersionFields)

const versionFields = {
  version: z.number().register(z.globalRegistry, {
    description: 'Each PUT saves the next version; built-in calendars and policies are version 1',
  }),
  savedAt: z.nullable(z.string()).register(z.globalRegistry, { description: 'null for a built-in version' }),
}

// Each kind extended, as `CalendarBody` is: the kinds are strict objects, so an intersection with
// the version fields would describe a body no answer can match (extra properties are refused).
export const CalendarVersion = z.union([
  z.safeExtend(BusinessCalendar, versionFields),
  z.extend(UnionCalendar, versionFields),
])
export const PolicyVersion = z.extend(SlaPolicy, versionFields)

const versionList = <T extends z.ZodMiniType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) })
export const CalendarVersionList = versionList(CalendarVersion)
export const PolicyVersionList = versionList(PolicyVersion)
export const VersionsQuery = z.strictObject({ limit: pageLimit(), cursor: pageCursor() })

export { Calendar, SlaPolicy }
