/**
 * The entity tags contacts and accounts are stored under: the directory repository writes them,
 * the stream's filters (lib/constructs/case-event-handler.ts) and `stream-records.ts` pick them
 * out. A module of their own, free of schemas, so a function that only reads the directory does
 * not build the stream's case and event schemas at cold start (docs/performance.md).
 */
export const contactEntity = 'contact'
export const accountEntity = 'account'
