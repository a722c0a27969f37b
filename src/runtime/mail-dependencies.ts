import { createSesMailer } from '#src/adapters/aws/ses-mailer.ts'
import { documentClientFor } from '#src/adapters/dynamodb/client.ts'
import { createMailLedgerRepository } from '#src/adapters/dynamodb/mail-ledger-repository.ts'
import { requireMailSettings } from '#src/config.ts'
import type { Mailer, MailLedger } from '#src/use-cases/ports.ts'
import { type AppDependencies, dependencies } from './dependencies.ts'

/**
 * What mailing functions (the event handler, mail-in) need on top of the common dependencies. Kept
 * apart so that the SES client is bundled only into the functions that send mail.
 */
export interface MailDependencies extends AppDependencies {
  mailer: Mailer
  mailLedger: MailLedger
  mailSettings: ReturnType<typeof requireMailSettings>
}

let cached: MailDependencies | undefined

/** Built on first use; a missing MAIL_FROM, MAIL_REPLY_DOMAIN or SURVEY_URL fails with its name. */
export function mailDependencies(): MailDependencies {
  if (cached) return cached
  const base = dependencies()
  const { config } = base
  const mailSettings = requireMailSettings(config.mail)
  const doc = documentClientFor(base.dynamodb)
  cached = Object.assign(Object.create(base) as AppDependencies, {
    mailer: createSesMailer({
      region: config.region,
      from: mailSettings.from,
      fromName: config.mail.fromName,
      configurationSet: config.mail.configurationSet,
      endpoint: config.mail.endpoint,
    }),
    mailLedger: createMailLedgerRepository(doc, config.tableName),
    mailSettings,
  })
  return cached
}
