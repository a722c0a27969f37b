import type { RouteDefinition } from './route-table.ts'

/** The knowledge base (issue 7): `/v1/kb/articles`, `/v1/kb/suggest`. */
export const kbRoutes = {} satisfies Record<string, RouteDefinition>
