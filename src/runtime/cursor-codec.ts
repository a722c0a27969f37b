import { loadCursorSecret } from '#src/adapters/aws/secrets.ts'
import { type CursorCodec, createCursorCodec } from '#src/adapters/cursor.ts'
import { deriveSigningKey, type SigningPurpose } from '#src/adapters/signing-key.ts'
import { tableContext } from './table-context.ts'

let secret: Promise<string> | undefined

/**
 * The deployment's signing secret (Secrets Manager in AWS), fetched on first use and kept for the
 * process; a failed fetch is forgotten, so the next request tries again. Only the functions that
 * page or sign import this module, so only their bundles carry the Secrets Manager client.
 */
function signingSecret(): Promise<string> {
  if (!secret) {
    const loading = loadCursorSecret(tableContext().config)
    secret = loading
    loading.catch(() => {
      if (secret === loading) secret = undefined
    })
  }
  return secret
}

/**
 * Signs and checks the lists' cursors (docs/architecture.md, API conventions): what a listing
 * function hands its repositories. Each list binds its cursors to its own query context, so one
 * codec serves every list without a cursor being valid for another.
 */
export async function cursorCodec(): Promise<CursorCodec> {
  return createCursorCodec(await signingSecret())
}

/** A key of its own for each thing signed with the one secret (reply addresses, survey tokens). */
export async function signingKey(purpose: SigningPurpose): Promise<string> {
  return deriveSigningKey(await signingSecret(), purpose)
}
