import { describe, expect, it } from 'vitest'
import { fileObjectKey, parseUploadKey, uploadObjectKey } from '#src/adapters/aws/file-object-keys.ts'
import { fileTreeKeys } from '#src/adapters/dynamodb/keys.ts'
import { readConfig } from '#src/config.ts'
import {
  blockedBy,
  formatBytes,
  maxFileBytes,
  mediaTypeEssence,
  sniffExecutable,
} from '#src/domain/case-file.ts'
import { defaultBlockedFileTypes } from '#src/domain/file-types.ts'
import { CreateFileBody, CreateFolderBody, UpdateFileBody } from '#src/http/schemas/files.ts'
import { fileRulesOf, parseBlockedTypes } from '#src/runtime/file-rules.ts'

const ref = {
  accountId: 'acme',
  caseId: '18c93e1e-9ef4-43ee-9e47-48a6a0abe46e',
  fileId: 'e7bedef8-1881-41b0',
}

describe('object keys', () => {
  it('are built from the ids alone, in the upload and the files area', () => {
    expect(uploadObjectKey(ref)).toBe(`uploads/acme/${ref.caseId}/${ref.fileId}`)
    expect(fileObjectKey(ref)).toBe(`files/acme/${ref.caseId}/${ref.fileId}`)
  })

  it('refuse anything that is not an id, so no key can leave its place', () => {
    expect(() => uploadObjectKey({ ...ref, fileId: '../x' })).toThrow(RangeError)
    expect(() => fileObjectKey({ ...ref, accountId: 'a/b' })).toThrow(RangeError)
  })

  it('parse back from upload keys (URL-encoded as in S3 notifications), and from nothing else', () => {
    expect(parseUploadKey(uploadObjectKey(ref))).toEqual(ref)
    expect(parseUploadKey(encodeURIComponent(uploadObjectKey(ref)))).toEqual(ref)
    expect(parseUploadKey(fileObjectKey(ref))).toBeUndefined()
    expect(parseUploadKey('uploads/acme/case')).toBeUndefined()
    expect(parseUploadKey('uploads/acme/case/file/extra')).toBeUndefined()
    expect(parseUploadKey('uploads/acme/ca+se/file')).toBeUndefined()
    expect(parseUploadKey('uploads/%E0%A4%A')).toBeUndefined()
  })
})

describe('table keys of the file tree', () => {
  it('put files and folders into the case partition under one prefix', () => {
    expect(fileTreeKeys.file('c1', 'f1')).toEqual({ pk: 'CASE#c1', sk: 'TREE#FILE#f1' })
    expect(fileTreeKeys.folder('c1', 'd1')).toEqual({ pk: 'CASE#c1', sk: 'TREE#FOLDER#d1' })
    expect(fileTreeKeys.file('c1', 'f1').sk.startsWith(fileTreeKeys.prefix)).toBe(true)
    expect(fileTreeKeys.folder('c1', 'd1').sk.startsWith(fileTreeKeys.prefix)).toBe(true)
  })
})

describe('blocked types', () => {
  it('block executables by default, by media type or by extension, case-insensitively', () => {
    expect(
      blockedBy({ name: 'setup.EXE', contentType: 'application/octet-stream' }, defaultBlockedFileTypes),
    ).toEqual({
      field: 'name',
      detail: 'files ending in .exe may not be uploaded',
    })
    expect(
      blockedBy({ name: 'tool', contentType: 'Application/X-MSDownload' }, defaultBlockedFileTypes),
    ).toEqual({
      field: 'contentType',
      detail: 'files of type application/x-msdownload may not be uploaded',
    })
    expect(
      blockedBy({ name: 'report.pdf', contentType: 'application/pdf' }, defaultBlockedFileTypes),
    ).toBeUndefined()
    expect(blockedBy({ name: '.exe', contentType: 'text/plain' }, defaultBlockedFileTypes)).toBeUndefined()
  })

  it('are configurable: media types and extensions, or none', () => {
    expect(parseBlockedTypes('Application/Zip, .LOG')).toEqual({
      mediaTypes: ['application/zip'],
      extensions: ['.log'],
    })
    expect(parseBlockedTypes('none')).toEqual({ mediaTypes: [], extensions: [] })
    expect(() => parseBlockedTypes('exe')).toThrow(/FILE_BLOCKED_TYPES/)
    expect(() => parseBlockedTypes(',')).toThrow(/FILE_BLOCKED_TYPES/)
  })

  it('come from FILE_BLOCKED_TYPES, the executables when unset', () => {
    const env = {
      TABLE_NAME: 't',
      AWS_REGION: 'eu-central-1',
      CURSOR_SECRET: 'x'.repeat(32),
      SCHEDULE_GROUP: 'g',
      TIMER_TARGET_ARN: 'arn:t',
      SCHEDULER_ROLE_ARN: 'arn:r',
      TIMER_DLQ_ARN: 'arn:q',
    }

    expect(fileRulesOf(readConfig(env).files)).toEqual({
      bucket: undefined,
      endpoint: undefined,
      blockedTypes: defaultBlockedFileTypes,
      scanRequired: false,
    })
    expect(
      fileRulesOf(
        readConfig({ ...env, FILES_BUCKET: 'b', FILE_BLOCKED_TYPES: '.exe', FILE_SCAN_REQUIRED: 'true' })
          .files,
      ),
    ).toEqual({
      bucket: 'b',
      endpoint: undefined,
      blockedTypes: { mediaTypes: [], extensions: ['.exe'] },
      scanRequired: true,
    })
    expect(() => readConfig({ ...env, FILE_SCAN_REQUIRED: 'yes' })).toThrow(/FILE_SCAN_REQUIRED/)
  })
})

describe('sniffExecutable', () => {
  const bytes = (...values: number[]) => new Uint8Array(values)

  it('recognises Windows, Linux and macOS binaries by their first bytes', () => {
    expect(sniffExecutable(bytes(0x4d, 0x5a, 0x90, 0x00))).toBe(
      'application/vnd.microsoft.portable-executable',
    )
    expect(sniffExecutable(bytes(0x7f, 0x45, 0x4c, 0x46, 2, 1))).toBe('application/x-elf')
    expect(sniffExecutable(bytes(0xcf, 0xfa, 0xed, 0xfe))).toBe('application/x-mach-binary')
    expect(sniffExecutable(bytes(0xfe, 0xed, 0xfa, 0xce))).toBe('application/x-mach-binary')
  })

  it('leaves documents, Java classes and short files alone', () => {
    expect(sniffExecutable(new TextEncoder().encode('%PDF-1.7'))).toBeUndefined()
    expect(sniffExecutable(bytes(0xca, 0xfe, 0xba, 0xbe))).toBeUndefined()
    expect(sniffExecutable(bytes(0x4d))).toBeUndefined()
    expect(sniffExecutable(bytes())).toBeUndefined()
  })
})

describe('formatting', () => {
  it('writes sizes as people read them and media types by their essence', () => {
    expect(formatBytes(maxFileBytes)).toBe('10 MB')
    expect(formatBytes(11 * 1024 * 1024)).toBe('11 MB')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(12)).toBe('12 bytes')
    expect(mediaTypeEssence(' Text/Plain; charset=utf-8')).toBe('text/plain')
  })
})

describe('request schemas', () => {
  const valid = { name: 'export.log', size: 1024, contentType: 'text/plain' }

  it('accept a file of up to 10 MB, in the root or a folder', () => {
    expect(CreateFileBody.parse({ ...valid, size: maxFileBytes, folder: 'f1' })).toEqual({
      ...valid,
      size: maxFileBytes,
      folder: 'f1',
    })
  })

  it('refuse a declared size over 10 MB, saying so', () => {
    const result = CreateFileBody.safeParse({ ...valid, size: maxFileBytes + 1 })

    expect(result.success).toBe(false)
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ['size'],
        message: expect.stringMatching(/at most 10485760 bytes \(10 MB\)/),
      }),
    ])
  })

  it.each([
    ['a path', { name: '../etc/passwd' }],
    ['a backslash', { name: 'a\\b.txt' }],
    ['a control character', { name: 'a\u0007.txt' }],
    ['a dot name', { name: '..' }],
    ['an empty name', { name: '  ' }],
    ['a zero size', { size: 0 }],
    ['a fractional size', { size: 1.5 }],
    ['a media type with parameters', { contentType: 'text/plain; charset=utf-8' }],
    ['no media type', { contentType: 'pdf' }],
    ['an unknown field', { owner: 'x' }],
  ])('refuse %s', (_, change) => {
    expect(CreateFileBody.safeParse({ ...valid, ...change }).success).toBe(false)
  })

  it('let an update rename, move (null: to the root), or both, but not nothing', () => {
    expect(UpdateFileBody.safeParse({ folder: null }).success).toBe(true)
    expect(UpdateFileBody.safeParse({ name: 'b.txt', folder: 'f2' }).success).toBe(true)
    expect(UpdateFileBody.safeParse({}).success).toBe(false)
  })

  it('name folders like files, up to 100 characters', () => {
    expect(CreateFolderBody.safeParse({ name: 'Logs', parent: null }).success).toBe(true)
    expect(CreateFolderBody.safeParse({ name: 'x'.repeat(101) }).success).toBe(false)
    expect(CreateFolderBody.safeParse({ name: 'a/b' }).success).toBe(false)
  })
})
