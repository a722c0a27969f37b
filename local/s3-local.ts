import { createHmac, timingSafeEqual } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import S3rver from 's3rver'
import { uploadPrefix } from '#src/adapters/aws/file-object-keys.ts'

/** What an S3 notification invokes: the file-ready handler, as Lambda would invoke it asynchronously. */
export type NotificationTarget = (event: S3NotificationEvent) => Promise<unknown>

/** The S3 event notification s3rver emits (the shape S3 sends to Lambda). */
export interface S3NotificationEvent {
  Records: { eventName: string; s3: { bucket: { name: string }; object: { key: string; size?: number } } }[]
}

export interface LocalS3 {
  /** s3rver's address; the handlers' S3 client uses it, and so do the URLs they presign. */
  endpoint: string
  bucket: string
  /** Resolves once every notification received so far has been handled (or given up on). */
  settled(): Promise<void>
  stop(): Promise<void>
}

/** Lambda retries a failed asynchronous invocation twice; so does the local wiring, without the minutes between. */
const retries = 2
const retryDelayMs = 200

/** Any origin may upload locally, as any origin may call the local API. */
const corsConfiguration = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>POST</AllowedMethod>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <MaxAgeSeconds>3600</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`

/**
 * The same filter as the EventBridge rule in AWS (`lib/constructs/file-checks.ts`): objects created
 * in the upload area. The checked copies the handler writes into the files area notify nobody.
 */
function isUploadCreated(record: S3NotificationEvent['Records'][number]): boolean {
  return record.eventName.startsWith('ObjectCreated:') && record.s3.object.key.startsWith(uploadPrefix)
}

/** HMAC-SHA256 as SigV4 chains it. */
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest()

/**
 * Why a browser-based upload (POST with a form) may not write its object, or undefined if it may:
 * the form's policy must be signed with the secret key (SigV4, as S3 checks it) and must name the
 * very key posted. Only this much of the policy is enforced locally, so that a form can write its
 * own object and nothing else (no other account's upload, no object in the files area); the size
 * and Content-Type conditions are left to the file-ready check, which must hold on its own.
 */
export function postPolicyViolation(form: FormData, secretAccessKey: string): string | undefined {
  const field = (name: string) => {
    for (const [key, value] of form) if (key.toLowerCase() === name && typeof value === 'string') return value
    return undefined
  }
  const policy = field('policy')
  const credential = field('x-amz-credential')?.split('/')
  const signature = field('x-amz-signature') ?? ''
  if (!policy || !credential || credential.length !== 5) return 'the form carries no signed policy'
  const [, date = '', region = '', service = ''] = credential
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), 'aws4_request')
  const expected = Buffer.from(hmac(signingKey, policy).toString('hex'))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return 'the policy signature does not match'
  let conditions: unknown[]
  let expiration: string
  try {
    ;({ conditions, expiration } = JSON.parse(Buffer.from(policy, 'base64').toString('utf8')))
  } catch {
    return 'the policy is not valid'
  }
  if (!(Date.parse(expiration) > Date.now())) return 'the policy has expired'
  const key = field('key') ?? ''
  const keyCondition = conditions.find(
    (c): c is { key: string } => typeof c === 'object' && c !== null && 'key' in c,
  )
  const prefixCondition = conditions.find(
    (c): c is [string, string, string] => Array.isArray(c) && c[0] === 'starts-with' && c[1] === '$key',
  )
  if (keyCondition ? key !== keyCondition.key : !prefixCondition || !key.startsWith(prefixCondition[2]))
    return 'the key is not the one the policy allows'
  return undefined
}

/** A Koa middleware in front of s3rver that refuses POST uploads their policy does not allow (403, as S3 does). */
function enforcePostPolicy(secretAccessKey: string) {
  return async (ctx: KoaContext, next: () => Promise<unknown>) => {
    const type = String(ctx.req.headers['content-type'] ?? '')
    if (ctx.method !== 'POST' || !/^multipart\/form-data/i.test(type)) return next()
    const chunks: Buffer[] = []
    for await (const chunk of ctx.req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    const form = await new Response(body, { headers: { 'content-type': type } }).formData()
    const violation = postPolicyViolation(form, secretAccessKey)
    if (violation) {
      ctx.status = 403
      ctx.type = 'application/xml'
      ctx.body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Invalid according to Policy: ${violation}</Message></Error>`
      return
    }
    // s3rver parses the form from the request stream, which was read here: hand it the same bytes.
    ctx.req = Object.assign(Readable.from(chunks, { objectMode: false }), {
      headers: ctx.req.headers,
    }) as unknown as KoaContext['req']
    return next()
  }
}

interface KoaContext {
  method: string
  req: NodeJS.ReadableStream & { headers: Record<string, string | string[] | undefined> }
  status: number
  type: string
  body: unknown
}

/**
 * s3rver, a local S3 that speaks the wire protocol, on a free port with the case-files bucket, its
 * data in a temporary directory that goes with it. Its object notifications (the S3 event shape)
 * invoke `notify`, as S3 → EventBridge → Lambda does in AWS.
 *
 * s3rver does not verify SigV4 signatures and ignores POST policies. In front of it, a form's
 * policy signature and key are checked (`postPolicyViolation`), so that no form can write another
 * object than its own; the size and type conditions are not (an 11 MB file passes a 10 MB
 * `content-length-range`): the file-ready handler's own check is what holds those locally.
 * It does look the access key up, so the runtime's local key is registered with it.
 */
export async function startLocalS3(options: {
  bucket: string
  accessKeyId: string
  secretAccessKey: string
  notify: NotificationTarget
  /** Called when a notification failed all its attempts (in AWS it would wait in the dead-letter queue). */
  onFailure?: (event: S3NotificationEvent, error: unknown) => void
}): Promise<LocalS3> {
  const require = createRequire(import.meta.url)
  const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account.js') as {
    DUMMY_ACCOUNT: { createKeyPair(accessKeyId: string, secretAccessKey: string): void }
  }
  DUMMY_ACCOUNT.createKeyPair(options.accessKeyId, options.secretAccessKey)

  const directory = mkdtempSync(join(tmpdir(), 'caseline-s3-'))
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    resetOnClose: true,
    // Path-style only: `<bucket>.127.0.0.1` resolves nowhere.
    vhostBuckets: false,
    configureBuckets: [{ name: options.bucket, configs: [corsConfiguration] }],
  })
  // Koa composes its middleware when the server starts: this one runs before s3rver's own.
  ;(server as unknown as { middleware: unknown[] }).middleware.unshift(
    enforcePostPolicy(options.secretAccessKey),
  )
  let address: AddressInfo
  try {
    address = await server.run()
  } catch (error) {
    rmSync(directory, { recursive: true, force: true })
    throw error
  }

  const inFlight = new Set<Promise<void>>()
  async function deliver(event: S3NotificationEvent): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await options.notify(event)
        return
      } catch (error) {
        if (attempt === retries) {
          options.onFailure?.(event, error)
          return
        }
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs))
      }
    }
  }
  // s3rver is a Koa app, an EventEmitter; its type definitions leave the `event` event out.
  ;(server as unknown as NodeJS.EventEmitter).on('event', (event: S3NotificationEvent) => {
    const records = event.Records.filter(isUploadCreated)
    if (records.length === 0) return
    const delivery = deliver({ Records: records }).finally(() => inFlight.delete(delivery))
    inFlight.add(delivery)
  })

  async function settled(): Promise<void> {
    while (inFlight.size > 0) await Promise.all([...inFlight])
  }

  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket: options.bucket,
    settled,
    async stop() {
      await settled()
      await server.close()
      rmSync(directory, { recursive: true, force: true })
    },
  }
}
