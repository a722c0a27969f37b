import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { deliveryIdOf } from '#src/domain/delivery-id.ts'
import { addressDigest, removedCommentText } from '#src/domain/erasure.ts'
import { redactForErasure, type StoredEnvelope } from '#src/domain/events/erasure-redaction.ts'
import { notificationIdFor, notificationKinds } from '#src/domain/notifications/notification-id.ts'
import type { ErasureCounts, PersonalData } from '#src/use-cases/ports/erasure.ts'
import { batchGetAllItems } from './batch-get.ts'
import { batchDeleteItems } from './batch-write.ts'
import { conditionHeld } from './conditions.ts'
import {
  allWebhooks,
  caseHistory,
  caseIdOfPartition,
  caseMailLedger,
  contactEventMarkers,
  feedKeys,
  mailKeys,
  type PersonItemKind,
  type PrimaryKey,
  personEntryKind,
  personItems,
  receivedMailOf,
  webhookKeys,
} from './keys.ts'
import { keyConditionOf, queryAllPages } from './paged-query.ts'

/** An entry of the person index: the item's key and its kind. */
interface PersonEntry {
  key: PrimaryKey
  kind: PersonItemKind
  caseId: string
}

/** A published event to look for in the feed and the deliveries: its id, time and, if known, its feed positions. */
interface PublishedRef {
  eventId: string
  time: string
}

/**
 * The table side of a contact's erasure (docs/privacy.md, Erasing a contact; docs/data-model.md):
 * the person's items through their person index (gsi6), their mail records through their cases'
 * e-mail bookkeeping, their received mail through its address digest, their published events
 * through the markers of events about them and the history events they caused. Queries,
 * GetItems and batch reads only, no Scan; every write may be repeated.
 */
export function createPersonalDataRepository(doc: DynamoDBDocumentClient, tableName: string): PersonalData {
  async function personEntries(contactId: string): Promise<PersonEntry[]> {
    const items = await queryAllPages(doc, {
      TableName: tableName,
      ...keyConditionOf(personItems(contactId)),
    })
    return items.flatMap((item) => {
      const pk = String(item.pk)
      const kind = personEntryKind(String(item.gsi6sk))
      const caseId = caseIdOfPartition(pk)
      return kind && caseId ? [{ key: { pk, sk: String(item.sk) }, kind, caseId }] : []
    })
  }

  async function readAll(keys: readonly PrimaryKey[]): Promise<Record<string, unknown>[]> {
    return [...(await batchGetAllItems(doc, tableName, keys)).values()]
  }

  /** Updates an item if it exists (and the condition holds); answers whether it did. */
  function updateIfPresent(
    key: PrimaryKey,
    update: {
      expression: string
      condition?: string
      names?: Record<string, string>
      values?: Record<string, unknown>
    },
  ): Promise<boolean> {
    return conditionHeld(
      doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key,
          UpdateExpression: update.expression,
          ConditionExpression: ['attribute_exists(pk)', update.condition].filter(Boolean).join(' AND '),
          ...(update.names ? { ExpressionAttributeNames: update.names } : {}),
          ...(update.values ? { ExpressionAttributeValues: update.values } : {}),
        }),
      ),
    )
  }

  /** The history events the person caused, as stored. */
  async function theirEvents(entries: readonly PersonEntry[]): Promise<Record<string, unknown>[]> {
    return readAll(entries.filter((entry) => entry.kind === 'event').map((entry) => entry.key))
  }

  /** The file records (not folders) the person uploaded. */
  async function theirFileItems(contactId: string, entries: readonly PersonEntry[]) {
    const items = await readAll(entries.filter((e) => e.kind === 'file').map((e) => e.key))
    return items.filter((item) => item.entity === 'caseFile' && item.uploadedBy === contactId)
  }

  /** Rewrites a stored feed entry with the person's data taken out; answers whether it held any. */
  async function redactFeedEntry(
    key: PrimaryKey,
    contactId: string,
    deleteComments: boolean,
  ): Promise<boolean> {
    const found = await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))
    const event = found.Item?.event as StoredEnvelope | undefined
    if (!event) return false
    const redacted = redactForErasure(event, { contactId, deleteComments })
    if (!redacted) return false
    return updateIfPresent(key, {
      expression: 'SET #event = :event',
      names: { '#event': 'event' },
      values: { ':event': redacted },
    })
  }

  return {
    async deleteMailRecords(contact, address) {
      const entries = await personEntries(contact.id)
      const caseIds = [
        ...new Set(entries.filter((e) => e.kind === 'case' || e.kind === 'watcher').map((e) => e.caseId)),
      ]
      const doomed: PrimaryKey[] = []
      let notifications = 0
      let threads = 0
      for (const caseId of caseIds) {
        const ledger = await queryAllPages(doc, {
          TableName: tableName,
          ...keyConditionOf(caseMailLedger(caseId)),
        })
        if (ledger.length === 0) continue
        // The ledger keeps a digest of event, kind and address, never the address (docs/privacy.md).
        const events = await queryAllPages(doc, {
          TableName: tableName,
          ...keyConditionOf(caseHistory(caseId)),
          ProjectionExpression: 'id',
        })
        const theirs = new Set<string>()
        for (const event of events) {
          for (const kind of notificationKinds) theirs.add(notificationIdFor(String(event.id), kind, address))
        }
        const sent = ledger.filter(
          (item) => item.entity === 'sentNotification' && theirs.has(String(item.notificationId)),
        )
        const messageIds = new Set(sent.map((item) => String(item.messageId)))
        for (const item of sent) doomed.push(mailKeys.sentNotification(String(item.notificationId)))
        for (const item of ledger) {
          if (item.entity === 'mailThread' && messageIds.has(String(item.messageId))) {
            doomed.push(mailKeys.thread(String(item.messageId)))
            threads++
          }
        }
        notifications += sent.length
      }
      const autoReply = await doc.send(
        new GetCommand({
          TableName: tableName,
          Key: mailKeys.autoReply(address),
          ProjectionExpression: 'pk',
        }),
      )
      if (autoReply.Item) doomed.push(mailKeys.autoReply(address))
      await batchDeleteItems(doc, tableName, doomed)
      return { notifications, threads, autoReplies: autoReply.Item ? 1 : 0 }
    },

    async receivedMailOf(address) {
      const items = await queryAllPages(doc, {
        TableName: tableName,
        ...keyConditionOf(receivedMailOf(addressDigest(address))),
      })
      return items.map((item) => String(item.messageId))
    },

    async forgetReceivedMail(address, messageIds) {
      const digest = addressDigest(address)
      await batchDeleteItems(
        doc,
        tableName,
        messageIds.map((messageId) => mailKeys.receivedFrom(digest, messageId)),
      )
    },

    async redactPublished(contact, options) {
      const contactId = contact.id
      // The events about the contact (contact.created, contact.updated): their markers, by contact.
      const markers = await queryAllPages(doc, {
        TableName: tableName,
        ...keyConditionOf(contactEventMarkers(contactId)),
      })
      const refs: PublishedRef[] = markers.flatMap((marker) => {
        const [time, ...rest] = String(marker.gsi1sk).split('#')
        return time && rest.length > 0 ? [{ eventId: rest.join('#'), time }] : []
      })
      // The history events they caused whose published form carries their words.
      for (const event of await theirEvents(await personEntries(contactId))) {
        const carriesWords =
          event.type === 'survey.answered' || (options.deleteComments && event.type === 'comment.added')
        if (carriesWords) refs.push({ eventId: `evt_${String(event.id)}`, time: String(event.at) })
      }

      let feedEntries = 0
      for (const ref of refs) {
        const marker = await doc.send(
          new GetCommand({
            TableName: tableName,
            Key: feedKeys.published(ref.eventId),
            ConsistentRead: true,
          }),
        )
        if (!marker.Item) continue
        // Every event about the person is one of their account's: its feed and the all-accounts feed.
        const positions: PrimaryKey[] = []
        if (typeof marker.Item.position === 'number')
          positions.push(feedKeys.entry({ kind: 'all' }, marker.Item.position))
        if (typeof marker.Item.sequence === 'number')
          positions.push(
            feedKeys.entry({ kind: 'account', accountId: contact.accountId }, marker.Item.sequence),
          )
        for (const key of positions)
          if (await redactFeedEntry(key, contactId, options.deleteComments)) feedEntries++
      }

      const webhooks = await queryAllPages(doc, {
        TableName: tableName,
        ...keyConditionOf(allWebhooks()),
        ProjectionExpression: 'id',
      })
      const deliveryKeys = refs.flatMap((ref) =>
        webhooks.map((webhook) =>
          webhookKeys.delivery(String(webhook.id), deliveryIdOf(ref.eventId, String(webhook.id), ref.time)),
        ),
      )
      let deliveries = 0
      for (const delivery of await readAll(deliveryKeys)) {
        const payload = JSON.parse(String(delivery.payload)) as StoredEnvelope
        const redacted = redactForErasure(payload, { contactId, deleteComments: options.deleteComments })
        if (!redacted) continue
        const key = { pk: String(delivery.pk), sk: String(delivery.sk) }
        if (
          await updateIfPresent(key, {
            expression: 'SET payload = :payload',
            values: { ':payload': JSON.stringify(redacted) },
          })
        )
          deliveries++
      }
      return { feedEntries, deliveries }
    },

    async eraseItems(contactId, options) {
      const entries = await personEntries(contactId)
      const counts: ErasureCounts = { watchers: 0, surveyComments: 0, comments: 0, files: 0 }

      const watchers = entries.filter((e) => e.kind === 'watcher').map((e) => e.key)
      await batchDeleteItems(doc, tableName, watchers)
      counts.watchers = watchers.length

      for (const entry of entries.filter((e) => e.kind === 'survey')) {
        const removed = await updateIfPresent(entry.key, {
          expression: 'REMOVE answer.#comment',
          condition: 'attribute_exists(answer.#comment)',
          names: { '#comment': 'comment' },
        })
        if (removed) counts.surveyComments = (counts.surveyComments ?? 0) + 1
      }
      // The survey's history event keeps the words too.
      for (const event of await theirEvents(entries)) {
        if (event.type !== 'survey.answered') continue
        await updateIfPresent(
          { pk: String(event.pk), sk: String(event.sk) },
          {
            expression: 'REMOVE details.#comment',
            condition: 'attribute_exists(details.#comment)',
            names: { '#comment': 'comment' },
          },
        )
      }

      if (options.deleteComments) {
        for (const entry of entries.filter((e) => e.kind === 'comment')) {
          const replaced = await updateIfPresent(entry.key, {
            expression: 'SET body = :removed',
            condition: 'body <> :removed',
            values: { ':removed': removedCommentText },
          })
          if (replaced) counts.comments = (counts.comments ?? 0) + 1
        }
      }

      if (options.deleteFiles) {
        const theirs = await theirFileItems(contactId, entries)
        await batchDeleteItems(
          doc,
          tableName,
          theirs.map((file) => ({ pk: String(file.pk), sk: String(file.sk) })),
        )
        counts.files = theirs.length
      }
      return counts
    },

    async filesUploadedBy(contactId) {
      const theirs = await theirFileItems(contactId, await personEntries(contactId))
      return theirs.map((file) => ({
        accountId: String(file.accountId),
        caseId: String(file.caseId),
        fileId: String(file.id),
      }))
    },
  }
}
