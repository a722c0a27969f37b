/**
 * `npm run openapi`: writes the OpenAPI document of the route table to docs/openapi.json, and the
 * JSON Schema of every event type's envelope to docs/events/ (docs/integrations.md, the
 * catalogue), and the typed client's types to clients/typescript/src/schema.ts, formatted as the
 * linter formats them, so the committed files change only when the API or the catalogue does.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { eventTypes, webhookTestType } from '#src/domain/events/envelope.ts'
import { eventIndex, eventJsonSchemaOf, webhookTestJsonSchema } from '#src/domain/events/event-schemas.ts'
import { buildOpenApiDocument } from '#src/http/openapi.ts'
import { routeList } from '#src/http/routes.ts'
import { clientTypesPath, generateClientTypes } from './client-types.ts'

const writeJson = (path: string, value: unknown) => writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`)

const target = fileURLToPath(new URL('../docs/openapi.json', import.meta.url))
const document = buildOpenApiDocument(routeList)
writeJson(target, document)

const eventsDir = fileURLToPath(new URL('../docs/events/', import.meta.url))
mkdirSync(eventsDir, { recursive: true })
for (const type of eventTypes) writeJson(`${eventsDir}${type}.json`, eventJsonSchemaOf(type))
writeJson(`${eventsDir}${webhookTestType}.json`, webhookTestJsonSchema())
writeJson(`${eventsDir}index.json`, eventIndex())

execFileSync('npx', ['biome', 'format', '--write', target, eventsDir], { stdio: 'inherit' })
// From the document as written (JSON), as the staleness test generates it.
writeFileSync(clientTypesPath, await generateClientTypes(JSON.parse(JSON.stringify(document))))
const operations = Object.values(document.paths ?? {}).flatMap((item) => Object.keys(item ?? {}))
console.log(
  `Wrote ${target}: ${operations.length} operations on ${Object.keys(document.paths ?? {}).length} paths.`,
)
console.log(`Wrote ${eventsDir}: the schemas of ${eventTypes.length} event types and ${webhookTestType}.`)
console.log(`Wrote ${clientTypesPath}: the typed client's types (clients/typescript/README.md).`)
