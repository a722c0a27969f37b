import { Calendar } from '#src/domain/sla/calendar.ts'
import { SlaPolicy, TargetMinutes } from '#src/domain/sla/policy.ts'
import { SlaView } from '#src/domain/sla/sla-clock.ts'
import * as z from '#src/zod.ts'
import { resourceId } from './common.ts'

/** How a deadline comes about: business intervals counted, and those skipped with their reason. */
export const Explanation = z.object({
  counted: z.array(z.object({ start: z.string(), end: z.string(), minutes: z.number() })),
  skipped: z.array(
    z.object({ start: z.string(), end: z.string(), reason: z.string(), name: z.optional(z.string()) }),
  ),
})

export const CaseSlaDetail = z.extend(SlaView, { explanation: Explanation })

export const SlaPreviewBody = z.strictObject({
  calendarId: resourceId,
  start: z.iso.datetime({ offset: true }),
  targetMinutes: TargetMinutes,
})

export const SlaPreview = z.object({
  calendarId: z.string(),
  start: z.string(),
  targetMinutes: z.number(),
  dueAt: z.string(),
  explanation: Explanation,
})

export const CalendarParams = z.object({ calendarId: resourceId })
export const PolicyParams = z.object({ policyId: resourceId })

/** A calendar as PUT: its id comes from the path. */
export const CalendarBody = Calendar
export const PolicyBody = SlaPolicy
export { Calendar, SlaPolicy }
