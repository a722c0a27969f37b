import type { CaselineClient } from './client.ts'
import { dataOf } from './problem-error.ts'
import type { ChangeEvent } from './types.ts'

/** Which events to read, and from where (docs/integrations.md, "The change feed"). */
export interface ChangeFeedOptions {
  /**
   * Resume after this position: a `position` of an earlier walk with the same filters (the feed
   * answers 400 to another caller's, or to one read with other filters). From the oldest event
   * kept (90 days) when absent.
   */
  after?: string
  /** Only these event types (`case.created`, `case.commented`, …). */
  types?: readonly string[]
  /** Only the events of this case. */
  caseId?: string
  /** Events per request (1–100, 25 by default). */
  limit?: number
}

/** The change feed read page after page: the events, and where to resume later. */
export interface ChangeFeed extends AsyncIterable<ChangeEvent> {
  /**
   * Where to resume (`after`), as far as the events handed out so far go: read it after handling
   * an event and store it with what the event did. Before the first event of a walk it is the
   * `after` it began with (undefined: the start of the feed). It moves to a page's `nextCursor`
   * as that page's last event is handed out (or at once, for a page without events), so a walk
   * stopped in the middle of a page resumes at that page's start: the events after the last one
   * handled come again, none is skipped.
   */
  readonly position: string | undefined
}

/**
 * Every event of the change feed the caller may read, oldest first, from `options.after` until the
 * feed is up to date (`hasMore: false`), following `nextCursor` as `after`. A page is fetched only
 * when the one before is used up, so `break` stops the requests too; an error answer throws a
 * `ProblemError`. Iterating the same feed again goes on from `position`: to poll, iterate it again
 * later (one iteration at a time).
 *
 * @example
 * const feed = allEvents(client, { after: await load() })
 * for await (const event of feed) {
 *   await apply(event)
 *   await save(feed.position)
 * }
 */
export function allEvents(client: CaselineClient, options: ChangeFeedOptions = {}): ChangeFeed {
  let position = options.after
  const filters = {
    ...(options.types ? { type: options.types.join(',') } : {}),
    ...(options.caseId !== undefined ? { caseId: options.caseId } : {}),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
  }
  async function* walk(): AsyncGenerator<ChangeEvent, void, undefined> {
    let after = position
    for (;;) {
      const page = dataOf(
        await client.GET('/v1/events', {
          params: { query: { ...filters, ...(after !== undefined ? { after } : {}) } },
        }),
      )
      if (page.items.length === 0) position = page.nextCursor
      const last = page.items.length - 1
      for (const [index, event] of page.items.entries()) {
        // Before the page's last event goes out: once the caller has handled it, the page is done.
        if (index === last) position = page.nextCursor
        yield event
      }
      if (!page.hasMore) return
      after = page.nextCursor
    }
  }
  return {
    [Symbol.asyncIterator]: walk,
    get position() {
      return position
    },
  }
}
