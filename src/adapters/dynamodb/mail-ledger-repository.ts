import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import type { MailLedger } from '#src/use-cases/ports/mail.ts'
import { batchPutItems } from './batch-write.ts'
import { conditionHeld } from './conditions.ts'
import { caseMailLedgerIndexes, mailKeys } from './keys.ts'

const day = 24 * 60 * 60

/** How long the bookkeeping is kept: replies to a notification find their case for a year. */
const keepNotificationsSeconds = 30 * day
const keepThreadsSeconds = 365 * day
const keepInboundSeconds = 30 * day

const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000)

/** The e-mail bookkeeping (MailLedger) in the single table; every item carries a TTL. */
export function createMailLedgerRepository(doc: DynamoDBDocumentClient, tableName: string): MailLedger {
  async function exists(key: { pk: string; sk: string }): Promise<boolean> {
    const result = await doc.send(
      new GetCommand({ TableName: tableName, Key: key, ProjectionExpression: 'pk' }),
    )
    return result.Item !== undefined
  }

  return {
    wasSent: (notificationId) => exists(mailKeys.sentNotification(notificationId)),

    async recordSent(sent) {
      const at = epochSeconds(new Date(sent.sentAt))
      // The thread first, then the notification: a notification counts as sent only once its
      // thread is stored. A failure between the two leaves a thread and no record of the
      // notification, so the retried event mails again (as a failure right after sending would)
      // and its reply still finds the case. Two plain writes bill half of one transaction of two
      // (docs/performance.md).
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...mailKeys.thread(sent.messageId),
            // Listed under its case, so the case's purge finds it (docs/privacy.md, Retention).
            ...caseMailLedgerIndexes(sent.caseId, mailKeys.thread(sent.messageId)),
            entity: 'mailThread',
            messageId: sent.messageId,
            caseId: sent.caseId,
            accountId: sent.accountId,
            expiresAt: at + keepThreadsSeconds,
          },
        }),
      )
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...mailKeys.sentNotification(sent.notificationId),
            ...caseMailLedgerIndexes(sent.caseId, mailKeys.sentNotification(sent.notificationId)),
            entity: 'sentNotification',
            ...sent,
            expiresAt: at + keepNotificationsSeconds,
          },
        }),
      )
    },

    async findThread(messageId) {
      const result = await doc.send(new GetCommand({ TableName: tableName, Key: mailKeys.thread(messageId) }))
      const item = result.Item
      if (!item || typeof item.caseId !== 'string' || typeof item.accountId !== 'string') return undefined
      return { caseId: item.caseId, accountId: item.accountId }
    },

    wasInboundHandled: (messageId) => exists(mailKeys.inbound(messageId)),

    async markInboundHandled(messageId, outcome, at, namedAddresses = []) {
      // The listing under each address first: a message marked handled is never taken in again,
      // so a failure after the mark would leave its raw mail unlisted for good.
      const expiresAt = epochSeconds(at) + keepInboundSeconds
      await batchPutItems(
        doc,
        tableName,
        namedAddresses.map((digest) => ({
          ...mailKeys.receivedFrom(digest, messageId),
          entity: 'receivedMail',
          messageId,
          expiresAt,
        })),
      )
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...mailKeys.inbound(messageId),
            entity: 'inboundMail',
            messageId,
            outcome,
            handledAt: at.toISOString(),
            expiresAt: epochSeconds(at) + keepInboundSeconds,
          },
        }),
      )
    },

    async claimAutoReply(email, at, windowSeconds) {
      const now = epochSeconds(at)
      // TTL deletion is lazy (and never happens in DynamoDB Local): an expired claim counts as absent.
      return conditionHeld(
        doc.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...mailKeys.autoReply(email),
              entity: 'autoReply',
              sentAt: at.toISOString(),
              expiresAt: now + windowSeconds,
            },
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
            ExpressionAttributeValues: { ':now': now },
          }),
        ),
      )
    },
  }
}
