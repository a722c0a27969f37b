import { createSesMailer } from '#src/adapters/aws/ses-mailer.ts'
import { documentClientFor } from '#src/adapters/dynamodb/client.ts'
import { createMailLedgerRepository } from '#src/adapters/dynamodb/mail-ledger-repository.ts'
import { type MailSettings, requireMailSettings } from '#src/config.ts'
import type { Mailer, MailLedger } from '#src/use-cases/ports/mail.ts'
import { type AppDependencies, dependencies } from './dependencies.ts'
import { extendDependencies } from './extend-dependencies.ts'

/** What mailing functions (the event handler, mail-in) need on top of the common dependencies. */
export interface MailAdapters {
  mailer: Mailer
  mailLedger: MailLedger
  mailSettings: MailSettings
}

let mailer: Mailer | undefined

/**
 * SES and the mail ledger, for the functions that send or receive mail: kept apart so that the SES
 * client is bundled only into them. A missing MAIL_FROM, MAIL_REPLY_DOMAIN or SURVEY_URL fails
 * with its name on first use.
 */
export function withMail<T extends AppDependencies>(deps: T): T & Readonly<MailAdapters> {
  return extendDependencies<T, MailAdapters>(deps, {
    mailSettings: ({ config }) => requireMailSettings(config.mail),
    mailer: ({ config }) => {
      const { from } = requireMailSettings(config.mail)
      mailer ??= createSesMailer({
        region: config.region,
        from,
        fromName: config.mail.fromName,
        configurationSet: config.mail.configurationSet,
        endpoint: config.mail.endpoint,
      })
      return mailer
    },
    mailLedger: ({ config, dynamodb }) =>
      createMailLedgerRepository(documentClientFor(dynamodb), config.tableName),
  })
}

let cached: (AppDependencies & Readonly<MailAdapters>) | undefined

/** The process's common dependencies with the mail adapters, built on first use. */
export function mailDependencies(): AppDependencies & Readonly<MailAdapters> {
  cached ??= withMail(dependencies())
  return cached
}

/** The dependencies of a mailing function. */
export type MailDependencies = ReturnType<typeof mailDependencies>
