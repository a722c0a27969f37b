import { describe, expect, it } from 'vitest'
import {
  CreateAccountBody,
  CreateContactBody,
  UpdateAccountBody,
  UpdateContactBody,
} from '#src/http/schemas/accounts.ts'

describe('CreateContactBody', () => {
  it('stores addresses trimmed and lower case, as a customer by default', () => {
    expect(CreateContactBody.parse({ email: ' Carla@ACME.example ', name: 'Carla' })).toEqual({
      email: 'carla@acme.example',
      name: 'Carla',
      role: 'customer',
    })
  })

  it.each([
    { email: 'not-an-address', name: 'X' },
    { email: 'x@acme.example', name: 'X', role: 'admin' },
  ])('refuses %j', (body) => {
    expect(CreateContactBody.safeParse(body).success).toBe(false)
  })
})

describe('CreateAccountBody', () => {
  const valid = { name: 'Initech', serviceLevel: 'standard', locale: 'en', calendarId: 'vienna' }

  it('defaults the SLA policy and lower-cases e-mail domains', () => {
    expect(CreateAccountBody.parse({ ...valid, emailDomains: ['Initech.Example'] })).toMatchObject({
      slaPolicyId: 'default',
      emailDomains: ['initech.example'],
    })
  })

  it.each([
    ['an id that is no slug', { id: 'Initech Inc' }],
    ['a domain that is an address', { emailDomains: ['x@initech.example'] }],
    ['an escalation level 5', { escalationRecipients: { '5': ['maria'] } }],
    ['a level without recipients', { escalationRecipients: { '1': [] } }],
    ['an unknown field', { owner: 'me' }],
  ])('refuses %s', (_, extra) => {
    expect(CreateAccountBody.safeParse({ ...valid, ...extra }).success).toBe(false)
  })
})

describe('the PATCH bodies', () => {
  it('refuse a change that names no field', () => {
    expect(UpdateAccountBody.safeParse({}).success).toBe(false)
    expect(UpdateContactBody.safeParse({}).success).toBe(false)
  })

  it('take null to clear an optional account setting', () => {
    expect(UpdateAccountBody.parse({ accountManagerId: null, slaOverride: null })).toEqual({
      accountManagerId: null,
      slaOverride: null,
    })
  })

  it('take {"active": false} to deactivate a contact, and a new address lower-cased', () => {
    expect(UpdateContactBody.parse({ active: false })).toEqual({ active: false })
    expect(UpdateContactBody.parse({ email: 'New@ACME.example' })).toEqual({ email: 'new@acme.example' })
    expect(UpdateContactBody.safeParse({ email: 'not an address' }).success).toBe(false)
  })
})
