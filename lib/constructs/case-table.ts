import { RemovalPolicy } from 'aws-cdk-lib'
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb'
import type { Construct } from 'constructs'
import { projectionOf, tableDefinition } from '#src/adapters/dynamodb/table-definition.ts'

/**
 * The single table (docs/data-model.md), mapped from `tableDefinition`: the local runtime builds its table
 * from the same definition, so keys, indexes, TTL and stream cannot differ between AWS and a laptop.
 * Every key attribute is a string, as `createTableInput` declares them.
 */
export function createCaseTable(scope: Construct, id: string): Table {
  const table = new Table(scope, id, {
    partitionKey: { name: tableDefinition.partitionKey, type: AttributeType.STRING },
    sortKey: { name: tableDefinition.sortKey, type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
    stream: StreamViewType[tableDefinition.streamViewType],
    // The table holds every customer's cases: neither a stack deletion nor a replacement may drop it.
    removalPolicy: RemovalPolicy.RETAIN,
  })
  for (const index of tableDefinition.globalSecondaryIndexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.indexName,
      partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
      sortKey: { name: index.sortKey, type: AttributeType.STRING },
      // As in createTableInput: ALL (list queries return whole items without a second read), but
      // for the keys-only person index.
      projectionType: ProjectionType[projectionOf(index)],
    })
  }
  return table
}
