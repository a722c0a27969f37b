import * as z from '#src/zod.ts'

/**
 * The API's fixed vocabulary (the enums of docs/openapi.json). Every enum the API accepts or returns
 * is defined here once.
 */

export const customerRoles = ['customer', 'customer_admin'] as const
export const staffRoles = ['agent', 'expert', 'manager', 'admin'] as const
export const roles = [...customerRoles, ...staffRoles] as const
export const Role = z.enum(roles)
export type Role = z.infer<typeof Role>

export const Severity = z.enum(['critical', 'urgent', 'standard', 'low'])
export type Severity = z.infer<typeof Severity>

export const Priority = z.enum(['high', 'normal', 'low'])
export type Priority = z.infer<typeof Priority>

/** The statuses in which a case is still worked on: it sits in a queue and can be closed or cancelled. */
export const activeCaseStatuses = [
  'new',
  'open',
  'in_progress',
  'waiting_on_customer',
  'solution_proposed',
  'pending_closure',
] as const
/** The statuses a case ends in: nothing moves it out of them. */
export const terminalCaseStatuses = ['closed', 'cancelled'] as const
export const CaseStatus = z.enum([...activeCaseStatuses, ...terminalCaseStatuses])
export type CaseStatus = z.infer<typeof CaseStatus>

/** The lifecycle actions a client can send to `POST /v1/cases/{caseId}/transitions`. */
export const requestableCaseActions = [
  'acknowledge',
  'start',
  'request_info',
  'propose_solution',
  'close',
  'cancel',
  'reopen',
] as const
/** The lifecycle actions that happen by themselves: a customer's public comment, and the timers. */
export const automaticCaseActions = ['customer_reply', 'mark_pending_closure', 'auto_close'] as const
/** Actions with a route of their own: merging closes a case into another one (docs/merge.md). */
export const routedCaseActions = ['merge'] as const
/** Every lifecycle action, as a case event's `action` names it. */
export const caseActions = [...requestableCaseActions, ...automaticCaseActions, ...routedCaseActions] as const

export const CaseType = z.enum([
  'general_inquiry',
  'consulting_request',
  'support_portal',
  'cloud',
  'cloud_outage',
  'documentation',
  'edi',
  'enhancement_request',
  'question',
  'feature_request',
  'hardware',
  'infrastructure',
  'installation',
  'kb_suggestion',
  'contact_request',
  'license_request',
  'performance',
  'product_problem',
  'training_request',
  'services',
  'security_risk',
  'improvement',
  'sales_inquiry',
])
export type CaseType = z.infer<typeof CaseType>

/** How support resolves a case through a proposal or by closing it (`POST …/transitions`). */
export const proposableResolutionKinds = [
  'solved',
  'workaround',
  'not_possible',
  'feature_request_roadmap',
  'feature_request_account_manager',
  'bug_raised',
] as const
export const ProposableResolutionKind = z.enum(proposableResolutionKinds)
/** Every resolution a case may carry: `merged` is set by merging it into another case, never proposed. */
export const ResolutionKind = z.enum([...proposableResolutionKinds, 'merged'])
export type ResolutionKind = z.infer<typeof ResolutionKind>

export const ServiceLevel = z.enum(['standard', 'premium'])
export type ServiceLevel = z.infer<typeof ServiceLevel>

export const Locale = z.enum(['de', 'en'])
export type Locale = z.infer<typeof Locale>
