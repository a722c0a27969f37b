import { adminOnly, defineRoute, type RouteDefinition } from './route-table.ts'
import {
  AccountIdParams,
  AccountList,
  AccountView,
  ContactIdParams,
  ContactList,
  ContactView,
  CreateAccountBody,
  CreateContactBody,
  UpdateAccountBody,
  UpdateContactBody,
} from './schemas/accounts.ts'
import { PageQuery } from './schemas/common.ts'
import { ContactErasureView, EraseContactBody } from './schemas/contact-erasure.ts'
import { ContactExport, ContactExportParams, ContactExportQuery } from './schemas/contact-export.ts'

/** Plain customers and the other staff roles are refused (403); the use cases keep a customer admin to its own account. */
const accountAdmins = { kind: 'roles', roles: ['customer_admin', 'admin'] } as const

/** Accounts and their contacts: `/v1/accounts`, `/v1/accounts/{accountId}/contacts`. */
export const accountRoutes = {
  listAccounts: defineRoute({
    operationId: 'listAccounts',
    method: 'GET',
    path: '/v1/accounts',
    handler: 'accounts/list-accounts',
    access: adminOnly,
    summary: 'Every customer account, by name',
    request: { query: PageQuery },
    response: { status: 200, body: AccountList },
  }),
  createAccount: defineRoute({
    operationId: 'createAccount',
    method: 'POST',
    path: '/v1/accounts',
    handler: 'accounts/create-account',
    access: adminOnly,
    summary:
      'Create a customer account; its id is the one given or the name as a slug (409 if taken). Staff it names must be active',
    idempotent: true,
    request: { body: CreateAccountBody },
    versioned: {},
    response: { status: 201, body: AccountView },
  }),
  getAccount: defineRoute({
    operationId: 'getAccount',
    method: 'GET',
    path: '/v1/accounts/{accountId}',
    handler: 'accounts/get-account',
    access: accountAdmins,
    summary: 'Read an account (a customer admin: its own); the ETag is its version',
    request: { params: AccountIdParams },
    versioned: {},
    response: { status: 200, body: AccountView },
  }),
  updateAccount: defineRoute({
    operationId: 'updateAccount',
    method: 'PATCH',
    path: '/v1/accounts/{accountId}',
    handler: 'accounts/update-account',
    access: adminOnly,
    summary:
      "Change an account's settings (only the fields named; null clears). Optional If-Match: the change applies only to that version (412 if stale)",
    request: { params: AccountIdParams, body: UpdateAccountBody },
    versioned: { ifMatch: 'optional' },
    response: { status: 200, body: AccountView },
    problems: [412],
  }),
  listContacts: defineRoute({
    operationId: 'listContacts',
    method: 'GET',
    path: '/v1/accounts/{accountId}/contacts',
    handler: 'accounts/list-contacts',
    access: accountAdmins,
    summary: "An account's contacts by e-mail address, deactivated ones included",
    request: { params: AccountIdParams, query: PageQuery },
    response: { status: 200, body: ContactList },
  }),
  createContact: defineRoute({
    operationId: 'createContact',
    method: 'POST',
    path: '/v1/accounts/{accountId}/contacts',
    handler: 'accounts/create-contact',
    access: accountAdmins,
    summary:
      'Register a contact: the address must be unused (409) and in one of the account’s e-mail domains, if it has any; the person is invited by e-mail to sign in',
    idempotent: true,
    identity: 'manage',
    request: { params: AccountIdParams, body: CreateContactBody },
    response: { status: 201, body: ContactView },
  }),
  updateContact: defineRoute({
    operationId: 'updateContact',
    method: 'PATCH',
    path: '/v1/accounts/{accountId}/contacts/{contactId}',
    handler: 'accounts/update-contact',
    access: accountAdmins,
    summary:
      'Change a contact: name, locale, role (customer ↔ customer_admin), `{"active": false}` deactivates (no sign-in, no new cases, no mail-in). A customer admin cannot deactivate or demote itself (409)',
    identity: 'manage',
    request: { params: ContactIdParams, body: UpdateContactBody },
    response: { status: 200, body: ContactView },
  }),
  exportContact: defineRoute({
    operationId: 'exportContact',
    method: 'GET',
    path: '/v1/accounts/{accountId}/contacts/{contactId}/export',
    handler: 'accounts/export-contact',
    access: accountAdmins,
    summary:
      'Access export of one person (GDPR Art. 15; docs/privacy.md): every stored item about the contact as NDJSON, one `{section, record}` per line — profile, cases they filed, cases they watch, their comments, history events and files, surveys of their cases, mail sent to them, erasures. Nothing another person wrote; no internal notes or internal events. The answer comes in pages of at most `limit` lines (1000 by default) and about 4 MB: while more remain, the `Link` header names the next page (`<…?cursor=…>; rel="next"`); follow it until a page comes without one. Sections stay in order across pages',
    request: { params: ContactExportParams, query: ContactExportQuery },
    response: { status: 200, body: ContactExport },
    nextPage: 'link',
  }),
  eraseContact: defineRoute({
    operationId: 'eraseContact',
    method: 'POST',
    path: '/v1/accounts/{accountId}/contacts/{contactId}/erasure',
    handler: 'accounts/erase-contact',
    access: accountAdmins,
    summary:
      'Erase a person (GDPR Art. 17; docs/privacy.md): name and e-mail address replaced by "Former contact" everywhere, the sign-in user deleted, their raw mail, mail records, watcher items and survey comments removed, their data taken out of the change feed and webhook deliveries; with `deleteComments` their comments’ text, with `deleteFiles` their files. The cases stay with the account. Idempotent: a repeated request answers the record, or goes on where a failed one stopped. A customer admin cannot erase itself (409)',
    identity: 'manage',
    files: 'erase',
    inboundMail: 'erase',
    // A person with many items takes longer than a read; a request cut short is repeated (docs/privacy.md).
    timeoutSeconds: 28,
    // A customer admin naming itself.
    problems: [409],
    request: { params: ContactIdParams, body: EraseContactBody },
    response: { status: 200, body: ContactErasureView },
  }),
  getContactErasure: defineRoute({
    operationId: 'getContactErasure',
    method: 'GET',
    path: '/v1/accounts/{accountId}/contacts/{contactId}/erasure',
    handler: 'accounts/get-contact-erasure',
    access: accountAdmins,
    summary:
      'The record of a contact’s erasure: who asked, when, and what each step did (404 when never erased)',
    request: { params: ContactIdParams },
    response: { status: 200, body: ContactErasureView },
  }),
} satisfies Record<string, RouteDefinition>
