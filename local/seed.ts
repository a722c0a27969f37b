import { createHash } from 'node:crypto'
import type { DirectoryRepository } from '#src/adapters/dynamodb/directory-repository.ts'
import type { Account, Contact, StaffMember } from '#src/domain/directory.ts'

/**
 * The demo (README.md, demo users), created idempotently at every start. Ids are derived from the
 * e-mail address (a UUID-shaped hash) so they are stable across restarts and look like Cognito subjects.
 */
export function demoUserId(email: string): string {
  const hex = createHash('sha256').update(`caseline-demo:${email}`).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

const seededAt = '2026-01-01T00:00:00.000Z'

/** The demo's manager hears of critical cases, breaches and every escalation level; the admin of the top two as well. */
const demoResponsibilities = {
  responsibleManagerId: demoUserId('maria@vendor.example'),
  escalationRecipients: {
    '1': [demoUserId('maria@vendor.example')],
    '2': [demoUserId('maria@vendor.example')],
    '3': [demoUserId('maria@vendor.example'), demoUserId('root@vendor.example')],
    '4': [demoUserId('maria@vendor.example'), demoUserId('root@vendor.example')],
  },
} satisfies Partial<Account>

export const demoAccounts: Account[] = [
  {
    id: 'acme',
    name: 'ACME Corporation',
    serviceLevel: 'premium',
    locale: 'de',
    calendarId: 'vienna',
    slaPolicyId: 'default',
    ...demoResponsibilities,
    createdAt: seededAt,
  },
  {
    id: 'globex',
    name: 'Globex Inc.',
    serviceLevel: 'standard',
    locale: 'en',
    calendarId: 'vienna',
    slaPolicyId: 'default',
    ...demoResponsibilities,
    createdAt: seededAt,
  },
]

const contact = (email: string, name: string, accountId: string, role: Contact['role']): Contact => ({
  id: demoUserId(email),
  accountId,
  email,
  name,
  role,
  active: true,
  createdAt: seededAt,
})

export const demoContacts: Contact[] = [
  contact('alice@acme.example', 'Alice Acme', 'acme', 'customer'),
  contact('adam@acme.example', 'Adam Acme', 'acme', 'customer_admin'),
  contact('gina@globex.example', 'Gina Globex', 'globex', 'customer'),
]

const staff = (email: string, name: string, role: StaffMember['role']): StaffMember => ({
  id: demoUserId(email),
  email,
  name,
  role,
  active: true,
  createdAt: seededAt,
})

export const demoStaff: StaffMember[] = [
  staff('sam@vendor.example', 'Sam Agent', 'agent'),
  staff('erin@vendor.example', 'Erin Expert', 'expert'),
  staff('maria@vendor.example', 'Maria Manager', 'manager'),
  staff('root@vendor.example', 'Root Admin', 'admin'),
]

/** Writes whatever part of the demo is missing; running it twice changes nothing. */
export async function seedDemo(directory: DirectoryRepository): Promise<{ created: number }> {
  let created = 0
  for (const account of demoAccounts) if (await directory.putAccountIfAbsent(account)) created++
  for (const c of demoContacts) if (await directory.registerContactIfAbsent(c)) created++
  for (const s of demoStaff) if (await directory.registerStaffMemberIfAbsent(s)) created++
  return { created }
}
