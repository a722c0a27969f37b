import type { RouteDefinition } from './route-table.ts'

/** Accounts and their contacts (issue 7): `/v1/accounts`, `/v1/accounts/{accountId}/contacts`. */
export const accountRoutes = {} satisfies Record<string, RouteDefinition>
