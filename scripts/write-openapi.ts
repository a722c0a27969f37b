/**
 * `npm run openapi`: writes the OpenAPI document of the route table to docs/openapi.json, formatted
 * as the linter formats JSON, so the committed file changes only when the API does.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { buildOpenApiDocument } from '#src/http/openapi.ts'
import { routeList } from '#src/http/routes.ts'

const target = fileURLToPath(new URL('../docs/openapi.json', import.meta.url))
const document = buildOpenApiDocument(routeList)
writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`)
execFileSync('npx', ['biome', 'format', '--write', target], { stdio: 'inherit' })
const operations = Object.values(document.paths ?? {}).flatMap((item) => Object.keys(item ?? {}))
console.log(
  `Wrote ${target}: ${operations.length} operations on ${Object.keys(document.paths ?? {}).length} paths.`,
)
