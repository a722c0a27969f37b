import { defineRoute, everyRole, type RouteDefinition } from './route-table.ts'
import {
  AddWatcherBody,
  WatcherCaseParams,
  WatcherList,
  WatcherParams,
  WatcherView,
} from './schemas/watchers.ts'

/** Watchers of a case: `/v1/cases/{caseId}/watchers` (docs/email.md, "Watchers"; docs/data-model.md). */
export const watcherRoutes = {
  addCaseWatcher: defineRoute({
    operationId: 'addCaseWatcher',
    method: 'POST',
    path: '/v1/cases/{caseId}/watchers',
    handler: 'watchers/add-case-watcher',
    access: everyRole,
    summary:
      'Add a watcher, who gets the mail the case’s contact gets (a colleague of its account) or its owner gets (a staff follower), in their own language. Customers add themselves or colleagues of their own account; staff also add staff. `{}` adds the caller; adding an existing watcher changes nothing. The case’s own contact (409), a closed or cancelled case (409) and a 21st watcher (400) are refused',
    idempotent: true,
    rules: [
      'Watchers are the contact’s colleagues: the case’s own contact is 409; a case has at most 20 watchers (400), and a deactivated person cannot watch (400).',
    ],
    request: { params: WatcherCaseParams, body: AddWatcherBody },
    response: { status: 201, body: WatcherView },
  }),
  listCaseWatchers: defineRoute({
    operationId: 'listCaseWatchers',
    method: 'GET',
    path: '/v1/cases/{caseId}/watchers',
    handler: 'watchers/list-case-watchers',
    access: everyRole,
    summary: "A case's watchers (customers: the contacts only, never staff followers)",
    request: { params: WatcherCaseParams },
    response: { status: 200, body: WatcherList },
  }),
  removeCaseWatcher: defineRoute({
    operationId: 'removeCaseWatcher',
    method: 'DELETE',
    path: '/v1/cases/{caseId}/watchers/{userId}',
    handler: 'watchers/remove-case-watcher',
    access: everyRole,
    summary:
      'Remove a watcher. Anyone may remove themselves; staff remove anyone, a customer admin any colleague, a customer the colleagues it added (403 otherwise)',
    rules: [
      'A customer removes only themselves and the colleagues they added; a customer admin removes any colleague (403 otherwise).',
    ],
    request: { params: WatcherParams },
    response: { status: 200, body: WatcherView },
  }),
} satisfies Record<string, RouteDefinition>
