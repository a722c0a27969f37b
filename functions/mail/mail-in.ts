import { createS3InboundMail, type InboundMailStore } from '#src/adapters/aws/s3-inbound-mail.ts'
import { parseReceivedMail } from '#src/adapters/mail/parse-mail.ts'
import { logger } from '#src/logger.ts'
import { caseStore } from '#src/runtime/case-store-dependency.ts'
import { directoryReader } from '#src/runtime/directory-dependency.ts'
import { fileCatalog } from '#src/runtime/file-catalog-dependency.ts'
import { fileRules } from '#src/runtime/file-rules.ts'
import { fileStore } from '#src/runtime/file-store-dependency.ts'
import { lazyDependencies } from '#src/runtime/lazy-dependencies.ts'
import { mailer, mailLedger, mailSettings, replyAddresses } from '#src/runtime/mail-dependencies.ts'
import { queueSettings } from '#src/runtime/queue-settings-dependency.ts'
import { slaSettings } from '#src/runtime/sla-settings-dependency.ts'
import { clock, ids, runtimeConfig } from '#src/runtime/table-context.ts'
import { caseWatcherStore } from '#src/runtime/watcher-store-dependency.ts'
import { type MailReceipt, type ReceiveMailOutcome, receiveMail } from '#src/use-cases/receive-mail.ts'
import * as z from '#src/zod.ts'

/** A verdict as SES reports it; any status but `PASS` (including ones SES may add) is not a pass. */
const Verdict = z.object({ status: z.string() })

/**
 * The event SES's receipt-rule Lambda action sends (only what is read here). The message itself
 * is not in it: the rule's S3 action stored it before, under the same message id.
 */
export const SesReceiptEvent = z.object({
  Records: z
    .array(
      z.object({
        eventSource: z.literal('aws:ses'),
        ses: z.object({
          mail: z.object({
            messageId: z.string().check(z.regex(/^[A-Za-z0-9._-]{1,128}$/)),
            /** The envelope sender (MAIL FROM); empty for bounces. */
            source: z._default(z.string(), ''),
          }),
          receipt: z.object({
            recipients: z._default(z.array(z.string()), []),
            spfVerdict: Verdict,
            dkimVerdict: Verdict,
            spamVerdict: Verdict,
            virusVerdict: Verdict,
            dmarcVerdict: z.optional(Verdict),
          }),
        }),
      }),
    )
    .check(z.minLength(1)),
})

/** What receiveMail needs of each record, the message aside; undefined for an event of another shape. */
export function receiptsOf(event: unknown): MailReceipt[] | undefined {
  const parsed = SesReceiptEvent.safeParse(event)
  if (!parsed.success) return undefined
  return parsed.data.Records.map(({ ses: { mail, receipt } }) => ({
    messageId: mail.messageId,
    envelopeSender: mail.source,
    recipients: receipt.recipients,
    verdicts: {
      spf: receipt.spfVerdict.status,
      dkim: receipt.dkimVerdict.status,
      spam: receipt.spamVerdict.status,
      virus: receipt.virusVerdict.status,
      dmarc: receipt.dmarcVerdict?.status ?? '',
    },
  }))
}

const deps = lazyDependencies({
  cases: caseStore,
  watchers: caseWatcherStore,
  accounts: directoryReader,
  contacts: directoryReader,
  slaSettings,
  queues: queueSettings,
  files: fileCatalog,
  fileStore,
  fileRules,
  mailer,
  mailLedger,
  mailSettings,
  replyAddresses: () => replyAddresses,
  clock,
  ids,
})

let inbound: InboundMailStore | undefined

/**
 * The mail-in function: SES invokes it (asynchronously, `Event`) after its S3 action stored the
 * received message. It reads the raw message and hands it to receiveMail with the parser, which
 * receiveMail calls once the message passed its checks (an unparseable one is its to drop and record). An event of another shape can never succeed and is
 * logged and dropped; any other failure throws, so Lambda retries the invocation and finally puts
 * it in the dead-letter queue, whose alarm tells the operator.
 */
export const handler = async (
  event: unknown,
): Promise<{ outcomes: (ReceiveMailOutcome & { messageId: string })[] }> => {
  const receipts = receiptsOf(event)
  if (!receipts) {
    logger.error('malformed SES receipt event dropped', {
      issues: SesReceiptEvent.safeParse(event).error?.issues.map((issue) => issue.message),
    })
    return { outcomes: [] }
  }
  if (!inbound) {
    const config = runtimeConfig()
    inbound = createS3InboundMail({
      region: config.region,
      inbound: config.mail.inbound,
      endpoint: config.files.endpoint,
    })
  }
  const outcomes: (ReceiveMailOutcome & { messageId: string })[] = []
  for (const receipt of receipts) {
    const raw = await inbound.readRaw(receipt.messageId)
    const outcome = await receiveMail({ ...receipt, parseMail: () => parseReceivedMail(raw) }, deps)
    logger.info('mail received', { messageId: receipt.messageId, ...outcome })
    outcomes.push({ messageId: receipt.messageId, ...outcome })
  }
  return { outcomes }
}
