/*
 * Which files may not be uploaded, apart from the file schemas of case-file.ts: the configuration
 * (src/config.ts), which every function reads at cold start, needs the defaults, and importing them
 * from case-file.ts would build the file schemas in every function (docs/performance.md).
 */

/**
 * What may not be uploaded: media types (`application/x-msdownload`) and file-name extensions
 * (`.exe`), compared case-insensitively. Operators replace the default with `FILE_BLOCKED_TYPES`.
 */
export interface BlockedFileTypes {
  mediaTypes: readonly string[]
  extensions: readonly string[]
}

/**
 * Executables by default: Windows programs, installers and the script types Windows runs on a
 * double click, Java and Android packages, and native binaries of Linux and macOS.
 */
export const defaultBlockedFileTypes: BlockedFileTypes = {
  mediaTypes: [
    'application/vnd.microsoft.portable-executable',
    'application/x-msdownload',
    'application/x-msdos-program',
    'application/x-dosexec',
    'application/x-ms-installer',
    'application/x-msi',
    'application/x-executable',
    'application/x-elf',
    'application/x-mach-binary',
    'application/x-sharedlib',
    'application/java-archive',
    'application/vnd.android.package-archive',
    'application/x-bat',
    'application/x-ms-shortcut',
    'application/hta',
  ],
  extensions: [
    '.exe',
    '.dll',
    '.com',
    '.scr',
    '.pif',
    '.cpl',
    '.msi',
    '.msp',
    '.bat',
    '.cmd',
    '.ps1',
    '.psm1',
    '.vbs',
    '.vbe',
    '.jse',
    '.wsf',
    '.wsh',
    '.hta',
    '.lnk',
    '.jar',
    '.apk',
    '.app',
  ],
}
