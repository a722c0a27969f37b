import type { Case, Resolution } from '#src/domain/case.ts'
import type { Caller } from '#src/domain/identity.ts'
import { Locale } from '#src/domain/vocabulary.ts'
import * as z from '#src/zod.ts'

/** A draft is staff's work in progress; only published articles reach customers. */
export const ArticleStatus = z.enum(['draft', 'published'])
export type ArticleStatus = z.infer<typeof ArticleStatus>

/**
 * A knowledge-base article (docs/kb.md): what customers search before they submit a case, and what
 * is suggested while they write one. Vendor-wide, not per account: every customer reads the same
 * published articles. Storage keys never appear here (the HTTP layer parses responses through this).
 */
export const Article = z.object({
  id: z.string(),
  title: z.string(),
  /** Markdown. */
  body: z.string(),
  product: z.string(),
  tags: z.array(z.string()),
  locale: Locale,
  status: ArticleStatus,
  version: z.int().check(z.positive()),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** The staff member who wrote it (user id). */
  createdBy: z.string(),
  /** The staff member who changed it last (user id). */
  updatedBy: z.string(),
  /** When it was first published; kept when it goes back to draft. */
  publishedAt: z.optional(z.iso.datetime()),
  /** The resolved case it was written from, if any. */
  sourceCaseId: z.optional(z.string()),
})
export type Article = z.infer<typeof Article>

/** The statuses a caller may read: customers published articles only, staff all of them. */
export function readableStatuses(caller: Caller): readonly ArticleStatus[] {
  return caller.kind === 'customer' ? ['published'] : ArticleStatus.options
}

/** Whether the caller may read the article at all. A draft does not exist for a customer (404, not 403). */
export function isReadableBy(article: Pick<Article, 'status'>, caller: Caller): boolean {
  return readableStatuses(caller).includes(article.status)
}

const headings = {
  en: {
    problem: 'Problem',
    solved: 'Solution',
    workaround: 'Workaround',
    not_possible: 'Why this is not possible',
    feature_request_roadmap: 'Feature request (roadmap)',
    feature_request_account_manager: 'Feature request',
    bug_raised: 'Known bug',
    fix: 'Fix expected',
  },
  de: {
    problem: 'Problem',
    solved: 'Lösung',
    workaround: 'Umgehungslösung',
    not_possible: 'Warum das nicht möglich ist',
    feature_request_roadmap: 'Funktionswunsch (Roadmap)',
    feature_request_account_manager: 'Funktionswunsch',
    bug_raised: 'Bekannter Fehler',
    fix: 'Korrektur erwartet',
  },
} as const satisfies Record<Locale, Record<Exclude<Resolution['kind'], 'merged'> | 'problem' | 'fix', string>>

/** What a draft article made from a resolved case says, before staff edit it for the public. */
export interface ArticleDraft {
  title: string
  body: string
  product: string
  tags: string[]
  locale: Locale
  sourceCaseId: string
}

/**
 * The draft article of a resolved case: the case's title; its description as the problem and the
 * resolution summary under a heading for the resolution's kind, in the account's language.
 * Undefined when the case carries no resolution, or was merged into another (that one holds the answer). Staff review it before publishing: a description
 * may name the customer's people or data.
 */
export function draftFromCase(c: Case, locale: Locale): ArticleDraft | undefined {
  const resolution = c.resolution
  if (!resolution || resolution.kind === 'merged') return undefined
  const words = headings[locale]
  const sections = [
    `## ${words.problem}`,
    c.description.trim(),
    `## ${words[resolution.kind]}`,
    resolution.summary.trim(),
    ...(resolution.fixEta ? [`**${words.fix}:** ${resolution.fixEta.trim()}`] : []),
  ]
  const tags = [...new Set([c.component, c.category].filter((t): t is string => Boolean(t?.trim())))]
  return {
    title: c.title,
    body: sections.join('\n\n'),
    product: c.product,
    tags,
    locale,
    sourceCaseId: c.id,
  }
}
