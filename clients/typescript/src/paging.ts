import { type ApiResult, dataOf } from './problem-error.ts'

/** One page of a list: `items`, and the cursor of the next page (null on the last). */
export interface CursorPage<Item> {
  items: Item[]
  nextCursor: string | null
}

/**
 * Every item of a paged list, page after page, following `nextCursor` (README.md, API conventions):
 * `fetchPage` asks for one page, with the cursor (undefined for the first). Fetches a page only
 * when the previous one is used up, so `break` stops the requests too. An error answer throws
 * a `ProblemError`.
 *
 * @example
 * for await (const item of allItems((cursor) => client.GET('/v1/cases', { params: { query: { cursor } } })))
 */
export async function* allItems<Item>(
  fetchPage: (cursor: string | undefined) => Promise<ApiResult<CursorPage<Item>>>,
): AsyncGenerator<Item, void, undefined> {
  let cursor: string | undefined
  do {
    const page = dataOf(await fetchPage(cursor))
    yield* page.items
    cursor = page.nextCursor ?? undefined
  } while (cursor !== undefined)
}
