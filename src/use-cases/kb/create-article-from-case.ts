import { CaseArticleExistsError, ConflictError, NotFoundError } from '#src/domain/errors.ts'
import type { Caller } from '#src/domain/identity.ts'
import { type Article, draftFromCase } from '#src/domain/kb/article.ts'
import type { CaseStatus } from '#src/domain/vocabulary.ts'
import type { CaseStore } from '#src/use-cases/ports/cases.ts'
import type { Clock, IdGenerator } from '#src/use-cases/ports/common.ts'
import type { AccountDirectory } from '#src/use-cases/ports/directory.ts'
import type { ArticleStore } from '#src/use-cases/ports/kb.ts'
import { requireStaff } from './article-access.ts'

/** Where a case has an answer worth writing up: support proposed it, or the case closed with it. */
const resolvedStatuses: readonly CaseStatus[] = ['solution_proposed', 'pending_closure', 'closed']

export interface CreateArticleFromCaseDeps {
  cases: CaseStore
  accounts: AccountDirectory
  articles: ArticleStore
  clock: Clock
  ids: IdGenerator
}

/**
 * Turns a resolved case into a draft article ("a resolved case can be turned into a draft article").
 * 1. Only staff write articles; they read every account's cases.
 * 2. The case must be resolved (solution proposed, pending closure or closed) with a resolution.
 * 3. Draft it from the case's title, description and resolution summary, in the account's language.
 * 4. Save it as a draft with `sourceCaseId`; a case becomes one article at most (409 names it).
 */
export async function createArticleFromCase(
  caseId: string,
  caller: Caller,
  deps: CreateArticleFromCaseDeps,
): Promise<Article> {
  requireStaff(caller, 'write knowledge-base articles')
  const c = await deps.cases.findCase({ kind: 'all' }, caseId)
  if (!c) throw new NotFoundError(`There is no case ${caseId}.`)
  if (!resolvedStatuses.includes(c.status)) {
    throw new ConflictError(
      `Case ${c.number} is ${c.status}: only a resolved case (solution proposed, pending closure or closed) becomes an article.`,
    )
  }
  const account = await deps.accounts.findAccount(c.accountId)
  const draft = draftFromCase(c, account?.locale ?? 'en')
  if (!draft)
    throw new ConflictError(
      c.mergedInto
        ? `Case ${c.number} was merged into ${c.mergedInto.number}: write that one up instead.`
        : `Case ${c.number} was closed without a resolution: there is nothing to write up.`,
    )

  const at = deps.clock.now().toISOString()
  const article: Article = {
    id: deps.ids.newId(),
    ...draft,
    status: 'draft',
    version: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: caller.userId,
    updatedBy: caller.userId,
  }
  try {
    await deps.articles.insertArticle(article)
  } catch (error) {
    if (error instanceof CaseArticleExistsError) {
      const existing = error.articleId ? ` as article ${error.articleId}` : ''
      throw new ConflictError(`Case ${c.number} was already written up${existing}.`)
    }
    throw error
  }
  return article
}
