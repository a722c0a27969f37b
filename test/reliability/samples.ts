import type { RouteDefinition } from '#src/http/route-table.ts'

/**
 * A valid body per operation, so that a refusal proves the access rule and not the validator.
 * A route added without a sample is still driven (with `{}`): it must refuse, never leak nor fail.
 */
const bodies: Record<string, unknown> = {
  createCase: { title: 'Printer on fire', description: 'It burns.', product: 'Caseline' },
  updateCase: { title: 'Printer still on fire' },
  transitionCase: { action: 'cancel' },
  addComment: { body: 'Any news?' },
  escalateCase: { reason: 'Nothing happens' },
  createFileUpload: { name: 'log.txt', size: 10, contentType: 'text/plain' },
  updateFile: { name: 'renamed.txt' },
  createFolder: { name: 'Logs' },
  // Staff only: a well-formed body, so a customer's refusal is the access rule's (the case need not exist).
  createCaseLink: { kind: 'relates_to', caseId: 'another-case' },
  // The caller watches the case itself: valid for every role, so a refusal is the case's scope.
  addCaseWatcher: {},
  mergeCase: { targetCaseId: 'another-case' },
  previewSla: { calendarId: 'vienna', start: '2026-03-02T09:00:00Z', targetMinutes: 60 },
  answerSurvey: { rating: 4, comment: 'Helpful' },
  createAccount: { name: 'Initech', serviceLevel: 'standard', locale: 'en', calendarId: 'vienna' },
  updateAccount: { name: 'Renamed account' },
  createContact: { email: 'new.colleague@acme.example', name: 'New Colleague' },
  updateContact: { name: 'Renamed contact' },
  createKbArticle: { title: 'Printer on fire', body: 'Unplug it.', product: 'Caseline', locale: 'en' },
  updateKbArticle: { status: 'published' },
  suggestKbArticles: { title: 'Printer on fire', description: 'It burns.', product: 'Caseline' },
  // A public address, paused: a subscription the matrix creates must never POST to the internet.
  createWebhook: { url: 'https://93.184.216.34/caseline', active: false },
  updateWebhook: { description: 'Renamed subscription' },
  // A staff-only optional text field: what the matrix defines never makes another test's case invalid.
  createCaseField: { key: 'reliability_probe', labels: { de: 'Sonde', en: 'Probe' }, type: 'text' },
  updateCaseField: { labels: { de: 'Sonde', en: 'Probe' } },
}

/** The form a page route's POST takes, as a browser sends it (the survey page's: a valid answer). */
export const samplePageForm = {
  rawBody: 'rating=4&comment=Helpful',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
}

const dayMs = 24 * 60 * 60 * 1000
const dateAround = (days: number) => new Date(Date.now() + days * dayMs).toISOString().slice(0, 10)

/**
 * A valid query per operation that requires one (a period of dates around today), so that a
 * refusal proves the access rule and a staff read gets past the validator to real data.
 */
const queries: Record<string, Record<string, string>> = {
  getMetrics: { from: dateAround(-180), to: dateAround(180) },
  exportCases: { from: dateAround(-180), to: dateAround(180) },
}

/** The sample query of a route (with `extra` parameters), as a query string: `?…` or ''. */
export function sampleQuery(route: RouteDefinition, extra: Record<string, string> = {}): string {
  const values = { ...queries[route.operationId], ...extra }
  return Object.keys(values).length ? `?${new URLSearchParams(values).toString()}` : ''
}

export function sampleBody(route: RouteDefinition): unknown {
  return route.request.body ? (bodies[route.operationId] ?? {}) : undefined
}

export const hasSampleBody = (route: RouteDefinition) => route.operationId in bodies
