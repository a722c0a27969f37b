import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb'
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb'
import type { mockedDocumentClient } from './document-client.ts'

type Item = Record<string, unknown>
type Condition = {
  ConditionExpression?: string | undefined
  ExpressionAttributeNames?: Record<string, string> | undefined
  ExpressionAttributeValues?: Record<string, unknown> | undefined
}

const keyOf = (key: Item) => `${key.pk}|${key.sk}`

/**
 * A table in memory behind the mocked document client, for the few conditions the queue settings
 * write with: `attribute_not_exists(pk)` and `#name = :value`. Single writes that fail their
 * condition throw `ConditionalCheckFailedException`; a transaction whose condition fails writes
 * nothing and throws `TransactionCanceledException` with a reason per item, as DynamoDB does.
 */
export function documentTable(ddb: ReturnType<typeof mockedDocumentClient>['ddb']) {
  const items = new Map<string, Item>()

  function holds(condition: Condition, key: Item): boolean {
    const current = items.get(keyOf(key))
    const expression = condition.ConditionExpression
    if (expression === undefined) return true
    if (expression === 'attribute_not_exists(pk)') return current === undefined
    const equality = /^(#\w+) = (:\w+)$/.exec(expression)
    if (!equality) throw new Error(`the fake table does not know the condition ${expression}`)
    const name = condition.ExpressionAttributeNames?.[equality[1] as string] as string
    return (
      current !== undefined && current[name] === condition.ExpressionAttributeValues?.[equality[2] as string]
    )
  }

  const failed = () =>
    new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} })

  ddb.on(GetCommand).callsFake((input) => ({ Item: items.get(keyOf(input.Key)) }))
  ddb.on(PutCommand).callsFake((input) => {
    if (!holds(input, input.Item)) throw failed()
    items.set(keyOf(input.Item), input.Item)
    return {}
  })
  ddb.on(DeleteCommand).callsFake((input) => {
    if (!holds(input, input.Key)) throw failed()
    items.delete(keyOf(input.Key))
    return {}
  })
  ddb.on(QueryCommand).callsFake((input) => {
    const values = input.ExpressionAttributeValues ?? {}
    const prefix = (values[':prefix'] as string | undefined) ?? ''
    const found = [...items.values()]
      .filter((item) => item.pk === values[':pk'] && String(item.sk).startsWith(prefix))
      .sort((a, b) => String(a.sk).localeCompare(String(b.sk)))
    return { Items: found }
  })
  ddb.on(TransactWriteCommand).callsFake((input: TransactWriteCommandInput) => {
    const writes = input.TransactItems ?? []
    const codes = writes.map((write) => {
      const [condition, key] = write.Put
        ? [write.Put, write.Put.Item]
        : write.Delete
          ? [write.Delete, write.Delete.Key]
          : write.ConditionCheck
            ? [write.ConditionCheck, write.ConditionCheck.Key]
            : [{}, {}]
      return holds(condition as Condition, key as Item) ? 'None' : 'ConditionalCheckFailed'
    })
    if (codes.includes('ConditionalCheckFailed')) {
      throw new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: codes.map((Code) => ({ Code })),
      })
    }
    for (const write of writes) {
      if (write.Put) items.set(keyOf(write.Put.Item as Item), write.Put.Item as Item)
      if (write.Delete) items.delete(keyOf(write.Delete.Key as Item))
    }
    return {}
  })

  return {
    items,
    get: (key: { pk: string; sk: string }) => items.get(keyOf(key)),
    put: (item: Item) => items.set(keyOf(item), item),
  }
}
