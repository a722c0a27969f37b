import * as z from 'zod'
import { EventEnvelope, EventType, eventTypes } from '#src/domain/events/envelope.ts'
import type { EventPageView, ListEventsInput } from '#src/use-cases/events/list-events.ts'
import { resourceId } from './cases.ts'

/** `case.created,case.commented`: event types, comma-separated, each known (else a 400 naming the unknown ones). */
const EventTypeList = z
  .string()
  .min(1)
  .max(1000)
  .transform((value, ctx) => {
    const names = value.split(',').map((name) => name.trim())
    const unknown = names.filter((name) => !EventType.safeParse(name).success)
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `names unknown event types: ${unknown.map((name) => `"${name}"`).join(', ')}; known: ${eventTypes.join(', ')}`,
      })
      return z.NEVER
    }
    return [...new Set(names)] as EventType[]
  })
  .meta({
    description: 'Only these event types, comma-separated (e.g. `case.created,case.commented`)',
    examples: ['case.created,case.commented'],
  })

/** `GET /v1/events`: the query as the API takes it (`type` is the use case's `types`). */
export const ListEventsQuery = z.strictObject({
  after: z.string().min(1).max(2048).optional().meta({
    description: 'The `nextCursor` of your last read; without it, from the oldest event kept (90 days)',
  }),
  type: EventTypeList.optional(),
  caseId: resourceId.optional().meta({ description: 'Only the events of this case' }),
  limit: z.coerce.number().int().min(1).max(100).default(25),
}) satisfies z.ZodType<Omit<ListEventsInput, 'types'> & { type?: EventType[] | undefined }>
export type ListEventsQuery = z.infer<typeof ListEventsQuery>

export const EventPage = z
  .object({
    items: z.array(EventEnvelope).meta({ description: 'The events, oldest first' }),
    nextCursor: z.string().meta({
      description:
        'Always present, also on the last page: pass it as `after` to resume exactly after the last event read',
    }),
    hasMore: z
      .boolean()
      .meta({ description: 'More events are readable now; false: you are up to date, poll again later' }),
  })
  .meta({ description: 'A page of the change feed' }) satisfies z.ZodType<EventPageView>
