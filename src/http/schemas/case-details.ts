import type { CaseDetailField } from '#src/use-cases/case-details.ts'
import * as z from '#src/zod.ts'
import { shortText } from './common.ts'

/**
 * The details of a case as filing and editing take them, one list for both bodies (the use cases'
 * `caseDetailFields`, src/use-cases/case-details.ts).
 */
export const caseDetails = {
  title: shortText(200),
  description: shortText(20_000),
  product: shortText(100),
  productVersion: z.optional(shortText(50)),
  component: z.optional(shortText(100)),
  category: z.optional(shortText(100)),
  /** What the problem does to the business. Required for critical and urgent cases. */
  impact: z.optional(shortText(5_000)),
} satisfies Record<CaseDetailField, z.core.$ZodType>

/** Custom field values by key (checked against the catalogue by the use case, each error pointing at `/customFields/<key>`). */
export const customFields = (description: string) =>
  z.record(z.string(), z.unknown()).register(z.globalRegistry, {
    description: `Custom field values by key (\`GET /v1/case-fields\`)${description}`,
  })
