import { describe, expect, it } from 'vitest'
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  StaleWebhookError,
  ValidationError,
} from '#src/domain/errors.ts'
import { refusedWebhookUrl } from '#src/domain/webhook-url.ts'
import { secretOverlapMs } from '#src/domain/webhooks.ts'
import { createWebhook } from '#src/use-cases/webhooks/create-webhook.ts'
import { deleteWebhook } from '#src/use-cases/webhooks/delete-webhook.ts'
import { getWebhook } from '#src/use-cases/webhooks/get-webhook.ts'
import { listWebhooks } from '#src/use-cases/webhooks/list-webhooks.ts'
import { presentWebhook, presentWebhookWithSecret } from '#src/use-cases/webhooks/present-webhook.ts'
import { rotateWebhookSecret } from '#src/use-cases/webhooks/rotate-webhook-secret.ts'
import { updateWebhook } from '#src/use-cases/webhooks/update-webhook.ts'
import { maxWebhooksPerAccount } from '#src/use-cases/webhooks/webhook-access.ts'
import { adamContact, aliceContact, ginaContact } from '../fakes/accounts.ts'
import {
  aContact,
  aCustomer,
  aStaffMember,
  InMemoryContactDirectory,
  ManualClock,
  now,
  rejectionOf,
  sequentialIds,
} from '../fakes/core.ts'
import { aWebhook, InMemoryWebhookStore, RecordingUrlGuard } from './subscription-fakes.ts'

const root = aStaffMember({ userId: 'root', role: 'admin', email: 'root@vendor.example' })
const sam = aStaffMember()
const adam = aCustomer({ userId: 'adam', role: 'customer_admin', email: 'adam@acme.example' })
const alice = aCustomer()
const gloria = aCustomer({
  userId: 'gloria',
  role: 'customer_admin',
  accountId: 'globex',
  email: 'g@globex.example',
})
const gloriaContact = aContact({
  id: 'gloria',
  accountId: 'globex',
  email: 'g@globex.example',
  role: 'customer_admin',
})

const operatorsHook = aWebhook({ id: 'operator-hook' })
const acmeHook = aWebhook({
  id: 'acme-hook',
  accountId: 'acme',
  ownerId: 'adam',
  ownerEmail: 'adam@acme.example',
})
const globexHook = aWebhook({ id: 'globex-hook', accountId: 'globex', ownerId: 'gloria' })

function setUp(webhooks = [operatorsHook, acmeHook, globexHook]) {
  const store = new InMemoryWebhookStore(webhooks)
  const guard = new RecordingUrlGuard()
  const clock = new ManualClock(now)
  const deps = {
    webhooks: store,
    webhookUrlGuard: guard,
    contacts: new InMemoryContactDirectory([adamContact, aliceContact, ginaContact, gloriaContact]),
    clock,
    ids: sequentialIds('hook'),
  }
  return { store, guard, clock, deps }
}

describe('createWebhook', () => {
  it("stores a customer admin's subscription under its account and shows its secret once", async () => {
    // Arrange
    const { store, guard, deps } = setUp()

    // Act
    const { webhook, secret } = await createWebhook(
      {
        url: 'https://itsm.acme.example/hooks',
        eventTypes: ['case.created', 'case.created', 'contact.created'],
      },
      adam,
      deps,
    )

    // Assert
    expect(webhook).toMatchObject({
      id: 'hook-1',
      accountId: 'acme',
      ownerId: 'adam',
      ownerEmail: 'adam@acme.example',
      active: true,
      eventTypes: ['case.created', 'contact.created'],
      version: 1,
    })
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/)
    expect(store.webhooks.get('hook-1')?.secrets).toEqual([{ secret, createdAt: now.toISOString() }])
    expect(guard.checked).toEqual(['https://itsm.acme.example/hooks'])
    const view = presentWebhook(webhook)
    expect(JSON.stringify(view)).not.toContain(secret)
    expect(view.secretCreatedAt).toBe(now.toISOString())
    expect(presentWebhookWithSecret(webhook, secret).secret).toBe(secret)
  })

  it("an admin's subscription belongs to the operator: no account", async () => {
    const { deps } = setUp()

    const { webhook } = await createWebhook(
      { url: 'https://crm.vendor.example/in', eventTypes: ['case.sla_breached'], active: false },
      root,
      deps,
    )

    expect(webhook.accountId).toBeUndefined()
    expect(webhook.active).toBe(false)
    expect(webhook.eventTypes).toEqual(['case.sla_breached'])
  })

  it('refuses staff-only event types for a customer admin, pointing at each (400)', async () => {
    const { store, deps } = setUp()

    const error = await rejectionOf(
      createWebhook(
        {
          url: 'https://itsm.acme.example/hooks',
          eventTypes: ['case.created', 'case.note_added', 'survey.answered'],
        },
        adam,
        deps,
      ),
    )

    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).errors).toEqual([
      { pointer: '/eventTypes/1', detail: 'case.note_added is for vendor staff only' },
      { pointer: '/eventTypes/2', detail: 'survey.answered is for vendor staff only' },
    ])
    expect(store.webhooks.size).toBe(3)
  })

  it('passes on the guard’s refusal of the URL and stores nothing', async () => {
    const { store, guard, deps } = setUp()
    guard.refusals.set('https://10.0.0.1/', refusedWebhookUrl('its host is a private address 10.0.0.1'))

    const error = await rejectionOf(createWebhook({ url: 'https://10.0.0.1/' }, adam, deps))

    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).errors).toEqual([
      { pointer: '/url', detail: 'its host is a private address 10.0.0.1' },
    ])
    expect(store.webhooks.size).toBe(3)
  })

  it('refuses the 21st subscription of an account (409), not another account’s first', async () => {
    const full = Array.from({ length: maxWebhooksPerAccount }, (_, i) =>
      aWebhook({ id: `acme-${i}`, accountId: 'acme' }),
    )
    const { deps } = setUp(full)

    const error = await rejectionOf(createWebhook({ url: 'https://itsm.acme.example/h' }, adam, deps))
    const other = await createWebhook({ url: 'https://globex.example/h' }, gloria, deps)

    expect(error).toBeInstanceOf(ConflictError)
    expect((error as Error).message).toMatch(/20/)
    expect(other.webhook.accountId).toBe('globex')
  })

  it.each([
    ['a plain customer', alice],
    ['an agent', sam],
  ])('refuses %s (403)', async (_, caller) => {
    const { deps } = setUp()

    const error = await rejectionOf(createWebhook({ url: 'https://x.example/' }, caller, deps))

    expect(error).toBeInstanceOf(ForbiddenError)
  })

  it('refuses a customer admin whose contact was demoted since the token was issued (403)', async () => {
    const { deps } = setUp()
    deps.contacts = new InMemoryContactDirectory([{ ...adamContact, role: 'customer' }])

    const error = await rejectionOf(createWebhook({ url: 'https://x.example/' }, adam, deps))

    expect(error).toBeInstanceOf(ForbiddenError)
  })
})

describe('reading and listing', () => {
  it('a customer admin lists its account’s subscriptions only; an admin every one', async () => {
    const { deps } = setUp()

    const adams = await listWebhooks({ limit: 25 }, adam, deps)
    const roots = await listWebhooks({ limit: 25 }, root, deps)

    expect(adams.items.map((w) => w.id)).toEqual(['acme-hook'])
    expect(roots.items.map((w) => w.id).sort()).toEqual(['acme-hook', 'globex-hook', 'operator-hook'])
  })

  it.each([
    ['another account’s', 'globex-hook'],
    ['the operator’s', 'operator-hook'],
    ['an unknown', 'no-such-hook'],
  ])('a customer admin asking for %s subscription gets 404 for every operation', async (_, id) => {
    const { store, deps } = setUp()
    const before = new Map(store.webhooks)

    const errors = [
      await rejectionOf(getWebhook(id, adam, deps)),
      await rejectionOf(updateWebhook(id, undefined, { active: false }, adam, deps)),
      await rejectionOf(rotateWebhookSecret(id, adam, deps)),
      await rejectionOf(deleteWebhook(id, adam, deps)),
    ]

    for (const error of errors) expect(error).toBeInstanceOf(NotFoundError)
    expect(store.webhooks).toEqual(before)
  })

  it('an admin reads an account’s subscription', async () => {
    const { deps } = setUp()

    expect((await getWebhook('acme-hook', root, deps)).accountId).toBe('acme')
  })
})

describe('updateWebhook', () => {
  it('applies the named fields, checks a new URL and counts the version up', async () => {
    const { store, guard, clock, deps } = setUp()
    clock.advance(60_000)

    const updated = await updateWebhook(
      'acme-hook',
      1,
      { url: 'https://new.acme.example/h', eventTypes: ['case.commented'], description: 'ITSM' },
      adam,
      deps,
    )

    expect(updated).toMatchObject({
      url: 'https://new.acme.example/h',
      eventTypes: ['case.commented'],
      description: 'ITSM',
      version: 2,
      updatedAt: new Date(now.getTime() + 60_000).toISOString(),
    })
    expect(guard.checked).toEqual(['https://new.acme.example/h'])
    expect(store.webhooks.get('acme-hook')).toEqual(updated)
  })

  it('null eventTypes subscribes to every type again; null description clears it', async () => {
    const { deps } = setUp([{ ...acmeHook, eventTypes: ['case.created'], description: 'old' }])

    const updated = await updateWebhook(
      'acme-hook',
      undefined,
      { eventTypes: null, description: null },
      adam,
      deps,
    )

    expect(updated.eventTypes).toBeUndefined()
    expect(updated.description).toBeUndefined()
  })

  it('refuses a staff-only type for a customer admin (400)', async () => {
    const { deps } = setUp()

    const error = await rejectionOf(
      updateWebhook('acme-hook', undefined, { eventTypes: ['case.sla_warning'] }, adam, deps),
    )

    expect((error as ValidationError).errors).toEqual([
      { pointer: '/eventTypes/0', detail: 'case.sla_warning is for vendor staff only' },
    ])
  })

  it('re-activating a disabled subscription clears the disabling and the failure streak', async () => {
    const disabled = {
      ...acmeHook,
      active: false,
      failingSince: '2026-11-20T00:00:00.000Z',
      disabledAt: '2026-11-23T00:00:00.000Z',
      disabledReason: 'every attempt failed for 3 days',
    }
    const { deps } = setUp([disabled])

    const updated = await updateWebhook('acme-hook', undefined, { active: true }, adam, deps)

    expect(updated.active).toBe(true)
    expect(updated).not.toHaveProperty('disabledAt')
    expect(updated).not.toHaveProperty('disabledReason')
    expect(updated).not.toHaveProperty('failingSince')
  })

  it('a stale If-Match is a 412 and changes nothing', async () => {
    const { store, deps } = setUp()

    const error = await rejectionOf(updateWebhook('acme-hook', 7, { active: false }, adam, deps))

    expect(error).toBeInstanceOf(PreconditionFailedError)
    expect(store.webhooks.get('acme-hook')?.active).toBe(true)
  })

  it('without If-Match a concurrent write makes it read again and apply the change', async () => {
    const { store, deps } = setUp()
    store.failNextSaveAsStale = true

    const updated = await updateWebhook('acme-hook', undefined, { active: false }, adam, deps)

    expect(updated.active).toBe(false)
    expect(store.webhooks.get('acme-hook')?.active).toBe(false)
  })

  it('with If-Match a concurrent write between read and save is a 412', async () => {
    const { store, deps } = setUp()
    store.failNextSaveAsStale = true

    const error = await rejectionOf(updateWebhook('acme-hook', 1, { active: false }, adam, deps))

    expect(error).toBeInstanceOf(PreconditionFailedError)
    expect(error).not.toBeInstanceOf(StaleWebhookError)
  })
})

describe('rotateWebhookSecret', () => {
  it('makes a new secret current and keeps the old one signing for 24 hours', async () => {
    const { store, deps } = setUp()
    const oldSecret = acmeHook.secrets[0]?.secret

    const { webhook, secret } = await rotateWebhookSecret('acme-hook', adam, deps)

    expect(secret).toMatch(/^whsec_/)
    expect(secret).not.toBe(oldSecret)
    expect(webhook.secrets).toEqual([
      { secret, createdAt: now.toISOString() },
      { ...acmeHook.secrets[0], validUntil: new Date(now.getTime() + secretOverlapMs).toISOString() },
    ])
    expect(webhook.version).toBe(2)
    expect(store.webhooks.get('acme-hook')).toEqual(webhook)
    expect(presentWebhook(webhook).previousSecretValidUntil).toBe(
      new Date(now.getTime() + secretOverlapMs).toISOString(),
    )
  })

  it('drops the old secret on the first save after its 24 hours', async () => {
    const { clock, deps } = setUp()
    const first = await rotateWebhookSecret('acme-hook', adam, deps)
    clock.advance(secretOverlapMs + 1)

    const updated = await updateWebhook('acme-hook', undefined, { description: 'later' }, adam, deps)

    expect(updated.secrets).toEqual([{ secret: first.secret, createdAt: now.toISOString() }])
    expect(presentWebhook(updated).previousSecretValidUntil).toBeUndefined()
  })
})

describe('deleteWebhook', () => {
  it('removes the subscription', async () => {
    const { store, deps } = setUp()

    await deleteWebhook('acme-hook', adam, deps)

    expect(store.webhooks.has('acme-hook')).toBe(false)
  })
})
