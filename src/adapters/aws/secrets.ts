import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import type { Config } from '#src/config.ts'

let client: SecretsManagerClient | undefined

/**
 * The cursor-signing key. In AWS it is read from Secrets Manager once per cold start (the function
 * holds it in memory afterwards); locally it comes straight from the environment.
 */
export async function loadCursorSecret(config: Config): Promise<string> {
  if (config.cursorSecret.kind === 'value') return config.cursorSecret.value
  client ??= new SecretsManagerClient({ region: config.region })
  const result = await client.send(new GetSecretValueCommand({ SecretId: config.cursorSecret.arn }))
  if (!result.SecretString) throw new Error(`Secret ${config.cursorSecret.arn} has no string value`)
  return result.SecretString
}
