import * as z from '#src/zod.ts'

/** A whole HTML document, as the API reference and the hosted survey page answer it. */
export const HtmlPage = z.string().register(z.globalRegistry, { contentMediaType: 'text/html' })
