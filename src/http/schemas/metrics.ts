import * as z from 'zod'
import { CaseView } from '#src/domain/case.ts'
import { daysInPeriod, maxPeriodDays } from '#src/domain/metrics/report.ts'
import { resourceId } from './cases.ts'

const date = z.iso.date().meta({ description: 'A UTC date, `YYYY-MM-DD`', examples: ['2026-11-01'] })

const period = {
  from: date.meta({ description: 'First UTC date of the period (included), `YYYY-MM-DD`' }),
  to: date.meta({ description: 'Last UTC date of the period (included), `YYYY-MM-DD`' }),
}

/** `from` not after `to`, and at most a year: the longest period one request reads. */
function checkPeriod(value: { from: string; to: string }, ctx: z.RefinementCtx): void {
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
    accountId: resourceId
      .optional()
      .meta({ description: 'One account. Without it: all accounts (staff), or your own (customer admin)' }),
  })
  .superRefine(checkPeriod)
export type MetricsQuery = z.infer<typeof MetricsQuery>

export const ExportCasesQuery = z
  .strictObject({
    ...period,
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().min(1).max(2048).optional(),
  })
  .superRefine(checkPeriod)
export type ExportCasesQuery = z.infer<typeof ExportCasesQuery>

const count = z.int().min(0)

/** The figures of a period or day, for one severity or all. */
export const MetricsSummary = z
  .object({
    opened: count.meta({ description: 'Cases filed' }),
    closed: count.meta({ description: 'Cases closed (by the customer, by support, or automatically)' }),
    cancelled: count.meta({ description: 'Cases cancelled by the customer' }),
    firstResponses: z.object({
      met: count.meta({ description: 'First responses within the SLA target' }),
      breached: count.meta({
        description: 'First responses after the deadline, and cases cancelled unanswered after it',
      }),
      complianceRate: z
        .number()
        .min(0)
        .max(1)
        .nullable()
        .meta({ description: 'met / (met + breached); null when there is neither' }),
    }),
    firstResponseBusinessMinutes: z
      .object({
        count: count.meta({ description: 'First responses with a business-time measurement' }),
        median: z.number().nullable(),
        p90: z.number().nullable(),
      })
      .meta({
        description:
          'Business minutes from filing to the first response (pauses excluded): exact below 32 minutes, otherwise within 3.2 %',
      }),
    backlog: z.object({
      atEnd: z.int().meta({ description: 'Cases open at the end of the period (or day)' }),
    }),
    csat: z.object({
      average: z
        .number()
        .min(1)
        .max(5)
        .nullable()
        .meta({ description: 'Average rating 1–5; null without answers' }),
      count: count.meta({ description: 'Survey answers' }),
    }),
  })
  .meta({ description: 'Case metrics of one period or day' })

const bySeverity = z
  .object({ critical: MetricsSummary, urgent: MetricsSummary, standard: MetricsSummary, low: MetricsSummary })
  .meta({ description: 'The same figures per severity' })

const Breakdown = MetricsSummary.extend({ bySeverity })

export const MetricsReport = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    timeZone: z.literal('UTC').meta({ description: 'Days are UTC dates' }),
    accountId: z.string().nullable().meta({ description: 'The account; null for all accounts' }),
    totals: Breakdown,
    days: z
      .array(Breakdown.extend({ date: z.iso.date() }))
      .meta({ description: 'Days with recorded activity, oldest first; an unlisted day had none' }),
  })
  .meta({ description: 'Case metrics of a period, from the aggregates the event handler keeps' })

/**
 * The export's body: newline-delimited JSON, one case (as `GET /v1/cases/{caseId}` shows it) per
 * line. The next page's cursor travels in the `X-Next-Cursor` header, as the body has no envelope.
 */
export const CaseExport = z.array(CaseView).meta({
  contentMediaType: 'application/x-ndjson',
  description: 'One case per line (newline-delimited JSON)',
})

/** The response header that carries the export's next cursor (absent on the last page). */
export const nextCursorHeader = 'x-next-cursor'
