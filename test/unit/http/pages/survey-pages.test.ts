import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { html } from '#src/http/pages/html.ts'
import { pageContentSecurityPolicy, pageHeaders } from '#src/http/pages/page-document.ts'
import { localeFromAcceptLanguage } from '#src/http/pages/page-locale.ts'
import {
  surveyAnsweredPage,
  surveyErrorPage,
  surveyFormPage,
  surveyThanksPage,
} from '#src/http/pages/survey-pages.ts'
import type { SurveyView } from '#src/use-cases/surveys.ts'

const hostileTitle = `</title><script>alert("x")</script><img src=x onerror='y'> & more`

function aView(overrides: Partial<SurveyView> = {}): SurveyView {
  return {
    caseNumber: 'CS-1042',
    caseTitle: 'Invoices fail to print',
    status: 'open',
    validUntil: '2026-12-20T10:00:00.000Z',
    locale: 'de',
    ...overrides,
  }
}

const checkedValues = (page: string) =>
  [...page.matchAll(/<input type="radio" name="rating" value="(\d)" required checked>/g)].map((m) => m[1])

describe('html', () => {
  it('escapes every interpolated string and number, and nests only markup built with it', () => {
    // Act
    const markup = html`<p title="${'"><b>'}">${'<i>&'}${html`<em>${"it's"}</em>`}${[html`<br>`, html`<br>`]}${false}${undefined}${42}</p>`

    // Assert
    expect(markup.text).toBe('<p title="&quot;&gt;&lt;b&gt;">&lt;i&gt;&amp;<em>it&#39;s</em><br><br>42</p>')
  })
})

describe('the survey form page', () => {
  it('escapes the case title and number, which users and operators write, everywhere it appears', () => {
    // Act
    const page = surveyFormPage(aView({ caseTitle: hostileTitle, caseNumber: 'CS-<1>' }), {
      token: 'case-1.sig',
    })

    // Assert
    expect(page).not.toContain('<script>')
    expect(page).not.toContain('<img')
    expect(page).toContain(
      '&lt;/title&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=&#39;y&#39;&gt; &amp; more',
    )
    expect(page).toContain('<title>Umfrage zu Ihrem Fall – CS-&lt;1&gt;</title>')
  })

  it("speaks the contact's language: German with formal address, or English", () => {
    // Act
    const german = surveyFormPage(aView({ locale: 'de' }), { token: 't' })
    const english = surveyFormPage(aView({ locale: 'en' }), { token: 't' })

    // Assert
    expect(german).toContain('<html lang="de">')
    expect(german).toContain(
      '<legend>Wie zufrieden waren Sie mit unserer Unterstützung bei diesem Fall?</legend>',
    )
    expect(german).toContain('Sie können bis 20. Dezember 2026 antworten, einmal.')
    expect(english).toContain('<html lang="en">')
    expect(english).toContain('<legend>How satisfied were you with our support on this case?</legend>')
    expect(english).toContain('You can answer once, until 20 December 2026.')
  })

  it('preselects the rating of the link, and none without one', () => {
    // Act
    const five = surveyFormPage(aView(), { token: 't', preselected: 5 })
    const none = surveyFormPage(aView(), { token: 't' })

    // Assert
    expect(checkedValues(five)).toEqual(['5'])
    expect(checkedValues(none)).toEqual([])
  })

  it('is one accessible form that posts to its own address without script', () => {
    // Act
    const page = surveyFormPage(aView(), { token: 'case-1.a_b-c' })

    // Assert
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">')
    expect(page).toContain('<form method="post" action="case-1.a_b-c">')
    expect(page).toMatch(/<fieldset>\s*<legend>/)
    expect(
      page.match(/<label class="rating"><input type="radio" name="rating" value="\d" required>/g),
    ).toHaveLength(5)
    expect(page).toContain('<span class="value">1</span><span class="words">gar nicht zufrieden</span>')
    expect(page).toContain('<label class="comment" for="comment">')
    expect(page).toContain('<textarea id="comment" name="comment" maxlength="2000"')
    expect(page).not.toMatch(/<script|<link|<img|https?:\/\//)
  })

  it('shown again after an invalid answer, keeps what was typed (escaped) and names what to fix', () => {
    // Act
    const page = surveyFormPage(aView({ locale: 'en' }), {
      token: 't',
      entered: { rating: '4', comment: 'Good </textarea><b>' },
      invalid: ['comment'],
    })

    // Assert
    expect(page).toContain('role="alert"')
    expect(page).toContain('<li id="comment-error">Your comment is too long: at most 2000 characters.</li>')
    expect(page).toContain(
      'aria-describedby="comment-hint comment-error" aria-invalid="true">Good &lt;/textarea&gt;&lt;b&gt;</textarea>',
    )
    expect(checkedValues(page)).toEqual(['4'])
  })

  it('asks for a rating next to the choices when none (or no valid one) came', () => {
    // Act
    const page = surveyFormPage(aView(), {
      token: 't',
      entered: { rating: '9', comment: '' },
      invalid: ['rating'],
    })

    // Assert
    expect(page).toContain('<fieldset aria-describedby="rating-error">')
    expect(page).toContain('<li id="rating-error">Bitte wählen Sie eine Bewertung von 1 bis 5.</li>')
    expect(checkedValues(page)).toEqual([])
  })
})

describe('the thank-you and answered pages', () => {
  it('thanks with the rating given, and says an answered survey is answered, naming the case', () => {
    // Act
    const thanks = surveyThanksPage(aView({ locale: 'en', caseTitle: hostileTitle }), {
      rating: 4,
      answeredAt: '2026-11-21T09:00:00.000Z',
    })
    const answered = surveyAnsweredPage(aView({ status: 'answered' }))

    // Assert
    expect(thanks).toContain('<h1>Thank you for your rating!</h1>')
    expect(thanks).toContain('You gave us 4 out of 5.')
    expect(thanks).not.toContain('<script>')
    expect(answered).toContain('<h1>Diese Umfrage ist bereits beantwortet</h1>')
    expect(answered).toContain('<strong>CS-1042</strong>')
    expect(answered).not.toContain('<form')
  })
})

describe('the page headers', () => {
  it('allow nothing but the page’s own style sheet, by its hash, and posting the form to this API', () => {
    // Arrange
    const page = surveyFormPage(aView(), { token: 't' })
    const style = /<style>([\s\S]*)<\/style>/.exec(page)?.[1] ?? ''

    // Assert
    expect(pageContentSecurityPolicy.split('; ')).toEqual([
      "default-src 'none'",
      `style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'`,
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ])
    expect(pageHeaders).toEqual({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': pageContentSecurityPolicy,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    })
  })
})

describe('surveyErrorPage', () => {
  it.each([
    [404, 'en-GB,en;q=0.9', 'There is no survey at this link'],
    [400, 'de-AT', 'Diese Umfrage gibt es nicht'],
    [409, 'de', 'Diese Umfrage ist bereits beantwortet'],
    [410, 'fr-FR, en;q=0.5', 'This link has expired'],
    [415, 'de', 'Das Formular kam nicht an'],
    [500, undefined, 'Something went wrong'],
  ])('answers %i as a page in the browser’s language (%s)', (status, acceptLanguage, heading) => {
    // Act
    const result = surveyErrorPage(
      { status, headers: {} },
      acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage },
    )

    // Assert
    expect(result.statusCode).toBe(status)
    expect(result.headers).toMatchObject(pageHeaders)
    expect(result.body).toContain(`<h1>${heading}</h1>`)
  })

  it('keeps the headers the error mapping gave, such as Retry-After of a 503', () => {
    // Act
    const result = surveyErrorPage({ status: 503, headers: { 'retry-after': '1' } }, {})

    // Assert
    expect(result.headers).toMatchObject({ 'retry-after': '1', 'content-type': 'text/html; charset=utf-8' })
  })
})

describe('localeFromAcceptLanguage', () => {
  it.each([
    ['de-AT,de;q=0.9,en;q=0.8', 'de'],
    ['en-US,en;q=0.9,de;q=0.8', 'en'],
    ['fr-FR,fr;q=0.9,de;q=0.5,en;q=0.4', 'de'],
    ['en;q=0.2, de;q=0.8', 'de'],
    ['de;q=0, en;q=0.1', 'en'],
    ['fr', 'en'],
    ['*', 'en'],
    ['', 'en'],
    [undefined, 'en'],
  ])('%s → %s', (header, locale) => {
    expect(localeFromAcceptLanguage(header)).toBe(locale)
  })
})
