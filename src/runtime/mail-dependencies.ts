import { createSesMailer } from '#src/adapters/aws/ses-mailer.ts'
import { createMailLedgerRepository } from '#src/adapters/dynamodb/mail-ledger-repository.ts'
import { ConfigurationError, type MailSettings, requireMailSettings } from '#src/config.ts'
import { createReplyAddresses, type ReplyAddresses } from '#src/domain/reply-address.ts'
import type { Mailer, MailLedger } from '#src/use-cases/ports/mail.ts'
import { signingKey } from './cursor-codec.ts'
import { tableContext } from './table-context.ts'

/**
 * The settings a mailing function cannot work without (docs/email.md); a missing MAIL_FROM,
 * MAIL_REPLY_DOMAIN or SURVEY_URL fails with its name on first use.
 */
export const mailSettings = (): MailSettings => requireMailSettings(tableContext().config.mail)

let ses: Mailer | undefined

/**
 * SES, for the functions that send mail: built once per process on first use, and imported only
 * by them, so that the SES client is bundled only into them.
 */
export function mailer(): Mailer {
  if (!ses) {
    const { config } = tableContext()
    ses = createSesMailer({
      region: config.region,
      from: mailSettings().from,
      fromName: config.mail.fromName,
      configurationSet: config.mail.configurationSet,
      endpoint: config.mail.endpoint,
    })
  }
  return ses
}

/** What was mailed, so that a redelivered event mails nobody twice. */
export function mailLedger(): MailLedger {
  const { doc, config } = tableContext()
  return createMailLedgerRepository(doc, config.tableName)
}

/** Signed per-case reply addresses; fails with the variable's name without MAIL_REPLY_DOMAIN. */
export async function replyAddresses(): Promise<ReplyAddresses> {
  const domain = tableContext().config.mail.replyDomain
  if (!domain)
    throw new ConfigurationError(
      'Invalid environment: MAIL_REPLY_DOMAIN is required by functions that send or receive mail',
    )
  return createReplyAddresses(await signingKey('reply-address'), domain)
}
