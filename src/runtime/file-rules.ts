import { type Config, ConfigurationError } from '#src/config.ts'
import { type BlockedFileTypes, defaultBlockedFileTypes } from '#src/domain/file-types.ts'
import { envVar } from '#src/environment.ts'
import { tableContext } from './table-context.ts'

/** The file settings with the blocked types parsed: what the file use cases check against (docs/files.md). */
export type FileRules = Omit<Config['files'], 'blockedTypes'> & { blockedTypes: BlockedFileTypes }

/** `application/x-msdownload,.exe,.bat` → media types and extensions; `none` → nothing blocked. */
export function parseBlockedTypes(text: string): BlockedFileTypes {
  if (text.trim().toLowerCase() === 'none') return { mediaTypes: [], extensions: [] }
  const entries = text
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean)
  const invalid = entries.filter((entry) => !/^(\.[a-z0-9_-]{1,16}|[a-z0-9.+-]+\/[a-z0-9.+-]+)$/.test(entry))
  if (invalid.length > 0 || entries.length === 0)
    throw new ConfigurationError(
      `Invalid environment: ${envVar.fileBlockedTypes} must list media types (application/x-msdownload) or extensions (.exe), or be "none"; got ${JSON.stringify(invalid.join(',') || text)}`,
    )
  return {
    mediaTypes: entries.filter((entry) => !entry.startsWith('.')),
    extensions: entries.filter((entry) => entry.startsWith('.')),
  }
}

/** The file settings as the file use cases check against them: the blocked types parsed, else the executables. */
export function fileRulesOf(files: Config['files']): FileRules {
  return {
    ...files,
    blockedTypes: files.blockedTypes ? parseBlockedTypes(files.blockedTypes) : defaultBlockedFileTypes,
  }
}

let rules: FileRules | undefined

/**
 * Blocked file types and whether a download waits for a malware scan (docs/files.md), read once per
 * process when a file function first needs them. The synth checks `blockedFileTypes` with the same
 * parser (lib/settings.ts), so a deployed function never meets a malformed value.
 */
export function fileRules(): FileRules {
  rules ??= fileRulesOf(tableContext().config.files)
  return rules
}
