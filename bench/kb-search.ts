/**
 * `npx tsx bench/kb-search.ts`: the figures behind the knowledge base's search approach
 * (docs/kb.md). For 1,000 and 10,000 synthetic German and English articles in DynamoDB Local:
 * loading the corpus (a Query per locale and status partition), building the MiniSearch index,
 * its heap, a search and a suggestion (p50/p99), patching one article, and what the alternative
 * — an inverted index in the table — would write per article and read per search. Also the bytes
 * MiniSearch adds to a function bundle. Prints a table and writes bench/kb-search-results.json.
 *
 * `BENCH_KB_SIZES=1000,10000` (default) chooses the corpus sizes, `BENCH_KB_QUERIES=300` the
 * searches per size. DynamoDB Local runs on the JVM on this machine: load times are an upper bound
 * of what DynamoDB answers in AWS, where a Query page of 1 MB takes tens of milliseconds.
 */
import { writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb'
import { build } from 'esbuild'
import MiniSearch from 'minisearch'
import { startDynamoDbLocal } from '#local/dynamodb-local.ts'
import { documentClientFor } from '#src/adapters/dynamodb/client.ts'
import { createArticleRepository } from '#src/adapters/dynamodb/kb-repository.ts'
import { articleKeys } from '#src/adapters/dynamodb/keys.ts'
import { createTableInput } from '#src/adapters/dynamodb/table-definition.ts'
import { ArticleIndex } from '#src/adapters/search/article-index.ts'
import type { Article } from '#src/domain/kb/article.ts'
import { plainText, productKey, searchTerm, searchTerms, tokenize } from '#src/domain/kb/search-text.ts'
import { lambdaBuildOptions } from './bundles.ts'
import { median, percentile } from './stats.ts'

const projectRoot = fileURLToPath(new URL('..', import.meta.url))
const sizes = (process.env.BENCH_KB_SIZES ?? '1000,10000').split(',').map(Number)
const queryCount = Number(process.env.BENCH_KB_QUERIES ?? 300)
const round = (value: number, digits = 1) => Number(value.toFixed(digits))
const log = (message: string) => console.error(`[kb bench] ${message}`)

// A deterministic corpus ---------------------------------------------------------------------------

/** mulberry32: the same corpus on every run. */
function random(seed: number) {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const german = `Rechnung Rechnungsdruck Mahnlauf Mahnstufe Kreditor Debitor Buchung Rückstellung Zahlungsvorschlag
  Zahllauf Bank Kontoauszug Umsatzsteuer Steuerschlüssel Kostenstelle Kostenträger Sachkonto Hauptbuch Nebenbuch
  Monatsabschluss Jahresabschluss Anlagenbuchhaltung Abschreibung Inventur Lager Lagerort Artikel Stückliste
  Fertigungsauftrag Bestellung Lieferant Wareneingang Lieferschein Versand Spediteur Etikett Drucker Druckvorlage
  Formular Berechtigung Benutzer Rolle Anmeldung Passwort Schnittstelle Import Export Datei Fehler Meldung Absturz
  Zeitüberschreitung Leistung langsam Datenbank Sicherung Wiederherstellung Aktualisierung Version Lizenz Mandant
  Währung Wechselkurs Skonto Gutschrift Storno Beleg Belegnummer Nummernkreis Periode gesperrt offen geschlossen
  prüfen ändern anlegen löschen buchen drucken senden empfangen einstellen konfigurieren starten stoppt bricht ab
  funktioniert nicht richtig falsch doppelt leer fehlt zeigt keine Posten Betrag Summe Rundung Differenz Abgleich`
const english = `invoice printing dunning run reminder vendor customer posting accrual payment proposal bank statement
  tax code cost center general ledger subledger month end closing year end fixed assets depreciation inventory
  warehouse location item bill of materials production order purchase order supplier goods receipt delivery note
  shipping carrier label printer template form permission user role login password interface import export file
  error message crash timeout performance slow database backup restore update version license tenant currency
  exchange rate discount credit note reversal document number range period locked open closed check change create
  delete post print send receive configure start stops aborts works does not correctly wrong twice empty missing
  shows no items amount total rounding difference reconciliation report dashboard schedule job queue retry sync`
const products = [
  'Caseline ERP',
  'Caseline CRM',
  'Caseline HR',
  'Caseline Cloud',
  'Caseline POS',
  'Caseline WMS',
]

/**
 * A language's vocabulary, most frequent first: the domain words above, then 20,000 compounds of
 * two or three of them (`Rechnungsdrucker`, `Kreditorbank`), drawn with Zipf's law as words of real text
 * are. A vocabulary of a few hundred words would put every word into most articles, which no
 * knowledge base does, and would measure the worst case of any search engine, not this one.
 */
function zipfVocabulary(seed: number, head: readonly string[]) {
  const next = random(seed)
  const tail = new Set<string>()
  const pick = () => head[Math.floor(next() * head.length)] as string
  while (tail.size < 20_000) {
    // Two words, or three: a hundred-odd head words have too few pairs for 20,000 compounds.
    const parts = next() < 0.5 ? [pick(), pick()] : [pick(), pick(), pick()]
    if (new Set(parts).size === parts.length)
      tail.add(parts.map((p, i) => (i ? p.toLowerCase() : p)).join(''))
  }
  const all = [...head, ...tail]
  const cumulative: number[] = []
  let sum = 0
  for (let rank = 1; rank <= all.length; rank++) {
    sum += 1 / rank
    cumulative.push(sum)
  }
  /** A word drawn by frequency; `from` skips the most frequent ranks (nobody searches for them). */
  return (draw: () => number, from = 0) => {
    const target = cumulative[from - 1] ?? 0
    const u = target + draw() * (sum - target)
    let low = from
    let high = all.length - 1
    while (low < high) {
      const middle = (low + high) >> 1
      if ((cumulative[middle] as number) < u) low = middle + 1
      else high = middle
    }
    return all[low] as string
  }
}

const vocabulary = {
  de: zipfVocabulary(1, german.split(/\s+/).filter(Boolean)),
  en: zipfVocabulary(2, english.split(/\s+/).filter(Boolean)),
}

function words(
  next: () => number,
  word: (draw: () => number, from?: number) => string,
  count: number,
  from = 0,
) {
  return Array.from({ length: count }, () => word(next, from)).join(' ')
}

function syntheticArticle(next: () => number, i: number): Article {
  const locale = next() < 0.5 ? 'de' : 'en'
  const list = vocabulary[locale]
  const paragraphs = Array.from(
    { length: 3 + Math.floor(next() * 3) },
    (_, p) => `${p === 0 ? '## ' : ''}${words(next, list, 50 + Math.floor(next() * 40))}.`,
  )
  const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString()
  return {
    id: `article-${i}`,
    title: words(next, list, 4 + Math.floor(next() * 5), 50),
    body: paragraphs.join('\n\n'),
    product: products[Math.floor(next() * products.length)] as string,
    tags: [words(next, list, 1), words(next, list, 1)],
    locale,
    status: next() < 0.85 ? 'published' : 'draft',
    version: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: 'bench',
    updatedBy: 'bench',
  }
}

// The bundle -----------------------------------------------------------------------------------------

async function bundleBytes(entry: string): Promise<{ total: number; minisearch: number; search: number }> {
  const result = await build({
    ...lambdaBuildOptions,
    mainFields: [...lambdaBuildOptions.mainFields],
    entryPoints: [path.join(projectRoot, entry)],
    write: false,
    outdir: path.join(projectRoot, '.local', 'bench', 'kb'),
    absWorkingDir: projectRoot,
    metafile: true,
  })
  let total = 0
  let minisearch = 0
  let search = 0
  for (const output of Object.values(result.metafile.outputs)) {
    total += output.bytes
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (input.includes('node_modules/minisearch/')) minisearch += bytesInOutput
      if (input.startsWith('src/adapters/search/') || input === 'src/domain/kb/search-text.ts')
        search += bytesInOutput
    }
  }
  return { total, minisearch, search }
}

// The run -----------------------------------------------------------------------------------------------

log('bundling the knowledge-base functions')
const bundles = {
  suggest: await bundleBytes('functions/kb/suggest-articles.ts'),
  list: await bundleBytes('functions/kb/list-articles.ts'),
  get: await bundleBytes('functions/kb/get-article.ts'),
}

log('starting DynamoDB Local')
Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' })
const dynamodb = await startDynamoDbLocal()
const client = new DynamoDBClient({ region: 'us-east-1', endpoint: dynamodb.endpoint, maxAttempts: 3 })
const doc = documentClientFor(client)

interface SizeResult {
  articles: number
  published: number
  corpusMB: number
  reloadReadUnits: number
  loadMs: number
  buildMs: number
  /** CPU time of one build: what a shared machine's wall time overstates. */
  buildCpuMs: number
  heapMB: number | null
  searchP50Ms: number
  searchP99Ms: number
  suggestP50Ms: number
  suggestP99Ms: number
  patchP50Ms: number
  revisionCheckP50Ms: number
  /** The way past a slow rebuild: MiniSearch's serialised index, stored after each write and loaded instead. */
  serialised: { sizeMB: number; loadJsonMs: number }
  invertedIndex: {
    termItemsPerArticleMean: number
    termItemsPerArticleP90: number
    postingsReadPerSearchMean: number
    queriesPerSuggestMean: number
  }
}

const results: SizeResult[] = []
const loadAverage = () => os.loadavg()[0]?.toFixed(1)
const gc = (globalThis as { gc?: () => void }).gc
try {
  for (const size of sizes) {
    const tableName = `kb-bench-${size}`
    await client.send(new CreateTableCommand(createTableInput(tableName)))
    const repository = createArticleRepository(doc, tableName, async () => {
      throw new Error('the bench pages nothing')
    })
    const next = random(size)
    const corpus = Array.from({ length: size }, (_, i) => syntheticArticle(next, i))

    log(`${size}: writing the corpus`)
    let itemBytes = 0
    for (let i = 0; i < corpus.length; i += 25) {
      let requests = corpus.slice(i, i + 25).map((article) => {
        const item = {
          ...articleKeys.item(article.id),
          ...articleKeys.indexes(article),
          entity: 'kbArticle',
          productKey: productKey(article.product),
          ...article,
        }
        itemBytes += Buffer.byteLength(JSON.stringify(item))
        return { PutRequest: { Item: item } }
      })
      while (requests.length > 0) {
        const written = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }))
        requests = (written.UnprocessedItems?.[tableName] ?? []) as typeof requests
      }
    }

    log(`${size}: loading and indexing`)
    await repository.loadArticles() // the JVM's first pass is not what a Lambda instance sees
    const loadTimes: number[] = []
    const buildTimes: number[] = []
    let loaded: Article[] = []
    const buildCpu: number[] = []
    for (let round = 0; round < 3; round++) {
      let t0 = performance.now()
      loaded = await repository.loadArticles()
      loadTimes.push(performance.now() - t0)
      t0 = performance.now()
      const cpu = process.cpuUsage()
      ArticleIndex.of(loaded)
      const used = process.cpuUsage(cpu)
      buildTimes.push(performance.now() - t0)
      buildCpu.push((used.user + used.system) / 1000)
    }
    gc?.()
    const heapBefore = process.memoryUsage().heapUsed
    const index = ArticleIndex.of(loaded)
    gc?.()
    const heapAfter = process.memoryUsage().heapUsed

    log(`${size}: ${queryCount} searches and suggestions`)
    const queries = Array.from({ length: queryCount }, () => {
      const list = next() < 0.5 ? vocabulary.de : vocabulary.en
      return {
        // What people search for: content words, not the hundred most frequent ones.
        q: words(next, list, 1 + Math.floor(next() * 3), 100),
        title: words(next, list, 6, 100),
        description: words(next, list, 60),
        product: products[Math.floor(next() * products.length)] as string,
      }
    })
    const published = { statuses: ['published'] as const }
    for (const query of queries.slice(0, 20)) index.search(query.q, published) // warm the JIT
    const searchTimes: number[] = []
    const suggestTimes: number[] = []
    for (const query of queries) {
      let t0 = performance.now()
      index.search(query.q, published)
      searchTimes.push(performance.now() - t0)
      t0 = performance.now()
      index.suggest(query, published, 5)
      suggestTimes.push(performance.now() - t0)
    }
    const patchTimes: number[] = []
    for (let i = 0; i < 50; i++) {
      const article = loaded[Math.floor(next() * loaded.length)] as Article
      const t0 = performance.now()
      index.upsert({ ...article, title: `${article.title} geändert`, version: article.version + 1 })
      patchTimes.push(performance.now() - t0)
    }
    const revisionTimes: number[] = []
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now()
      await repository.readRevision()
      revisionTimes.push(performance.now() - t0)
    }

    // A persisted index: what loading MiniSearch's JSON would take instead of indexing the corpus.
    const plain = new MiniSearch({
      fields: ['title', 'tags', 'product', 'body'],
      tokenize,
      processTerm: (word: string) => searchTerm(word),
    })
    plain.addAll(loaded.map((a) => ({ ...a, tags: a.tags.join(' '), body: plainText(a.body) })))
    const json = JSON.stringify(plain)
    const loadJsonTimes: number[] = []
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now()
      MiniSearch.loadJSON(json, { fields: ['title', 'tags', 'product', 'body'], tokenize })
      loadJsonTimes.push(performance.now() - t0)
    }

    // The alternative: one term item per distinct term of an article, one Query per query term.
    const termsPerArticle = loaded.map(
      (a) => searchTerms(`${a.title} ${a.tags.join(' ')} ${a.product} ${plainText(a.body)}`).length,
    )
    const postings = new Map<string, number>()
    for (const a of loaded) {
      for (const term of searchTerms(`${a.title} ${a.tags.join(' ')} ${a.product} ${plainText(a.body)}`))
        postings.set(term, (postings.get(term) ?? 0) + 1)
    }
    const postingsPerSearch = queries.map((query) =>
      searchTerms(query.q).reduce((sum, term) => sum + (postings.get(term) ?? 0), 0),
    )
    // As the suggestion queries them: every title term, and at most 12 description terms.
    const queriesPerSuggest = queries.map((query) => {
      const title = new Set(searchTerms(query.title))
      const description = searchTerms(query.description).filter((term) => !title.has(term))
      return title.size + Math.min(12, description.length)
    })

    results.push({
      articles: size,
      published: loaded.filter((a) => a.status === 'published').length,
      corpusMB: round(itemBytes / 1024 / 1024, 2),
      // Eventually consistent Query: 0.5 read units per 4 KB read.
      reloadReadUnits: Math.ceil(itemBytes / 4096) / 2,
      loadMs: round(median(loadTimes)),
      buildMs: round(median(buildTimes)),
      buildCpuMs: round(median(buildCpu)),
      heapMB: gc ? round((heapAfter - heapBefore) / 1024 / 1024) : null,
      searchP50Ms: round(percentile(searchTimes, 0.5), 2),
      searchP99Ms: round(percentile(searchTimes, 0.99), 2),
      suggestP50Ms: round(percentile(suggestTimes, 0.5), 2),
      suggestP99Ms: round(percentile(suggestTimes, 0.99), 2),
      patchP50Ms: round(percentile(patchTimes, 0.5), 2),
      revisionCheckP50Ms: round(percentile(revisionTimes, 0.5), 2),
      serialised: {
        sizeMB: round(Buffer.byteLength(json) / 1024 / 1024, 2),
        loadJsonMs: round(median(loadJsonTimes)),
      },
      invertedIndex: {
        termItemsPerArticleMean: round(termsPerArticle.reduce((a, b) => a + b, 0) / termsPerArticle.length),
        termItemsPerArticleP90: percentile(termsPerArticle, 0.9),
        postingsReadPerSearchMean: round(
          postingsPerSearch.reduce((a, b) => a + b, 0) / postingsPerSearch.length,
        ),
        queriesPerSuggestMean: round(queriesPerSuggest.reduce((a, b) => a + b, 0) / queriesPerSuggest.length),
      },
    })
  }
} finally {
  client.destroy()
  await dynamodb.stop()
}

const kb = (bytes: number) => `${round(bytes / 1024)} KB`
console.log(
  `\nKnowledge-base search (MiniSearch in the Lambda instance); ${os.cpus().length} CPUs, load average ${loadAverage()}\n`,
)
console.log(
  `bundle: suggest-articles ${kb(bundles.suggest.total)} (MiniSearch ${kb(bundles.suggest.minisearch)}, ` +
    `search module ${kb(bundles.suggest.search)}); list-articles ${kb(bundles.list.total)}; ` +
    `get-article ${kb(bundles.get.total)} (MiniSearch ${kb(bundles.get.minisearch)})`,
)
console.table(
  results.map((r) => ({
    articles: r.articles,
    'corpus MB': r.corpusMB,
    'reload RRU': r.reloadReadUnits,
    'load ms': r.loadMs,
    'index ms (CPU)': `${r.buildMs} (${r.buildCpuMs})`,
    'heap MB': r.heapMB ?? 'run with --expose-gc',
    'search p50/p99 ms': `${r.searchP50Ms} / ${r.searchP99Ms}`,
    'suggest p50/p99 ms': `${r.suggestP50Ms} / ${r.suggestP99Ms}`,
    'patch p50 ms': r.patchP50Ms,
    'revision GetItem p50 ms': r.revisionCheckP50Ms,
    'persisted index MB / loadJSON ms': `${r.serialised.sizeMB} / ${r.serialised.loadJsonMs}`,
  })),
)
console.log('\nThe alternative, an inverted index in the table (one item per distinct term of an article):')
console.table(
  results.map((r) => ({
    articles: r.articles,
    'term items per article (mean / p90)': `${r.invertedIndex.termItemsPerArticleMean} / ${r.invertedIndex.termItemsPerArticleP90}`,
    'postings read per search (mean)': r.invertedIndex.postingsReadPerSearchMean,
    'Queries per suggestion (mean)': r.invertedIndex.queriesPerSuggestMean,
  })),
)
await writeFile(
  path.join(projectRoot, 'bench', 'kb-search-results.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, loadAverage: loadAverage(), bundles, results }, null, 2)}\n`,
)
