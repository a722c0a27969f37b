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
  previewSla: { calendarId: 'vienna', start: '2026-03-02T09:00:00Z', targetMinutes: 60 },
  answerSurvey: { rating: 4, comment: 'Helpful' },
}

export function sampleBody(route: RouteDefinition): unknown {
  return route.request.body ? (bodies[route.operationId] ?? {}) : undefined
}

export const hasSampleBody = (route: RouteDefinition) => route.operationId in bodies
