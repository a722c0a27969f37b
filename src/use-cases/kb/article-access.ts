import { ForbiddenError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import type { Article } from '#src/domain/kb/article.ts'
import { plainText, snippet } from '#src/domain/kb/search-text.ts'
import type { ArticleSummary } from '#src/use-cases/ports/kb.ts'

/**
 * Only vendor staff write the knowledge base. The route table already refuses customers; the use
 * cases check again, so that no other caller of them (e-mail, a future route) can skip the rule.
 */
export function requireStaff(caller: Caller, what: string): void {
  if (caller.kind !== 'staff') throw new ForbiddenError(`Only support staff ${what}.`)
}

/** The article as lists show it: its body replaced by the body's beginning, as plain text. */
export function summaryOf(article: Article): ArticleSummary {
  const { body, ...rest } = article
  return { ...rest, snippet: snippet(plainText(body)) }
}
