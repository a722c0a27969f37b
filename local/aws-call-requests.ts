/**
 * What IAM authorises for one SDK call: the action or actions and the resource ARN each is checked
 * against, with the condition keys the call sets. A transaction is authorised per item action, a
 * batch write per table and per item, a copy on its source and its target (docs/iam.md).
 */
export interface AuthorizationRequest {
  /** `service:Action`, as a policy names it. */
  readonly action: string
  /** The ARN IAM checks the action against; `*` for actions without resource-level permissions. */
  readonly resource: string
  /** Condition keys the request carries (`s3:prefix`, `iam:PassedToService`). */
  readonly context?: Readonly<Record<string, string>>
}

/** Where a call is made: the region and account its ARNs are in. */
export interface CallSite {
  readonly region: string
  readonly account: string
}

/** The IAM service prefix of each SDK client the functions use. */
const servicePrefixes: Readonly<Record<string, string>> = {
  DynamoDBClient: 'dynamodb',
  S3Client: 's3',
  SESv2Client: 'ses',
  SchedulerClient: 'scheduler',
  EventBridgeClient: 'events',
  SQSClient: 'sqs',
  CognitoIdentityProviderClient: 'cognito-idp',
  SecretsManagerClient: 'secretsmanager',
}

// Inputs are whatever the SDK was handed: read them loosely, field by field.
type Input = Record<string, unknown>
const text = (value: unknown): string => (typeof value === 'string' ? value : '')
const list = (value: unknown): Input[] => (Array.isArray(value) ? (value as Input[]) : [])
const record = (value: unknown): Input => (value && typeof value === 'object' ? (value as Input) : {})

/**
 * The authorisation requests of the SDK call `command` (`PutItemCommand`) of `client`
 * (`DynamoDBClient`) with `input`. A client or command this does not know is requested on `*`,
 * which no resource-scoped grant allows: the IAM check then names it, and this gains a case.
 */
export function authorizationRequests(
  client: string,
  command: string,
  input: Input,
  site: CallSite,
): AuthorizationRequest[] {
  const prefix = servicePrefixes[client] ?? client.replace(/Client$/, '').toLowerCase()
  const operation = command.replace(/Command$/, '')
  const build = requestBuilders[prefix]
  return build?.(operation, input, site) ?? [{ action: `${prefix}:${operation}`, resource: '*' }]
}

type RequestBuilder = (operation: string, input: Input, site: CallSite) => AuthorizationRequest[] | undefined

const requestBuilders: Readonly<Record<string, RequestBuilder>> = {
  dynamodb: dynamodbRequests,
  s3: s3Requests,
  ses: sesRequests,
  scheduler: schedulerRequests,
  events: eventsRequests,
  sqs: sqsRequests,
  'cognito-idp': (operation, input, { region, account }) => [
    {
      action: `cognito-idp:${operation}`,
      resource: `arn:aws:cognito-idp:${region}:${account}:userpool/${text(input.UserPoolId)}`,
    },
  ],
  secretsmanager: (operation, input, { region, account }) => {
    const id = text(input.SecretId)
    const resource = id.startsWith('arn:') ? id : `arn:aws:secretsmanager:${region}:${account}:secret:${id}`
    return [{ action: `secretsmanager:${operation}`, resource }]
  },
}

function dynamodbRequests(operation: string, input: Input, site: CallSite): AuthorizationRequest[] {
  const table = (name: unknown) => `arn:aws:dynamodb:${site.region}:${site.account}:table/${text(name)}`
  switch (operation) {
    case 'Query':
    case 'Scan': {
      const index = text(input.IndexName)
      return [
        {
          action: `dynamodb:${operation}`,
          resource: index ? `${table(input.TableName)}/index/${index}` : table(input.TableName),
        },
      ]
    }
    case 'BatchGetItem':
      return Object.keys(record(input.RequestItems)).map((name) => ({
        action: 'dynamodb:BatchGetItem',
        resource: table(name),
      }))
    case 'BatchWriteItem':
      // The batch on each table, and each put or delete in it.
      return Object.entries(record(input.RequestItems)).flatMap(([name, writes]) => [
        { action: 'dynamodb:BatchWriteItem', resource: table(name) },
        ...list(writes).map((write) => ({
          action: write.PutRequest ? 'dynamodb:PutItem' : 'dynamodb:DeleteItem',
          resource: table(name),
        })),
      ])
    case 'TransactWriteItems':
    case 'TransactGetItems':
      // No action of its own: every item is authorised as the single-item action it is.
      return list(input.TransactItems).map((item) => {
        const [kind, body] = Object.entries(item)[0] ?? ['', {}]
        return {
          action: `dynamodb:${transactItemActions[kind] ?? kind}`,
          resource: table(record(body).TableName),
        }
      })
    default:
      return [{ action: `dynamodb:${operation}`, resource: table(input.TableName) }]
  }
}

const transactItemActions: Readonly<Record<string, string>> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
  Get: 'GetItem',
}

function s3Requests(operation: string, input: Input): AuthorizationRequest[] | undefined {
  const bucket = `arn:aws:s3:::${text(input.Bucket)}`
  const object = (key: unknown) => `${bucket}/${text(key)}`
  const versioned = (action: string, version: unknown) => (version ? `${action}Version` : action)
  switch (operation) {
    case 'GetObject':
    case 'HeadObject':
      return [{ action: versioned('s3:GetObject', input.VersionId), resource: object(input.Key) }]
    case 'GetObjectTagging':
      return [{ action: versioned('s3:GetObjectTagging', input.VersionId), resource: object(input.Key) }]
    case 'PutObject':
      return [
        { action: 's3:PutObject', resource: object(input.Key) },
        ...(input.Tagging ? [{ action: 's3:PutObjectTagging', resource: object(input.Key) }] : []),
      ]
    case 'DeleteObject':
      return [{ action: versioned('s3:DeleteObject', input.VersionId), resource: object(input.Key) }]
    case 'DeleteObjects':
      // Authorised per key, as DeleteObject (DeleteObjectVersion with a version).
      return list(record(input.Delete).Objects).map((entry) => ({
        action: versioned('s3:DeleteObject', entry.VersionId),
        resource: object(entry.Key),
      }))
    case 'CopyObject': {
      const [source = '', version] = decodeURIComponent(text(input.CopySource)).split('?versionId=')
      return [
        { action: versioned('s3:GetObject', version), resource: `arn:aws:s3:::${source.replace(/^\//, '')}` },
        { action: 's3:PutObject', resource: object(input.Key) },
      ]
    }
    case 'ListObjectsV2':
    case 'ListObjects':
      return [{ action: 's3:ListBucket', resource: bucket, context: { 's3:prefix': text(input.Prefix) } }]
    case 'ListObjectVersions':
      return [
        { action: 's3:ListBucketVersions', resource: bucket, context: { 's3:prefix': text(input.Prefix) } },
      ]
    default:
      return undefined
  }
}

function sesRequests(operation: string, input: Input, { region, account }: CallSite) {
  if (operation !== 'SendEmail') return undefined
  // The sending identity is the From address's domain (Caseline verifies domains, not addresses).
  const from = text(input.FromEmailAddress)
  const address = /<([^>]+)>\s*$/.exec(from)?.[1] ?? from
  const domain = address.split('@')[1]?.toLowerCase() ?? ''
  const configurationSet = text(input.ConfigurationSetName)
  return [
    { action: 'ses:SendEmail', resource: `arn:aws:ses:${region}:${account}:identity/${domain}` },
    ...(configurationSet
      ? [
          {
            action: 'ses:SendEmail',
            resource: `arn:aws:ses:${region}:${account}:configuration-set/${configurationSet}`,
          },
        ]
      : []),
  ]
}

function schedulerRequests(operation: string, input: Input, { region, account }: CallSite) {
  const group = text(input.GroupName) || 'default'
  const schedule = {
    action: `scheduler:${operation}`,
    resource: `arn:aws:scheduler:${region}:${account}:schedule/${group}/${text(input.Name)}`,
  }
  const role = text(record(input.Target).RoleArn)
  // Setting a schedule hands Scheduler its target's role: IAM checks that as iam:PassRole.
  const passRole = role
    ? [
        {
          action: 'iam:PassRole',
          resource: role,
          context: { 'iam:PassedToService': 'scheduler.amazonaws.com' },
        },
      ]
    : []
  return [schedule, ...passRole]
}

function eventsRequests(operation: string, input: Input, { region, account }: CallSite) {
  if (operation !== 'PutEvents') return undefined
  const buses = new Set(list(input.Entries).map((entry) => text(entry.EventBusName) || 'default'))
  return [...buses].map((bus) => ({
    action: 'events:PutEvents',
    resource: bus.startsWith('arn:') ? bus : `arn:aws:events:${region}:${account}:event-bus/${bus}`,
  }))
}

/** The SQS action of each operation; a batch is authorised as its single-message action. */
const sqsActions: Readonly<Record<string, string>> = {
  SendMessageBatch: 'SendMessage',
  DeleteMessageBatch: 'DeleteMessage',
  ChangeMessageVisibilityBatch: 'ChangeMessageVisibility',
}

function sqsRequests(operation: string, input: Input, { region, account }: CallSite) {
  // A queue URL ends in the queue's name (`…/<account>/<name>`).
  const name = text(input.QueueName) || (text(input.QueueUrl).split('/').pop() ?? '')
  return [
    {
      action: `sqs:${sqsActions[operation] ?? operation}`,
      resource: `arn:aws:sqs:${region}:${account}:${name}`,
    },
  ]
}
