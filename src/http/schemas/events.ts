import { EventEnvelope, EventType, eventTypes } from '#src/domain/events/envelope.ts'
import type { EventPageView, ListEventsInput } from '#src/use-cases/events/list-events.ts'
import * as z from '#src/zod.ts'
import { pageLimit, resourceId } from './common.ts'

/** `case.created,case.commented`: event types, comma-separated, each known (else a 400 naming the unknown ones). */
const EventTypeList = z
  .pipe(
    z.string().check(z.minLength(1), z.maxLength(1000)),
    z.transform((value: string, payload) => {
      const names = value.split(',').map((name) => name.trim())
      const unknown = names.filter((name) => !EventType.safeParse(name).success)
      if (unknown.length > 0) {
        // zod/mini's transform has no `addIssue`: the issue goes on the payload, as zod's own checks put theirs.
        payload.issues.push({
          code: 'custom',
          input: value,
          message: `names unknown event types: ${unknown.map((name) => `"${name}"`).join(', ')}; known: ${eventTypes.join(', ')}`,
        })
        return z.NEVER
      }
      return [...new Set(names)] as EventType[]
    }),
  )
  .register(z.globalRegistry, { examples: ['case.created,case.commented'] })

/** `GET /v1/events`: the query as the API takes it (`type` is the use case's `types`). */
export const ListEventsQuery = z.strictObject({
  after: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))).register(z.globalRegistry, {
    description: 'The `nextCursor` of your last read; without it, from the oldest event kept (90 days)',
  }),
  // On the optional wrapper: the parameter takes its description from the schema it is given.
  type: z.optional(EventTypeList).register(z.globalRegistry, {
    description:
      'Only these event types, comma-separated (e.g. `case.created,case.commented`); an unknown one is 400',
  }),
  caseId: z.optional(resourceId).register(z.globalRegistry, { description: 'Only the events of this case' }),
  limit: pageLimit(),
}) satisfies z.core.$ZodType<Omit<ListEventsInput, 'types'> & { type?: EventType[] | undefined }>
export type ListEventsQuery = z.infer<typeof ListEventsQuery>

export const EventPage = z
  .object({
    items: z.array(EventEnvelope).register(z.globalRegistry, { description: 'The events, oldest first' }),
    nextCursor: z.string().register(z.globalRegistry, {
      description:
        'Always present, also on the last page: pass it as `after` to resume exactly after the last event read',
    }),
    hasMore: z.boolean().register(z.globalRegistry, {
      description: 'More events are readable now; false: you are up to date, poll again later',
    }),
  })
  .register(z.globalRegistry, {
    description: 'A page of the change feed',
  }) satisfies z.core.$ZodType<EventPageView>
