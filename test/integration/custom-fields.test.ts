import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { CaseEvent, CaseView } from '#src/domain/case.ts'
import type { CaseFieldDefinition } from '#src/domain/case-fields.ts'
import { type Page, type Problem, useLocalApi } from './local-api.ts'

const api = useLocalApi()

const newCase = (overrides: Record<string, unknown> = {}) => ({
  title: 'Posting run stops',
  description: 'The posting run stops at vendor 4711.',
  product: 'Caseline ERP',
  ...overrides,
})

const environmentField = {
  key: 'environment',
  labels: { de: 'Umgebung', en: 'Environment' },
  type: 'enum',
  options: [
    { value: 'prod', labels: { de: 'Produktion', en: 'Production' } },
    { value: 'test', labels: { de: 'Test', en: 'Test' } },
  ],
  caseTypes: [{ caseType: 'product_problem', required: true }],
  customerVisible: true,
  customerEditable: true,
}

const triageField = {
  key: 'triage_note',
  labels: { de: 'Triage', en: 'Triage' },
  type: 'text',
}

type Envelope = { type: string; audience?: string; data: Record<string, unknown> }

describe('custom fields through the local HTTP API', () => {
  const tokens: Record<string, string> = {}
  const post = (token: string, path: string, body: unknown) =>
    api.request<CaseFieldDefinition & Problem>('POST', path, {
      token,
      body,
      headers: { 'idempotency-key': randomUUID() },
    })

  beforeAll(async () => {
    for (const user of ['alice', 'adam', 'root', 'sam'] as const) {
      const domain = user === 'alice' || user === 'adam' ? 'acme' : 'vendor'
      tokens[user] = await api.tokenFor(`${user}@${domain}.example`)
    }
    expect((await post(tokens.root as string, '/v1/case-fields', environmentField)).status).toBe(201)
    expect((await post(tokens.root as string, '/v1/case-fields', triageField)).status).toBe(201)
  })

  it('an admin defines fields; staff read the whole catalogue, customers the active customer-visible fields', async () => {
    // Act
    const asStaff = await api.request<{ items: CaseFieldDefinition[] }>('GET', '/v1/case-fields', {
      token: tokens.sam,
    })
    const asCustomer = await api.request<{ items: CaseFieldDefinition[] }>('GET', '/v1/case-fields', {
      token: tokens.alice,
    })
    const again = await post(tokens.root as string, '/v1/case-fields', environmentField)
    const byAgent = await post(tokens.sam as string, '/v1/case-fields', { ...triageField, key: 'other' })
    const badKey = await post(tokens.root as string, '/v1/case-fields', { ...triageField, key: 'Bad-Key' })

    // Assert
    expect(asStaff.body.items.map((field) => field.key)).toEqual(['environment', 'triage_note'])
    expect(asCustomer.body.items.map((field) => field.key)).toEqual(['environment'])
    expect(again.status).toBe(409)
    expect(byAgent.status).toBe(403)
    expect(badKey.status).toBe(400)
    expect(badKey.body.errors?.[0]).toMatchObject({ pointer: '/key' })
  })

  it('refuses a product problem without its environment, naming /customFields/environment', async () => {
    // Act
    const missing = await api.request<Problem>('POST', '/v1/cases', {
      token: tokens.alice,
      body: newCase({ type: 'product_problem' }),
    })
    const invalid = await api.request<Problem>('POST', '/v1/cases', {
      token: tokens.alice,
      body: newCase({
        type: 'product_problem',
        customFields: { environment: 'staging', triage_note: 'x', nope: 1 },
      }),
    })

    // Assert
    expect(missing.status).toBe(400)
    expect(missing.headers.get('content-type')).toContain('application/problem+json')
    expect(missing.body.errors).toEqual([
      { pointer: '/customFields/environment', detail: 'is required for product_problem cases' },
    ])
    expect(invalid.status).toBe(400)
    expect(invalid.body.errors?.map((error) => error.pointer)).toEqual([
      '/customFields/environment',
      '/customFields/triage_note',
      '/customFields/nope',
    ])
  })

  it("shows each side what it may see, in the case, the list, the history and the events; export carries staff's view", async () => {
    // Arrange: alice files with the environment, sam adds a staff-only triage note
    const filed = await api.request<CaseView>('POST', '/v1/cases', {
      token: tokens.alice,
      body: newCase({ type: 'product_problem', customFields: { environment: 'prod' } }),
    })
    expect(filed.status).toBe(201)
    expect(filed.body.customFields).toEqual({ environment: 'prod' })
    const secret = `triage-${randomUUID()}`
    const patched = await api.request<CaseView>('PATCH', `/v1/cases/${filed.body.id}`, {
      token: tokens.sam,
      body: { customFields: { triage_note: secret } },
      headers: { 'if-match': '"1"' },
    })
    expect(patched.status).toBe(200)
    expect(patched.body.customFields).toEqual({ environment: 'prod', triage_note: secret })

    // Act
    const caseForAlice = await api.request<CaseView>('GET', `/v1/cases/${filed.body.id}`, {
      token: tokens.alice,
    })
    const listForAdam = await api.request<Page<CaseView>>('GET', '/v1/cases?limit=5', { token: tokens.adam })
    const historyForAlice = await api.request<Page<CaseEvent>>('GET', `/v1/cases/${filed.body.id}/history`, {
      token: tokens.alice,
    })
    const historyForSam = await api.request<Page<CaseEvent>>('GET', `/v1/cases/${filed.body.id}/history`, {
      token: tokens.sam,
    })

    // Assert
    expect(caseForAlice.body.customFields).toEqual({ environment: 'prod' })
    expect(listForAdam.body.items.find((c) => c.id === filed.body.id)?.customFields).toEqual({
      environment: 'prod',
    })
    expect(JSON.stringify(listForAdam.body)).not.toContain(secret)
    expect(historyForAlice.body.items.map((e) => e.type)).toEqual(['case.created'])
    expect(historyForAlice.body.items[0]?.changes).toContainEqual({
      field: 'customFields.environment',
      after: 'prod',
    })
    expect(historyForSam.body.items.at(-1)?.changes).toEqual([
      { field: 'customFields.triage_note', after: secret, internal: true },
    ])

    // The export (managers and admins) carries the values as staff see them.
    const day = filed.body.createdAt.slice(0, 10)
    const exported = await fetch(`${api.url}/v1/cases/export?from=${day}&to=${day}`, {
      headers: { authorization: `Bearer ${tokens.root}` },
    })
    expect(exported.status).toBe(200)
    const line = (await exported.text()).split('\n').find((l) => l.includes(filed.body.id))
    expect(JSON.parse(line ?? '{}').customFields).toEqual({ environment: 'prod', triage_note: secret })

    // The events: adam's feed (the account's audience) never carries the staff-only value, root's does.
    const feedOf = async (token: string) => {
      const page = await api.request<{ items: Envelope[] }>('GET', '/v1/events?limit=100', { token })
      return JSON.stringify(page.body.items)
    }
    const deadline = Date.now() + 10_000
    while (!(await feedOf(tokens.root as string)).includes(secret) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(await feedOf(tokens.root as string)).toContain(secret)
    const adamsFeed = await feedOf(tokens.adam as string)
    expect(adamsFeed).toContain('"environment":"prod"')
    expect(adamsFeed).not.toContain(secret)
  })

  it('PATCH sets and clears values, keeps a required one, and refuses customers a staff-only field', async () => {
    // Arrange
    const filed = await api.request<CaseView>('POST', '/v1/cases', {
      token: tokens.alice,
      body: newCase({ type: 'product_problem', customFields: { environment: 'prod' } }),
    })

    // Act
    const changed = await api.request<CaseView>('PATCH', `/v1/cases/${filed.body.id}`, {
      token: tokens.alice,
      body: { customFields: { environment: 'test' } },
      headers: { 'if-match': '"1"' },
    })
    const cleared = await api.request<Problem>('PATCH', `/v1/cases/${filed.body.id}`, {
      token: tokens.sam,
      body: { customFields: { environment: null } },
      headers: { 'if-match': '"2"' },
    })
    const staffOnly = await api.request<Problem>('PATCH', `/v1/cases/${filed.body.id}`, {
      token: tokens.alice,
      body: { customFields: { triage_note: 'mine' } },
      headers: { 'if-match': '"2"' },
    })

    // Assert
    expect(changed.status).toBe(200)
    expect(changed.body.customFields).toEqual({ environment: 'test' })
    expect(cleared.status).toBe(400)
    expect(cleared.body.errors).toEqual([
      { pointer: '/customFields/environment', detail: 'is required for product_problem cases' },
    ])
    expect(staffOnly.status).toBe(400)
    expect(staffOnly.body.errors).toEqual([
      { pointer: '/customFields/triage_note', detail: 'is no field you may set' },
    ])
  })

  it('deactivating a field hides it from everyone and stops requiring it, and keeps the stored values', async () => {
    // Arrange
    const filed = await api.request<CaseView>('POST', '/v1/cases', {
      token: tokens.alice,
      body: newCase({ type: 'product_problem', customFields: { environment: 'prod' } }),
    })
    const patch = (active: boolean) =>
      api.request<CaseFieldDefinition>('PATCH', '/v1/case-fields/environment', {
        token: tokens.root,
        body: { active },
      })

    // Act
    const deactivated = await patch(false)
    const hidden = await api.request<CaseView>('GET', `/v1/cases/${filed.body.id}`, { token: tokens.sam })
    const withoutIt = await api.request<CaseView>('POST', '/v1/cases', {
      token: tokens.alice,
      body: newCase({ type: 'product_problem' }),
    })
    const settingIt = await api.request<Problem>('POST', '/v1/cases', {
      token: tokens.alice,
      body: newCase({ customFields: { environment: 'prod' } }),
    })
    const catalogue = await api.request<{ items: CaseFieldDefinition[] }>('GET', '/v1/case-fields', {
      token: tokens.alice,
    })
    await patch(true)
    const shownAgain = await api.request<CaseView>('GET', `/v1/cases/${filed.body.id}`, {
      token: tokens.alice,
    })

    // Assert
    expect(deactivated.status).toBe(200)
    expect(deactivated.body).toMatchObject({ active: false, version: 2 })
    expect(hidden.body).not.toHaveProperty('customFields')
    expect(withoutIt.status).toBe(201)
    expect(settingIt.status).toBe(400)
    expect(catalogue.body.items).toEqual([])
    expect(shownAgain.body.customFields).toEqual({ environment: 'prod' })
  })

  it('answers 404 for a field that does not exist', async () => {
    const reply = await api.request<Problem>('PATCH', '/v1/case-fields/nothing_here', {
      token: tokens.root,
      body: { active: false },
    })
    expect(reply.status).toBe(404)
  })
})
