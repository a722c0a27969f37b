import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams'
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda'

/** What the stream invokes: the event handler, as Lambda's event source mapping invokes the function. */
export type StreamTarget = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>

/** A record given up on after its retries, as Lambda's on-failure destination would receive it. */
export interface StreamDeadLetter {
  eventID: string | undefined
  sequenceNumber: string | undefined
  /** The item's key, to find what was not handled. */
  keys: Record<string, unknown> | undefined
  attempts: number
  error: string
  at: string
}

export interface LocalTableStream {
  /** Resolves once everything written so far has been handed to the handler (and succeeded or was given up on). */
  settled(): Promise<void>
  deadLetters(): StreamDeadLetter[]
  stop(): Promise<void>
}

export interface LocalTableStreamOptions {
  endpoint: string
  region: string
  credentials: { accessKeyId: string; secretAccessKey: string }
  tableName: string
  invoke: StreamTarget
  /** Idle polling interval. @default 100 */
  pollMs?: number
  /** Deliveries of a failing record before it is given up on (the CDK mapping allows more, with bisection). @default 5 */
  maxAttempts?: number
  /** Backoff before the first redelivery, doubled each time. @default 100 */
  retryDelayMs?: number
  /** Records per invocation, like the event source mapping's batch size. @default 100 */
  batchSize?: number
}

interface ShardCursor {
  shardId: string
  iterator: string | undefined
  /** Deliveries of `failing` so far: progress past it (a later record failing) starts the count anew, as a new batch does in AWS. */
  attempts: number
  failing?: string | undefined
}

/** A Streams API record in the shape Lambda hands to the function (the event source mapping's conversion). */
export function toLambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const { dynamodb } = record
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(dynamodb?.ApproximateCreationDateTime
        ? { ApproximateCreationDateTime: Math.floor(dynamodb.ApproximateCreationDateTime.getTime() / 1000) }
        : {}),
      Keys: dynamodb?.Keys,
      NewImage: dynamodb?.NewImage,
      OldImage: dynamodb?.OldImage,
      SequenceNumber: dynamodb?.SequenceNumber,
      SizeBytes: dynamodb?.SizeBytes,
      StreamViewType: dynamodb?.StreamViewType,
    } as DynamoDBRecord['dynamodb'],
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Reads the table's stream from DynamoDB Local (its own engine keeps one) and invokes the event
 * handler with Lambda's event shape, honouring `batchItemFailures` as the event source mapping
 * does: the failed record and everything after it is delivered again, with backoff; after
 * `maxAttempts` the record is set aside as a dead letter and the stream moves on.
 */
export async function startLocalTableStream(options: LocalTableStreamOptions): Promise<LocalTableStream> {
  const pollMs = options.pollMs ?? 100
  const maxAttempts = options.maxAttempts ?? 5
  const retryDelayMs = options.retryDelayMs ?? 100
  const batchSize = options.batchSize ?? 100
  const clientOptions = {
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
  }
  const dynamodb = new DynamoDBClient(clientOptions)
  const streams = new DynamoDBStreamsClient(clientOptions)

  const table = await dynamodb.send(new DescribeTableCommand({ TableName: options.tableName }))
  const streamArn = table.Table?.LatestStreamArn
  if (!streamArn) throw new Error(`table ${options.tableName} has no stream`)

  const shards = new Map<string, ShardCursor>()
  const deadLetters: StreamDeadLetter[] = []
  let stopped = false
  let idleWaiters: (() => void)[] = []

  async function iterator(
    shardId: string,
    type: 'TRIM_HORIZON' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER',
    sequenceNumber?: string,
  ): Promise<string | undefined> {
    const result = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ShardIteratorType: type,
        SequenceNumber: sequenceNumber,
      }),
    )
    return result.ShardIterator
  }

  /** Picks up shards that appeared since the last look (DynamoDB rolls shards over as it pleases). */
  async function discoverShards(): Promise<void> {
    let exclusiveStartShardId: string | undefined
    do {
      const result = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
      )
      for (const shard of result.StreamDescription?.Shards ?? []) {
        if (!shard.ShardId || shards.has(shard.ShardId)) continue
        shards.set(shard.ShardId, {
          shardId: shard.ShardId,
          iterator: await iterator(shard.ShardId, 'TRIM_HORIZON'),
          attempts: 0,
        })
      }
      exclusiveStartShardId = result.StreamDescription?.LastEvaluatedShardId
    } while (exclusiveStartShardId)
  }

  /** One GetRecords and one invocation on a shard; answers how many records it handed over. */
  async function pollShard(cursor: ShardCursor): Promise<number> {
    if (!cursor.iterator) return 0
    const result = await streams.send(
      new GetRecordsCommand({ ShardIterator: cursor.iterator, Limit: batchSize }),
    )
    const records = (result.Records ?? []).map((record) => toLambdaRecord(record, streamArn as string))
    if (records.length === 0) {
      cursor.iterator = result.NextShardIterator
      return 0
    }
    let failedSequence: string | undefined
    let failure = 'reported in batchItemFailures'
    try {
      const response = await options.invoke({ Records: records })
      failedSequence = response?.batchItemFailures?.[0]?.itemIdentifier
    } catch (error) {
      // A thrown error fails the whole batch, as in AWS.
      failedSequence = records[0]?.dynamodb?.SequenceNumber
      failure = error instanceof Error ? error.message : String(error)
    }
    if (!failedSequence) {
      cursor.iterator = result.NextShardIterator
      cursor.attempts = 0
      cursor.failing = undefined
      return records.length
    }
    cursor.attempts = cursor.failing === failedSequence ? cursor.attempts + 1 : 1
    cursor.failing = failedSequence
    if (cursor.attempts >= maxAttempts) {
      const failed = records.find((record) => record.dynamodb?.SequenceNumber === failedSequence)
      deadLetters.push({
        eventID: failed?.eventID,
        sequenceNumber: failedSequence,
        keys: failed?.dynamodb?.Keys,
        attempts: cursor.attempts,
        error: failure,
        at: new Date().toISOString(),
      })
      console.error(`table stream: gave up on record ${failedSequence} after ${cursor.attempts} attempts`)
      cursor.attempts = 0
      cursor.failing = undefined
      cursor.iterator = await iterator(cursor.shardId, 'AFTER_SEQUENCE_NUMBER', failedSequence)
      return records.length
    }
    await sleep(retryDelayMs * 2 ** (cursor.attempts - 1))
    cursor.iterator = await iterator(cursor.shardId, 'AT_SEQUENCE_NUMBER', failedSequence)
    return records.length
  }

  const loop = (async () => {
    while (!stopped) {
      let handled = 0
      try {
        await discoverShards()
        for (const cursor of shards.values()) handled += await pollShard(cursor)
      } catch (error) {
        if (stopped) break
        console.error('table stream: polling failed', error)
      }
      if (handled === 0) {
        const waiters = idleWaiters
        idleWaiters = []
        for (const resolve of waiters) resolve()
        await sleep(pollMs)
      }
    }
  })()

  return {
    settled() {
      if (stopped) return Promise.resolve()
      // The first pass that finds nothing new after this call: everything written before it was handled.
      return new Promise<void>((resolve) => {
        idleWaiters.push(() => idleWaiters.push(resolve))
      })
    },
    deadLetters: () => [...deadLetters],
    async stop() {
      stopped = true
      await loop
      for (const resolve of idleWaiters) resolve()
      idleWaiters = []
      dynamodb.destroy()
      streams.destroy()
    },
  }
}
