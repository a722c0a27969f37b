import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import puppeteer, { type Browser } from 'puppeteer-core'
import { afterAll, beforeAll } from 'vitest'

/** Debian's chromium (`apt-get install -y chromium`; .ci/run installs it when missing). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * Headless, with nothing that reaches the network on its own (no sync, no component updates, no
 * QUIC), and the sandbox off: CI runs as root in a container, where Chromium's sandbox cannot start.
 */
const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * A real browser for one test file, with a profile of its own in a fresh temporary directory,
 * closed and removed after the file. A missing browser fails the file with how to install it:
 * the page tests are part of the suite and are never skipped silently.
 */
export function useBrowser(): { browser(): Browser } {
  let browser: Browser | undefined
  let profile: string | undefined
  beforeAll(async () => {
    if (!existsSync(chromiumPath)) {
      throw new Error(
        `The survey page tests need Chromium at ${chromiumPath}: install it with "apt-get install -y chromium" (.ci/run does), or point CHROMIUM_PATH at one.`,
      )
    }
    profile = await mkdtemp(join(tmpdir(), 'caseline-chromium-'))
    browser = await puppeteer.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [...chromiumFlags, `--user-data-dir=${profile}`],
    })
  })
  afterAll(async () => {
    await browser?.close()
    if (profile) await rm(profile, { recursive: true, force: true })
  })
  return {
    browser() {
      if (!browser) throw new Error('the browser is not running: call useBrowser() at the top of the file')
      return browser
    },
  }
}
