import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { buildOpenApiDocument } from '#src/http/openapi.ts'
import { routeList } from '#src/http/routes.ts'
import { clientTypesPath, generateClientTypes } from '../../../scripts/client-types.ts'

describe("the typed client's generated types", () => {
  it('are what clients/typescript/src/schema.ts holds (run `npm run openapi` after changing the route table)', async () => {
    // Arrange
    const document = JSON.parse(JSON.stringify(buildOpenApiDocument(routeList)))

    // Act
    const fresh = await generateClientTypes(document)

    // Assert: compared line by line, so a stale file shows which operations moved
    expect(readFileSync(clientTypesPath, 'utf8')).toBe(fresh)
  }, 30_000)
})
