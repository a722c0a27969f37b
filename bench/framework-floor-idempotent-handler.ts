import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency'
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb'
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { handler as framework } from './framework-floor-handler.ts'

// The framework floor of a creating route (docs/performance.md): `framework-floor-handler.ts` plus
// Powertools idempotency with a JMESPath key, which every route that honours `Idempotency-Key`
// carries (src/runtime/idempotency.ts). The bundle and cold-start targets are measured against it.
const idempotency = makeHandlerIdempotent({
  persistenceStore: new DynamoDBPersistenceLayer({
    tableName: 'floor',
    awsSdkV3Client: new DynamoDBClient({}),
  }),
  config: new IdempotencyConfig({ eventKeyJmesPath: 'headers."idempotency-key"' }),
})

export const handler = framework.use(idempotency)
