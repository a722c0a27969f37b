import type { Node } from 'constructs'

/**
 * Deployment settings, read once from CDK context (`cdk.json` or `-c key=value`) and checked, so a
 * typo fails the synth with the key's name instead of deploying something unintended.
 *
 * | key | default | meaning |
 * |---|---|---|
 * | `stage` | none | deployment name; stacks become `Caseline-<stage>-Stateful` / `-Stateless` |
 * | `allowedOrigins` | `[]` | browser origins allowed by CORS (JSON array or comma-separated); empty: no CORS |
 * | `tracing` | `false` | X-Ray active tracing on every function |
 * | `threatProtection` | `true` | Cognito Plus feature plan with threat protection enforced (billed per MAU) |
 */
export interface AppSettings {
  readonly stage: string | undefined
  readonly allowedOrigins: readonly string[]
  readonly tracing: boolean
  readonly threatProtection: boolean
}

export class SettingsError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SettingsError'
  }
}

/** Reads and validates the app's settings from the context of `node` (usually `app.node`). */
export function readSettings(node: Pick<Node, 'tryGetContext'>): AppSettings {
  return {
    stage: readStage(node.tryGetContext('stage')),
    allowedOrigins: readOrigins(node.tryGetContext('allowedOrigins')),
    tracing: readBoolean('tracing', node.tryGetContext('tracing'), false),
    threatProtection: readBoolean('threatProtection', node.tryGetContext('threatProtection'), true),
  }
}

/** Stack names for a stage: several stages can live side by side in one account and region. */
export function stackNames(stage: string | undefined): { stateful: string; stateless: string } {
  const prefix = stage ? `Caseline-${stage}` : 'Caseline'
  return { stateful: `${prefix}-Stateful`, stateless: `${prefix}-Stateless` }
}

function readStage(value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined
  if (typeof value !== 'string' || !/^[a-z][a-z0-9-]{0,19}$/.test(value)) {
    throw new SettingsError(
      `Context "stage" must be 1-20 lowercase letters, digits or dashes, got ${JSON.stringify(value)}`,
    )
  }
  return value
}

function readBoolean(key: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback
  // `-c key=false` arrives as a string, cdk.json as a boolean.
  if (value === true || value === 'true') return true
  if (value === false || value === 'false') return false
  throw new SettingsError(`Context "${key}" must be true or false, got ${JSON.stringify(value)}`)
}

function readOrigins(value: unknown): readonly string[] {
  if (value === undefined || value === '') return []
  const entries = typeof value === 'string' ? value.split(',') : value
  if (!Array.isArray(entries) || entries.some((entry) => typeof entry !== 'string')) {
    throw new SettingsError(
      'Context "allowedOrigins" must be an array of origins or a comma-separated string',
    )
  }
  return entries.map((entry: string) => parseOrigin(entry.trim()))
}

/**
 * An origin is scheme, host and port, nothing else. `*` is refused: the API carries tenant data,
 * so the operator names the portals that may call it. Plain http is accepted for localhost only.
 */
function parseOrigin(text: string): string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new SettingsError(
      `Context "allowedOrigins": ${JSON.stringify(text)} is not an origin like https://portal.example.com`,
    )
  }
  const isLocal = url.hostname === 'localhost' || url.hostname === '127.0.0.1'
  const schemeOk = url.protocol === 'https:' || (url.protocol === 'http:' && isLocal)
  if (!schemeOk || url.origin !== text) {
    throw new SettingsError(
      `Context "allowedOrigins": ${JSON.stringify(text)} must be an https origin without path or trailing slash`,
    )
  }
  return url.origin
}
