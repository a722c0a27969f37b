import { defineRoute, everyRole, type RouteDefinition, staffOnly } from './route-table.ts'
import { CaseIdParams } from './schemas/common.ts'
import {
  Article,
  ArticleHitList,
  ArticleIdParams,
  ArticleSuggestions,
  CreateArticleBody,
  ListArticlesQuery,
  SuggestArticlesBody,
  UpdateArticleBody,
} from './schemas/kb.ts'

/** The knowledge base (docs/kb.md): `/v1/kb/articles`, `/v1/kb/suggest`, and a resolved case's article. */
export const kbRoutes = {
  createKbArticle: defineRoute({
    operationId: 'createKbArticle',
    method: 'POST',
    path: '/v1/kb/articles',
    handler: 'kb/create-article',
    access: staffOnly,
    summary: 'Write a knowledge-base article (a draft unless `status` is `published`); answers its ETag',
    idempotent: true,
    request: { body: CreateArticleBody },
    versioned: {},
    response: { status: 201, body: Article },
  }),
  listKbArticles: defineRoute({
    operationId: 'listKbArticles',
    method: 'GET',
    path: '/v1/kb/articles',
    handler: 'kb/list-articles',
    access: everyRole,
    summary:
      'Search the knowledge base with `q` (ranked, best first: title words weigh most; umlauts, case, word endings and typos forgiven), or list it newest first. Customers see published articles only',
    rules: ['Only support staff see drafts: a customer asking for `status=draft` is 403.'],
    request: { query: ListArticlesQuery },
    response: { status: 200, body: ArticleHitList },
  }),
  getKbArticle: defineRoute({
    operationId: 'getKbArticle',
    method: 'GET',
    path: '/v1/kb/articles/{articleId}',
    handler: 'kb/get-article',
    access: everyRole,
    summary: 'Read one article with its markdown body and ETag (a draft is 404 for customers)',
    request: { params: ArticleIdParams },
    versioned: {},
    response: { status: 200, body: Article },
  }),
  updateKbArticle: defineRoute({
    operationId: 'updateKbArticle',
    method: 'PATCH',
    path: '/v1/kb/articles/{articleId}',
    handler: 'kb/update-article',
    access: staffOnly,
    summary:
      'Edit, publish (`status: published`) or withdraw an article. If-Match with its ETag is required: 428 without, 412 when stale',
    request: { params: ArticleIdParams, body: UpdateArticleBody },
    versioned: { ifMatch: 'required' },
    response: { status: 200, body: Article },
  }),
  suggestKbArticles: defineRoute({
    operationId: 'suggestKbArticles',
    method: 'POST',
    path: '/v1/kb/suggest',
    handler: 'kb/suggest-articles',
    access: everyRole,
    summary:
      'Published articles that may answer a case being written (search before you submit): best first, with a score and a snippet',
    request: { body: SuggestArticlesBody },
    response: { status: 200, body: ArticleSuggestions },
  }),
  createKbArticleFromCase: defineRoute({
    operationId: 'createKbArticleFromCase',
    method: 'POST',
    path: '/v1/cases/{caseId}/kb-article',
    handler: 'kb/create-article-from-case',
    access: staffOnly,
    summary:
      "Turn a resolved case into a draft article: the case's title, its description and its resolution, in the account's language (409 if the case is not resolved or already written up)",
    idempotent: true,
    request: { params: CaseIdParams },
    versioned: {},
    response: { status: 201, body: Article },
  }),
} satisfies Record<string, RouteDefinition>
