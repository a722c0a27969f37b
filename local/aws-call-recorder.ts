import { AsyncLocalStorage } from 'node:async_hooks'
import { appendFileSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { EventBridgeClient } from '@aws-sdk/client-eventbridge'
import { S3Client } from '@aws-sdk/client-s3'
import { SchedulerClient } from '@aws-sdk/client-scheduler'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { SESv2Client } from '@aws-sdk/client-sesv2'
import { SQSClient } from '@aws-sdk/client-sqs'
import { envVar } from '#src/environment.ts'
import { type AuthorizationRequest, authorizationRequests } from './aws-call-requests.ts'
import { localStage } from './environment.ts'

/** The function a local invocation stands for: its module under `functions/`, and a readable name. */
export interface InvokedFunction {
  /** The module under `functions/` without extension, as the CDK function's entry names it. */
  readonly handler: string
  /** The route's operation id or the entry's name. */
  readonly name: string
}

/** One line of the call log: an SDK call a function made, and what IAM authorises for it. */
export interface RecordedCall {
  readonly handler: string
  readonly name: string
  /** `S3:CopyObject`: the client's service and the operation. */
  readonly call: string
  readonly requests: readonly AuthorizationRequest[]
}

/** The account of the local stage's ARNs (local/environment.ts). */
const localAccount = '000000000000'

/** What the recorder keeps for its process: the SDK it patches is loaded once per process. */
interface RecorderState {
  readonly invocation: AsyncLocalStorage<InvokedFunction>
  /** The ARNs the local runtime names differently from the stage: each test file's own table. */
  readonly stageArns: Map<string, string>
  installed: boolean
}

// On globalThis: a test runner may evaluate this module again in the same process, and a second
// set of patches, or invocations the first set cannot see, would lose or double calls.
const stateKey = Symbol.for('caseline.aws-call-recorder')
const processState = globalThis as { [stateKey]?: RecorderState }
const state: RecorderState = processState[stateKey] ?? {
  invocation: new AsyncLocalStorage<InvokedFunction>(),
  stageArns: new Map(),
  installed: false,
}
processState[stateKey] = state
const { invocation, stageArns } = state

/**
 * Runs `work` as an invocation of `fn`: every AWS call made in it (and in whatever it starts) is
 * that function's. Calls outside any invocation (the seed, the table stream's reader, the tests'
 * own reads) belong to no function and are not recorded.
 */
export function invokeAs<T>(fn: InvokedFunction, work: () => T): T {
  return invocation.run(fn, work)
}

/** Records calls on `tableName` as calls on the local stage's table, the one the stacks create. */
export function recordTableAsStageTable(tableName: string): void {
  const arn = (name: string) => `arn:aws:dynamodb:${localStage.region}:${localAccount}:table/${name}`
  stageArns.set(arn(tableName), arn(localStage.tableName))
}

function asStageResource(resource: string): string {
  for (const [local, stage] of stageArns) {
    if (resource === local || resource.startsWith(`${local}/`)) return stage + resource.slice(local.length)
  }
  return resource
}

type Stack = {
  add(middleware: unknown, options: { step: string; name: string; priority: string }): void
}
type SdkClient = { middlewareStack: Stack }
type CallContext = { clientName?: string; commandName?: string }

/**
 * Starts writing every AWS call a function makes to `<AWS_CALL_LOG>/<pid>.jsonl`, if that
 * variable is set (the integration and reliability tests set it; docs/iam.md): an SDK middleware on
 * every client, and wrappers of the presigners, whose URLs are used with the function's credentials.
 * Once per process; the handlers' code is untouched, so their bundles are too.
 */
function installRecorder(directory: string): void {
  if (state.installed) return
  state.installed = true
  mkdirSync(directory, { recursive: true })
  const file = join(directory, `${process.pid}.jsonl`)
  const site = { region: localStage.region, account: localAccount }

  const record = (client: string, command: string, input: Record<string, unknown>, call?: string) => {
    const fn = invocation.getStore()
    if (!fn) return
    const requests = authorizationRequests(client, command, input, site).map((request) => ({
      ...request,
      resource: asStageResource(request.resource),
    }))
    const line: RecordedCall = {
      handler: fn.handler,
      name: fn.name,
      call: call ?? `${client.replace(/Client$/, '')}:${command.replace(/Command$/, '')}`,
      requests,
    }
    // Synchronous: a test worker may end at any moment after its last test.
    appendFileSync(file, `${JSON.stringify(line)}\n`)
  }

  const recording =
    (next: (args: { input: Record<string, unknown> }) => Promise<unknown>, context: CallContext) =>
    (args: { input: Record<string, unknown> }) => {
      record(context.clientName ?? '', context.commandName ?? '', args.input)
      return next(args)
    }
  const stacksWithRecorder = new WeakSet<Stack>()
  const attach = (client: SdkClient) => {
    if (stacksWithRecorder.has(client.middlewareStack)) return
    stacksWithRecorder.add(client.middlewareStack)
    client.middlewareStack.add(recording, { step: 'initialize', name: 'recordAwsCall', priority: 'low' })
  }

  // Every client class shares the SDK's base client: its `send` attaches the middleware first.
  const clientClasses = [
    CognitoIdentityProviderClient,
    DynamoDBClient,
    EventBridgeClient,
    S3Client,
    SchedulerClient,
    SecretsManagerClient,
    SESv2Client,
    SQSClient,
  ]
  const basePrototypes = new Set(clientClasses.map((type) => Object.getPrototypeOf(type.prototype)))
  for (const prototype of basePrototypes) {
    const send = prototype.send as (this: SdkClient, ...args: unknown[]) => unknown
    prototype.send = function (this: SdkClient, ...args: unknown[]) {
      attach(this)
      return send.apply(this, args)
    }
  }

  // The presigners are CommonJS: replacing their exports before a handler imports them is enough.
  const require = createRequire(import.meta.url)
  const presigner = require('@aws-sdk/s3-request-presigner') as {
    getSignedUrl: (...args: unknown[]) => unknown
  }
  const getSignedUrl = presigner.getSignedUrl
  presigner.getSignedUrl = (client: unknown, ...rest: unknown[]) => {
    // Runs the command's middleware, ours included, without sending it.
    attach(client as SdkClient)
    return getSignedUrl(client, ...rest)
  }
  type PresignPost = (client: unknown, options: Record<string, unknown>, ...rest: unknown[]) => unknown
  const post = require('@aws-sdk/s3-presigned-post') as { createPresignedPost: PresignPost }
  const createPresignedPost = post.createPresignedPost
  post.createPresignedPost = (client, options, ...rest) => {
    // The form is posted with the function's signature: S3 authorises it as PutObject on the key.
    record('S3Client', 'PutObjectCommand', { Bucket: options.Bucket, Key: options.Key }, 'S3:PresignedPost')
    return createPresignedPost(client, options, ...rest)
  }
}

const directory = process.env[envVar.awsCallLog]
// At import, before any handler module imports the SDK's presigners.
if (directory) installRecorder(directory)
