/**
 * Where a portal developer starts: sign in as Alice (a demo customer of acme), file a case, comment
 * on it, attach a log file and list the account's cases, with the typed client.
 *
 * With `npm start` running: `npx tsx clients/typescript/examples/portal-quickstart.ts`
 * (`CASELINE_URL` for another address). On AWS, take the token from Cognito's sign-in instead of
 * `localToken`.
 */
import { pathToFileURL } from 'node:url'
import {
  allItems,
  type Case,
  createCaselineClient,
  idempotent,
  localToken,
  ProblemError,
  uploadFile,
  waitUntilChecked,
} from '../src/index.ts'

/** What the walk-through made, for a reader (or a test) to look at. */
export interface QuickstartResult {
  filed: Case
  commentId: string
  fileStatus: string
  listed: number
}

/** Runs the walk-through against the API at `baseUrl`, printing each step with `log`. */
export async function portalQuickstart(
  baseUrl: string,
  log: (line: string) => void = console.log,
): Promise<QuickstartResult> {
  // 1. Sign in. The client reads the token before every request, so a refreshing function fits too.
  const token = await localToken(baseUrl, 'alice@acme.example')
  const client = createCaselineClient({ baseUrl, token })

  // 2. File a case. `idempotent` sends an Idempotency-Key and reuses it on retries: one case, however often.
  const filed = await idempotent((key) =>
    client.POST('/v1/cases', {
      params: { header: { 'Idempotency-Key': key } },
      body: {
        title: 'Invoice export is empty',
        description: 'Since this morning the nightly export writes an empty file.',
        product: 'Caseline ERP',
        severity: 'urgent',
        impact: 'Month-end closing is blocked for 40 accountants.',
      },
    }),
  )
  log(`filed ${filed.number}: ${filed.title} (${filed.status})`)

  // 3. Comment on it.
  const comment = await idempotent((key) =>
    client.POST('/v1/cases/{caseId}/comments', {
      params: { path: { caseId: filed.id }, header: { 'Idempotency-Key': key } },
      body: { body: 'The log of last night is attached.' },
    }),
  )
  log(`commented ${comment.id}`)

  // 4. Attach a file: the form goes straight to the storage; the server checks what arrived.
  const log1 = new TextEncoder().encode('2026-12-03T02:00:00Z export started\n2026-12-03T02:00:01Z 0 rows\n')
  const uploaded = await uploadFile(client, filed.id, {
    name: 'export.log',
    contentType: 'text/plain',
    content: log1,
  })
  const checked = await waitUntilChecked(client, filed.id, uploaded.id)
  log(`uploaded ${checked.file.name}: ${checked.file.status}`)

  // 5. List the account's cases, newest first, page after page.
  let listed = 0
  for await (const item of allItems((cursor) =>
    client.GET('/v1/cases', { params: { query: { limit: 25, cursor } } }),
  )) {
    listed++
    if (listed <= 3) log(`  ${item.number} ${item.status.padEnd(12)} ${item.title}`)
  }
  log(`${listed} cases in the account`)

  // 6. Errors are problem documents: a critical case needs an impact statement.
  try {
    await idempotent((key) =>
      client.POST('/v1/cases', {
        params: { header: { 'Idempotency-Key': key } },
        body: { title: 'Down', description: 'Nothing works', product: 'Caseline ERP', severity: 'critical' },
      }),
    )
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error
    log(`refused (${error.status}): ${error.fieldErrors.map((field) => JSON.stringify(field)).join(', ')}`)
  }

  return { filed, commentId: comment.id, fileStatus: checked.file.status, listed }
}

// Run directly (not imported by a test): against the local server.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await portalQuickstart(process.env.CASELINE_URL ?? 'http://localhost:3000')
}
