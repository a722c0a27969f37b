import { Case, FieldChange } from '#src/domain/case.ts'
import { LinkRelation } from '#src/domain/case-link.ts'
import { WatcherKind } from '#src/domain/case-watcher.ts'
import { Comment } from '#src/domain/comment.ts'
import { Contact } from '#src/domain/directory.ts'
import { SlaTarget } from '#src/domain/sla/sla-clock.ts'
import { CaseStatus, Role } from '#src/domain/vocabulary.ts'
import * as z from '#src/zod.ts'
import type { EventType } from './envelope.ts'

/**
 * The event catalogue (docs/integrations.md): for every public event type its version, who may
 * receive it and the schema of its `data`. Each event describes the moment it happened, as the
 * history event (or the changed item) recorded it, never the case as it is now.
 */

/** Who caused the change: a signed-in user in a role, or `system` for timers. */
export const EventActor = z
  .object({
    userId: z.string().register(z.globalRegistry, { description: 'The user id (`system` for timers)' }),
    role: z
      .union([Role, z.literal('system')])
      .register(z.globalRegistry, { description: "The actor's role, or `system`" }),
  })
  .register(z.globalRegistry, { description: 'Who caused the change' })

// A copy of FieldChange carries the description: the case's history uses FieldChange without it.
// `internal` stays in the history: an event never carries a change its audience may not see.
const Changes = z
  .array(
    z.omit(FieldChange, { internal: true }).register(z.globalRegistry, {
      description: 'One field: before → after; `before` absent when it had no value',
    }),
  )
  .register(z.globalRegistry, { description: 'The fields that changed, before → after' })

export const CaseCreatedData = z.object({
  actor: EventActor,
  case: z
    .pick(Case, {
      id: true,
      accountId: true,
      contactId: true,
      title: true,
      description: true,
      product: true,
      productVersion: true,
      component: true,
      category: true,
      impact: true,
      type: true,
      severity: true,
      priority: true,
      queue: true,
      status: true,
      customFields: true,
    })
    .register(z.globalRegistry, { description: 'The case as it was filed' }),
})

export const CaseUpdatedData = z.object({
  actor: EventActor,
  changes: Changes,
  reason: z
    .optional(z.string())
    .register(z.globalRegistry, { description: 'Why, when one was given (a change of severity)' }),
})

export const CaseTransitionedData = z.object({
  actor: EventActor,
  action: z.string().register(z.globalRegistry, {
    description: 'The lifecycle action, e.g. `acknowledge`, `propose_solution`, `auto_close`',
  }),
  from: z.optional(CaseStatus).register(z.globalRegistry, { description: 'The status before' }),
  // A copy: CaseStatus itself is the vocabulary's, shared by every schema.
  to: CaseStatus.clone().register(z.globalRegistry, { description: 'The status after' }),
  changes: Changes,
  message: z
    .optional(z.string())
    .register(z.globalRegistry, { description: 'The message sent with the action (also a public comment)' }),
  reason: z
    .optional(z.string())
    .register(z.globalRegistry, { description: 'The reason given with the action' }),
  commentId: z
    .optional(z.string())
    .register(z.globalRegistry, { description: 'The comment the action added or answered with' }),
})

export const EventComment = z
  .pick(Comment, {
    id: true,
    body: true,
    visibility: true,
    authorId: true,
    authorRole: true,
    createdAt: true,
  })
  .register(z.globalRegistry, { description: 'The comment as it was written' })

export const CaseCommentedData = z.object({ actor: EventActor, comment: EventComment })

export const CaseEscalatedData = z.object({
  actor: EventActor,
  level: z
    .int()
    .check(z.minimum(1), z.maximum(4))
    .register(z.globalRegistry, { description: 'The new escalation level, 1–4' }),
  levelName: z
    .string()
    .register(z.globalRegistry, { description: 'Who the level reaches, e.g. `senior manager`' }),
  reason: z.string().register(z.globalRegistry, { description: 'Why the case was escalated' }),
})

const AssigneeId = z.string().register(z.globalRegistry, { description: 'A staff user id' })

export const CaseAssignedData = z.object({
  actor: EventActor,
  assigneeId: z
    .object({
      before: z
        .optional(AssigneeId)
        .register(z.globalRegistry, { description: 'The previous assignee; absent: none' }),
      after: z
        .optional(AssigneeId)
        .register(z.globalRegistry, { description: 'The new assignee; absent: unassigned' }),
    })
    .register(z.globalRegistry, { description: 'The assignee before → after' }),
})

export const CaseSlaData = z.object({
  target: z.optional(SlaTarget).register(z.globalRegistry, {
    description: 'Which clock: `first_response`, `next_reply`, `periodic_update` or `resolution`',
  }),
  dueAt: z
    .optional(z.iso.datetime())
    .register(z.globalRegistry, { description: "When the target is (or was) due: the breach's date" }),
  targetMinutes: z
    .optional(z.int().check(z.positive()))
    .register(z.globalRegistry, { description: 'The target, in business minutes' }),
})

export const CaseFileAvailableData = z.object({
  actor: EventActor,
  file: z
    .object({
      id: z.string(),
      name: z.string(),
      size: z.int().check(z.nonnegative()).register(z.globalRegistry, { description: 'In bytes' }),
      contentType: z.string(),
      folderId: z
        .optional(z.string())
        .register(z.globalRegistry, { description: 'The folder; absent: the root' }),
    })
    .register(z.globalRegistry, { description: 'The file, checked and available for download' }),
})

export const CaseLinkData = z.object({
  actor: EventActor,
  link: z
    .object({
      id: z.string().register(z.globalRegistry, { description: 'The link id, the same on both cases' }),
      kind: LinkRelation.clone().register(z.globalRegistry, {
        description:
          'How this case relates to the other: `relates_to`, `duplicate_of`, `has_duplicate`, `caused_by` or `causes`',
      }),
      linkedCaseId: z.string().register(z.globalRegistry, { description: 'The other case' }),
      linkedCaseNumber: z.string().register(z.globalRegistry, { description: "The other case's number" }),
    })
    .register(z.globalRegistry, { description: 'The link as this case sees it' }),
})

export const CaseWatcherData = z.object({
  actor: EventActor,
  watcher: z
    .object({
      userId: z.string().register(z.globalRegistry, {
        description: 'The contact or staff member (by id: events carry no e-mail address)',
      }),
      kind: WatcherKind.clone().register(z.globalRegistry, {
        description:
          '`contact` (a colleague of the case’s contact) or `staff` (a follower: staff-only events)',
      }),
    })
    .register(z.globalRegistry, { description: 'The watcher added or removed' }),
})

export const CaseMergedData = z.object({
  actor: EventActor,
  mergedCase: z.object({ caseId: z.string(), number: z.string() }).register(z.globalRegistry, {
    description: 'The case merged into this one: it is closed with resolution `merged`',
  }),
  comments: z
    .array(z.object({ id: z.string(), createdAt: z.string(), authorRole: z.string() }))
    .register(z.globalRegistry, {
      description: "The merged case's public comments, oldest first (at most 100): they stay on that case",
    }),
  files: z
    .array(z.object({ id: z.string(), name: z.string(), size: z.optional(z.int()) }))
    .register(z.globalRegistry, {
      description: "The merged case's available files, oldest first (at most 100): they stay on that case",
    }),
  commentCount: z
    .int()
    .register(z.globalRegistry, { description: 'How many public comments the merged case has' }),
  fileCount: z
    .int()
    .register(z.globalRegistry, { description: 'How many available files the merged case has' }),
})

export const SurveyAnsweredData = z.object({
  rating: z
    .int()
    .check(z.minimum(1), z.maximum(5))
    .register(z.globalRegistry, { description: 'Satisfaction, 1 (poor) – 5 (excellent)' }),
  comment: z.optional(z.string()).register(z.globalRegistry, { description: "The customer's words, if any" }),
})

export const ContactCreatedData = z.object({
  contact: z
    .omit(Contact, { updatedAt: true })
    .register(z.globalRegistry, { description: 'The contact as registered' }),
})

export const ContactUpdatedData = z.object({
  contactId: z.string(),
  changes: Changes,
})

/** The `data` of `contact.erased`: which contact, and when; nothing of the person. */
export const ContactErasedData = z.object({
  contactId: z.string(),
  erasedAt: z.iso.datetime().register(z.globalRegistry, { description: 'When the erasure finished' }),
})

export const AccountUpdatedData = z.object({ changes: Changes })

/** The `data` of the `webhook.test` ping. */
export const WebhookTestData = z.object({
  webhookId: z.string().register(z.globalRegistry, { description: 'The subscription pinged' }),
  message: z.string(),
})

/** One entry of the catalogue. */
export interface CatalogueEntry {
  /** The version of `data`'s schema: a breaking change gets a new version. */
  version: 1
  description: string
  data: z.ZodMiniObject
}

/** Every public event type and the schema of its `data` (version 1); audiences are `eventAudienceOf`. */
export const eventCatalogue = {
  'case.created': {
    version: 1,
    description: 'A case was filed (through the API, the portal or by e-mail).',
    data: CaseCreatedData,
  },
  'case.updated': {
    version: 1,
    description: "A case's details, severity, priority, assignee or first response changed.",
    data: CaseUpdatedData,
  },
  'case.transitioned': {
    version: 1,
    description: 'A case moved in its lifecycle (by a person or a timer).',
    data: CaseTransitionedData,
  },
  'case.commented': {
    version: 1,
    description: 'A public comment was added to a case.',
    data: CaseCommentedData,
  },
  'case.note_added': {
    version: 1,
    description: 'An internal note was added to a case (staff only).',
    data: CaseCommentedData,
  },
  'case.escalated': {
    version: 1,
    description: 'A case was escalated one level.',
    data: CaseEscalatedData,
  },
  'case.assigned': {
    version: 1,
    description:
      "A case's assignee changed (sent besides the `case.updated` or `case.transitioned` event of the same change).",
    data: CaseAssignedData,
  },
  'case.sla_warning': {
    version: 1,
    description:
      "An SLA deadline of a case is near: the policy's warning share of the target is used up (staff only).",
    data: CaseSlaData,
  },
  'case.sla_breached': {
    version: 1,
    description: 'An SLA deadline of a case passed without its event; dated at the deadline (staff only).',
    data: CaseSlaData,
  },
  'case.file_available': {
    version: 1,
    description: 'A file of a case was uploaded, checked and may be downloaded.',
    data: CaseFileAvailableData,
  },
  'case.linked': {
    version: 1,
    description:
      'A case was linked to another one; each case gets its own event, with the kind as it sees it (staff only when the cases are of different accounts).',
    data: CaseLinkData,
  },
  'case.unlinked': {
    version: 1,
    description: 'A link between two cases was removed; each case gets its own event, as for `case.linked`.',
    data: CaseLinkData,
  },
  'case.watcher_added': {
    version: 1,
    description:
      'Someone started watching a case: they get its mail from now on (staff only when a staff member follows it).',
    data: CaseWatcherData,
  },
  'case.watcher_removed': {
    version: 1,
    description:
      'Someone stopped watching a case (staff only for a staff follower, as for `case.watcher_added`).',
    data: CaseWatcherData,
  },
  'case.merged': {
    version: 1,
    description:
      'Another case of the account was merged into this one (docs/merge.md): the event lists its public comments and files. The merged case gets a `case.transitioned` event (action `merge`, to `closed`)',
    data: CaseMergedData,
  },
  'survey.answered': {
    version: 1,
    description: 'A customer answered the satisfaction survey of a closed case (staff only).',
    data: SurveyAnsweredData,
  },
  'contact.created': {
    version: 1,
    description: 'A contact was registered for an account.',
    data: ContactCreatedData,
  },
  'contact.updated': {
    version: 1,
    description: "A contact's name, locale, role or active flag changed.",
    data: ContactUpdatedData,
  },
  'contact.erased': {
    version: 1,
    description:
      'A contact was erased at its request (docs/privacy.md): erase the person in your systems too. Its name and e-mail address are gone from Caseline, earlier events about it in the change feed and webhook deliveries included; the id stays, naming a "former contact".',
    data: ContactErasedData,
  },
  'account.updated': {
    version: 1,
    description: "An account's settings changed (fields a customer admin can read).",
    data: AccountUpdatedData,
  },
} as const satisfies Record<EventType, CatalogueEntry>

/** The `data` of an event of `type`, as its schema infers it. */
export type EventDataOf<T extends EventType> = z.infer<(typeof eventCatalogue)[T]['data']>
