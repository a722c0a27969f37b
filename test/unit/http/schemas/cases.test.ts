import { describe, expect, it } from 'vitest'
import { ListCasesQuery } from '#src/http/schemas/case-lists.ts'
import { CreateCaseBody } from '#src/http/schemas/cases.ts'
import { CaseIdParams } from '#src/http/schemas/common.ts'

const minimal = { title: 'Invoices fail to print', description: 'Error 42 when printing.', product: 'ERP' }

function issuePaths(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) {
  return result.error?.issues.map((issue) => issue.path) ?? []
}

describe('CreateCaseBody', () => {
  it.each(['critical', 'urgent'])('requires an impact statement for %s cases', (severity) => {
    const result = CreateCaseBody.safeParse({ ...minimal, severity })

    expect(result.success).toBe(false)
    expect(issuePaths(result)).toEqual([['impact']])
  })

  it.each(['standard', 'low'])('does not require an impact statement for %s cases', (severity) => {
    const result = CreateCaseBody.safeParse({ ...minimal, severity })

    expect(result.success).toBe(true)
  })

  it('accepts a critical case that states its impact', () => {
    const result = CreateCaseBody.safeParse({ ...minimal, severity: 'critical', impact: 'Billing stopped.' })

    expect(result.success).toBe(true)
  })

  it('refuses a whitespace-only impact on an urgent case', () => {
    const result = CreateCaseBody.safeParse({ ...minimal, severity: 'urgent', impact: '   ' })

    expect(issuePaths(result)).toContainEqual(['impact'])
  })

  it('reports a missing impact together with the other invalid fields', () => {
    // A client fixing its request needs every invalid field at once, not one per round trip.
    const result = CreateCaseBody.safeParse({
      description: 'Error 42.',
      product: 'ERP',
      severity: 'critical',
    })

    expect(issuePaths(result)).toEqual(expect.arrayContaining([['title'], ['impact']]))
  })

  it('defaults the case type to general_inquiry', () => {
    expect(CreateCaseBody.parse(minimal).type).toBe('general_inquiry')
  })

  it('defaults the severity to standard', () => {
    expect(CreateCaseBody.parse(minimal).severity).toBe('standard')
  })

  it('rejects unknown fields', () => {
    const result = CreateCaseBody.safeParse({ ...minimal, accountId: 'globex' })

    expect(result.success).toBe(false)
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['accountId'] })
  })

  it('rejects a whitespace-only title', () => {
    const result = CreateCaseBody.safeParse({ ...minimal, title: ' \t\n ' })

    expect(issuePaths(result)).toEqual([['title']])
  })

  it('trims the title', () => {
    expect(CreateCaseBody.parse({ ...minimal, title: '  Printing fails  ' }).title).toBe('Printing fails')
  })

  it('rejects a case type that is not in the vocabulary', () => {
    const result = CreateCaseBody.safeParse({ ...minimal, type: 'complaint' })

    expect(issuePaths(result)).toEqual([['type']])
  })

  it('rejects a title longer than 200 characters', () => {
    const result = CreateCaseBody.safeParse({ ...minimal, title: 'x'.repeat(201) })

    expect(issuePaths(result)).toEqual([['title']])
  })
})

describe('ListCasesQuery', () => {
  it('coerces the limit from its query-string form', () => {
    expect(ListCasesQuery.parse({ limit: '40' }).limit).toBe(40)
  })

  it('defaults the limit to 25', () => {
    expect(ListCasesQuery.parse({}).limit).toBe(25)
  })

  it.each(['1', '100'])('accepts the bound %s', (limit) => {
    expect(ListCasesQuery.parse({ limit }).limit).toBe(Number(limit))
  })

  it.each(['0', '101', '-5', '2.5', 'ten', ''])('rejects the limit %j', (limit) => {
    const result = ListCasesQuery.safeParse({ limit })

    expect(issuePaths(result)).toEqual([['limit']])
  })

  it('rejects unknown parameters', () => {
    const result = ListCasesQuery.safeParse({ sort: 'oldest' })

    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['sort'] })
  })

  it('rejects a status outside the vocabulary', () => {
    expect(issuePaths(ListCasesQuery.safeParse({ status: 'done' }))).toEqual([['status']])
  })
})

describe('CaseIdParams', () => {
  it('accepts an opaque id of letters, digits, - and _', () => {
    expect(CaseIdParams.safeParse({ caseId: 'a1B2-c3_d4' }).success).toBe(true)
  })

  it('rejects an id with other characters', () => {
    expect(CaseIdParams.safeParse({ caseId: 'CASE#1' }).success).toBe(false)
  })
})
