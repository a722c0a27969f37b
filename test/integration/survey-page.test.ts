import { mkdir } from 'node:fs/promises'
import type { Page } from 'puppeteer-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { createDocumentClient } from '#src/adapters/dynamodb/client.ts'
import { createSurveyRepository } from '#src/adapters/dynamodb/survey-repository.ts'
import { deriveSigningKey } from '#src/adapters/signing-key.ts'
import type { Case } from '#src/domain/case.ts'
import type { MetricsReport } from '#src/domain/metrics/report.ts'
import { createSurveyTokens } from '#src/domain/survey-token.ts'
import { useBrowser } from './browser.ts'
import { useLocalApi } from './local-api.ts'

/**
 * The hosted survey page in a real browser (Chromium, headless): from the closing mail's one-click
 * link to the recorded rating, with the screenshots docs/email.md and the README show.
 */
const api = useLocalApi()
const chromium = useBrowser()
const screenshots = new URL('../../docs/images/', import.meta.url)
const day = 24 * 60 * 60 * 1000

let alice = ''
let sam = ''
let maria = ''

beforeAll(async () => {
  alice = await api.tokenFor('alice@acme.example')
  sam = await api.tokenFor('sam@vendor.example')
  maria = await api.tokenFor('maria@vendor.example')
})

/** Alice's case, closed by Sam: the closing mail carries the survey's links. */
async function closedCase(title: string): Promise<Case> {
  const c = await api.fileCase(alice, title)
  const closed = await api.request('POST', `/v1/cases/${c.id}/transitions`, {
    token: sam,
    body: { action: 'close', message: 'Der Export ist korrigiert.' },
  })
  expect(closed.status).toBe(200)
  return c
}

/** The closing mail's one-click link for `rating`, in both of the mail's parts. */
async function ratingLink(c: Case, rating: number): Promise<string> {
  const mails = await api.sentMail({ to: 'alice@acme.example' })
  const closing = mails.find(
    (mail) => mail.subject.startsWith(`[${c.number}]`) && /\/surveys\//.test(mail.text),
  )
  const pattern = new RegExp(`http://localhost:\\d+/surveys/[A-Za-z0-9._-]+\\?rating=${rating}`)
  const link = pattern.exec(closing?.text ?? '')?.[0]
  expect(link, closing?.text).toBeDefined()
  expect(closing?.html).toContain(`href="${link}"`)
  return link as string
}

/** An expression evaluated in the page (a string: this project's types have no DOM). */
const inPage = <T>(page: Page, expression: string) => page.evaluate(expression) as Promise<T>

const tokenOf = (link: string) => new URL(link).pathname.split('/').at(-1) as string

/** Every Content-Security-Policy complaint the page logs: there must be none (styles pass by hash). */
function cspComplaints(page: Page): string[] {
  const complaints: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) complaints.push(message.text())
  })
  return complaints
}

describe('the hosted survey page, in a browser', () => {
  it('opens from the mail with the rating preselected, records nothing until sent, then thanks and counts it', async () => {
    // Arrange
    const c = await closedCase('Rechnungsexport liefert eine leere Datei')
    const link = await ratingLink(c, 5)
    const page = await chromium.browser().newPage()
    const complaints = cspComplaints(page)
    await page.setViewport({ width: 1280, height: 900 })

    // Act: open the mail's "5" link
    const opened = await page.goto(link, { waitUntil: 'load' })

    // Assert: the page in Alice's German, the case named, 5 chosen, nothing recorded yet
    expect(opened?.status()).toBe(200)
    expect(opened?.headers()['content-security-policy']).toMatch(/default-src 'none'/)
    expect(await page.$eval('html', (el) => el.lang)).toBe('de')
    expect(await page.$eval('.case', (el) => el.textContent)).toContain(c.number)
    const checked = await inPage<string[]>(
      page,
      `[...document.querySelectorAll('input[name="rating"]:checked')].map((input) => input.value)`,
    )
    expect(checked).toEqual(['5'])
    expect((await api.request('GET', `/v1/surveys/${tokenOf(link)}`)).body).toMatchObject({ status: 'open' })
    // The style sheet applied under the policy: the page's grey background, not the browser's white.
    expect(await inPage(page, 'getComputedStyle(document.body).backgroundColor')).toBe('rgb(244, 245, 247)')
    await mkdir(screenshots, { recursive: true })
    await page.screenshot({ path: new URL('survey-page-desktop.png', screenshots).pathname, fullPage: true })

    // Act: on a phone's width, the same page in one column without sideways scrolling
    await page.setViewport({ width: 390, height: 844 })
    const phoneWidth = await inPage<number>(page, 'document.documentElement.scrollWidth')
    await page.screenshot({ path: new URL('survey-page-phone.png', screenshots).pathname, fullPage: true })

    // Act: the keyboard moves the choice (arrow keys) with a visible focus outline
    await page.focus('input[name="rating"][value="5"]')
    await page.keyboard.press('ArrowLeft')
    const afterLeft = await inPage(page, `document.querySelector('input[name="rating"]:checked').value`)
    const focusOutline = await inPage(page, 'getComputedStyle(document.activeElement).outlineStyle')
    await page.keyboard.press('ArrowRight')

    // Act: a comment, and send
    await page.type('#comment', 'Schnell & freundlich <danke>')
    const [sent] = await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')])

    // Assert
    expect(phoneWidth).toBeLessThanOrEqual(390)
    expect(afterLeft).toBe('4')
    expect(focusOutline).toBe('solid')
    expect(sent?.status()).toBe(200)
    expect(await page.$eval('h1', (el) => el.textContent)).toBe('Vielen Dank für Ihre Bewertung!')
    expect(await page.$eval('main', (el) => el.textContent)).toContain('5 von 5')
    const survey = await api.request('GET', `/v1/surveys/${tokenOf(link)}`)
    expect(survey.body).toMatchObject({
      status: 'answered',
      answer: { rating: 5, comment: 'Schnell & freundlich <danke>' },
    })
    await api.runtime.stream.settled()
    const today = new Date().toISOString().slice(0, 10)
    const metrics = await api.request<MetricsReport>('GET', `/v1/metrics?from=${today}&to=${today}`, {
      token: maria,
    })
    expect(metrics.body.totals.csat).toEqual({ average: 5, count: 1 })
    expect(complaints).toEqual([])
    await page.close()
  })

  it('shows an answered survey as a page saying so (409), in the browser too', async () => {
    // Arrange
    const c = await closedCase('Mahnlauf stoppt bei Kunde 4711')
    const link = await ratingLink(c, 3)
    const answered = await api.request('POST', `/v1/surveys/${tokenOf(link)}`, { body: { rating: 3 } })
    expect(answered.status).toBe(201)
    const page = await chromium.browser().newPage()

    // Act
    const opened = await page.goto(link)

    // Assert
    expect(opened?.status()).toBe(409)
    expect(opened?.headers()['content-type']).toBe('text/html; charset=utf-8')
    expect(await page.$eval('h1', (el) => el.textContent)).toBe('Diese Umfrage ist bereits beantwortet')
    expect(await page.$$('form')).toHaveLength(0)
    await page.close()
  })

  it('shows an expired link (410) and an unknown one (404) as pages in the reader’s language', async () => {
    // Arrange: a survey whose 30 days are over, opened as closing the case opens it
    const c = await api.fileCase(alice, 'Alter Fall')
    const secret = process.env.CURSOR_SECRET
    if (!secret) throw new Error('the local runtime sets CURSOR_SECRET')
    const doc = createDocumentClient({ region: 'us-east-1', endpoint: api.runtime.dynamodbEndpoint })
    await createSurveyRepository(doc, api.runtime.tableName).openSurvey({
      caseId: c.id,
      accountId: c.accountId,
      caseNumber: c.number,
      caseTitle: c.title,
      contactId: c.contactId,
      locale: 'de',
      createdAt: new Date(Date.now() - 31 * day).toISOString(),
      validUntil: new Date(Date.now() - day).toISOString(),
    })
    const expiredToken = createSurveyTokens(deriveSigningKey(secret, 'survey-token')).tokenFor(c.id)
    const page = await chromium.browser().newPage()
    await page.setExtraHTTPHeaders({ 'accept-language': 'en-GB,en;q=0.9' })

    // Act
    const expired = await page.goto(`${api.url}/surveys/${expiredToken}?rating=5`)
    const expiredHeading = await page.$eval('h1', (el) => el.textContent)
    const unknown = await page.goto(`${api.url}/surveys/${c.id}.forged`)
    const unknownHeading = await page.$eval('h1', (el) => el.textContent)

    // Assert
    expect(expired?.status()).toBe(410)
    expect(expired?.headers()['content-type']).toBe('text/html; charset=utf-8')
    expect(expiredHeading).toBe('This link has expired')
    expect(unknown?.status()).toBe(404)
    expect(unknownHeading).toBe('There is no survey at this link')
    await page.close()
  })

  it('shows the form again with what was typed when the rating is not valid (400)', async () => {
    // Arrange
    const c = await closedCase('Druck bricht ab')
    const link = await ratingLink(c, 1)

    // Act: what a browser would post if someone edited the form
    const response = await fetch(`${api.url}/surveys/${tokenOf(link)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ rating: '9', comment: 'Fast <b>gut</b>' }).toString(),
    })
    const html = await response.text()

    // Assert
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(html).toContain('Bitte wählen Sie eine Bewertung von 1 bis 5.')
    expect(html).toContain('>Fast &lt;b&gt;gut&lt;/b&gt;</textarea>')
    expect((await api.request('GET', `/v1/surveys/${tokenOf(link)}`)).body).toMatchObject({ status: 'open' })
  })
})
