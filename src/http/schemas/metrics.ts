import { CaseView } from '#src/domain/case.ts'
import { daysInPeriod, maxPeriodDays } from '#src/domain/metrics/report.ts'
import * as z from '#src/zod.ts'
import { pageCursor, pageLimit, resourceId } from './common.ts'

const date = z.iso
  .date()
  .register(z.globalRegistry, { description: 'A UTC date, `YYYY-MM-DD`', examples: ['2026-11-01'] })

// `date` is shared: each bound describes a copy of it, which keeps the example (registered metadata is inherited).
const period = {
  from: date
    .clone()
    .register(z.globalRegistry, { description: 'First UTC date of the period (included), `YYYY-MM-DD`' }),
  to: date
    .clone()
    .register(z.globalRegistry, { description: 'Last UTC date of the period (included), `YYYY-MM-DD`' }),
}

/** `from` not after `to`, and at most a year: the longest period one request reads. */
function checkPeriod(value: { from: string; to: string }, ctx: z.core.$RefinementCtx): void {
  if (value.from > value.to) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' })
  } else if (daysInPeriod(value.from, value.to) > maxPeriodDays) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `must be at most ${maxPeriodDays} days after from`,
    })
  }
}

export const MetricsQuery = z
  .strictObject({
    ...period,
    accountId: z.optional(resourceId).register(z.globalRegistry, {
      description: 'One account. Without it: all accounts (staff), or your own (customer admin)',
    }),
  })
  .check(z.superRefine(checkPeriod))
export type MetricsQuery = z.infer<typeof MetricsQuery>

export const ExportCasesQuery = z
  .strictObject({
    ...period,
    limit: pageLimit(),
    cursor: pageCursor().register(z.globalRegistry, {
      description:
        'Opaque: the `X-Next-Cursor` header of the page before, with the same period; absent for the first page',
    }),
  })
  .check(z.superRefine(checkPeriod))
export type ExportCasesQuery = z.infer<typeof ExportCasesQuery>

const count = z.int().check(z.minimum(0))

/** A described copy of `count`: the shared schema itself stays without a description. */
const countOf = (description: string) => count.clone().register(z.globalRegistry, { description })

/** Met and breached clocks (or first responses), and the share met. */
const outcomeCounts = (met: string, breached: string) => ({
  met: countOf(met),
  breached: countOf(breached),
  complianceRate: z
    .nullable(z.number().check(z.minimum(0), z.maximum(1)))
    .register(z.globalRegistry, { description: 'met / (met + breached); null when there is neither' }),
})

/** A histogram's count, median and 90th percentile of business minutes. */
const businessMinutes = (counted: string, description: string) =>
  z
    .object({ count: countOf(counted), median: z.nullable(z.number()), p90: z.nullable(z.number()) })
    .register(z.globalRegistry, { description })

/** One SLA target's figures: its clocks' final outcomes and the business minutes they counted. */
const targetFigures = (description: string) =>
  z
    .object({
      ...outcomeCounts('Clocks that ended within the target', 'Clocks that passed their deadline'),
      businessMinutes: businessMinutes(
        'Outcomes counted (met and breached)',
        'Business minutes each clock counted (pauses excluded): exact below 32 minutes, otherwise within 3.2 %',
      ),
    })
    .register(z.globalRegistry, { description })

const slaTargets = z
  .object({
    first_response: targetFigures('First response: from filing to support’s first public reaction'),
    next_reply: targetFigures(
      'Next reply: from a public customer comment to support’s next public reply (each one counts)',
    ),
    periodic_update: targetFigures(
      'Periodic update: the business time between public staff updates while the case is with support (each interval counts)',
    ),
    resolution: targetFigures(
      'Resolution: from filing to the solution proposed (or the case closed by support)',
    ),
  })
  .register(z.globalRegistry, {
    description:
      'Per SLA target, the clocks whose outcome became final in the period (or day), under the severity the case had then; every target is listed, with zeros when none ended',
  })

/** The figures of a period or day, for one severity or all. */
export const MetricsSummary = z
  .object({
    opened: countOf('Cases filed'),
    closed: countOf('Cases closed (by the customer, by support, or automatically)'),
    cancelled: countOf('Cases cancelled by the customer'),
    purged: countOf(
      'Ended cases purged by their account’s retention (`retainClosedCasesDays`, docs/privacy.md), counted on the day of the purge; the other figures keep what those cases added',
    ),
    firstResponses: z.object(
      outcomeCounts(
        'First responses within the SLA target',
        'First responses after the deadline, and cases cancelled unanswered after it',
      ),
    ),
    firstResponseBusinessMinutes: businessMinutes(
      'First responses with a business-time measurement',
      'Business minutes from filing to the first response (pauses excluded): exact below 32 minutes, otherwise within 3.2 %',
    ),
    backlog: z.object({
      atEnd: z
        .int()
        .register(z.globalRegistry, { description: 'Cases open at the end of the period (or day)' }),
    }),
    csat: z.object({
      average: z
        .nullable(z.number().check(z.minimum(1), z.maximum(5)))
        .register(z.globalRegistry, { description: 'Average rating 1–5; null without answers' }),
      count: countOf('Survey answers'),
    }),
    slaTargets,
  })
  .register(z.globalRegistry, { description: 'Case metrics of one period or day' })

const bySeverity = z
  .object({ critical: MetricsSummary, urgent: MetricsSummary, standard: MetricsSummary, low: MetricsSummary })
  .register(z.globalRegistry, { description: 'The same figures per severity' })

const Breakdown = z.extend(MetricsSummary, { bySeverity })

export const MetricsReport = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    timeZone: z.literal('UTC').register(z.globalRegistry, { description: 'Days are UTC dates' }),
    accountId: z
      .nullable(z.string())
      .register(z.globalRegistry, { description: 'The account; null for all accounts' }),
    totals: Breakdown,
    days: z.array(z.extend(Breakdown, { date: z.iso.date() })).register(z.globalRegistry, {
      description: 'Days with recorded activity, oldest first; an unlisted day had none',
    }),
  })
  .register(z.globalRegistry, {
    description: 'Case metrics of a period, from the aggregates the event handler keeps',
  })

/**
 * The export's body: newline-delimited JSON, one case (as `GET /v1/cases/{caseId}` shows it) per
 * line. The next page's cursor travels in the `X-Next-Cursor` header, as the body has no envelope.
 */
export const CaseExport = z.array(CaseView).register(z.globalRegistry, {
  contentMediaType: 'application/x-ndjson',
  description: 'One case per line (newline-delimited JSON)',
})

/** The response header that carries the export's next cursor (absent on the last page). */
export const nextCursorHeader = 'x-next-cursor'
