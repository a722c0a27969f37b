import { createS3InboundMail } from '#src/adapters/aws/s3-inbound-mail.ts'
import { createPersonalDataRepository } from '#src/adapters/dynamodb/personal-data-repository.ts'
import type { PersonalData, RawMailStore } from '#src/use-cases/ports/erasure.ts'
import { tableContext } from './table-context.ts'

/** The person's data in the table, found through their person index and address digest. */
export function personalData(): PersonalData {
  const { doc, config } = tableContext()
  return createPersonalDataRepository(doc, config.tableName)
}

/**
 * The raw received mail in the inbound-mail bucket (s3rver locally): fails naming
 * INBOUND_MAIL_BUCKET in a function that was not given it.
 */
export function rawMailStore(): RawMailStore {
  const { config } = tableContext()
  return createS3InboundMail({
    region: config.region,
    inbound: config.mail.inbound,
    endpoint: config.files.endpoint,
  })
}
