import { describe, expect, it } from 'vitest'
import { surveyRatingUrl } from '#src/domain/notifications/mail-content.ts'
import { type NotificationKind, notificationKinds } from '#src/domain/notifications/plan-notifications.ts'
import { type MailData, render } from '#src/domain/notifications/templates.ts'

const audienceOf: Record<NotificationKind, MailData['audience']> = {
  case_received: 'customer',
  critical_case: 'staff',
  comment: 'customer',
  waiting_on_customer: 'customer',
  solution_proposed: 'customer',
  pending_closure: 'customer',
  closed: 'customer',
  cancelled: 'customer',
  merged: 'customer',
  sla_warning: 'staff',
  sla_breach: 'staff',
  escalation: 'staff',
}

/** Everything a template may show, so each kind renders its fullest form. */
function someData(kind: NotificationKind, overrides: Partial<MailData> = {}): MailData {
  return {
    caseNumber: 'CS-1042',
    caseTitle: 'Invoices fail to print',
    audience: audienceOf[kind],
    recipientName: 'Alice Example',
    accountName: 'ACME',
    product: 'ERP',
    severity: 'critical',
    impact: 'No invoices can be sent.',
    caseUrl: 'https://portal.example/cases/case-1',
    message: 'Please install patch 7.1.',
    authorName: 'Sam',
    resolution: { kind: 'bug_raised', summary: 'Fixed in 7.1.', fixEta: 'patch within 24 hours' },
    reason: 'Production is down.',
    escalationLevel: 2,
    sla: { dueAt: '2026-11-25T12:00:00.000Z', targetMinutes: 120 },
    surveyUrl: 'https://portal.example/survey/case-1.abc',
    mergedInto: 'CS-1001',
    actor: 'staff',
    ...overrides,
  }
}

describe('render: every kind in both languages', () => {
  const cases = notificationKinds.flatMap((kind) =>
    (['de', 'en'] as const).map((locale) => [kind, locale] as const),
  )

  it.each(cases)('%s (%s): the subject names the case number and title on one line', (kind, locale) => {
    // Act
    const mail = render(kind, locale, someData(kind, { caseTitle: 'Invoices\r\nfail to print' }))

    // Assert
    expect(mail.subject).toMatch(/^\[CS-1042\] .+: Invoices fail to print$/)
  })

  it.each(cases)('%s (%s): text and HTML carry the case number and the case link', (kind, locale) => {
    const mail = render(kind, locale, someData(kind))

    expect(mail.text).toContain('CS-1042')
    expect(mail.text).toContain('https://portal.example/cases/case-1')
    expect(mail.html).toContain(`<html lang="${locale}">`)
    expect(mail.html).toContain('href="https://portal.example/cases/case-1"')
  })

  it.each(notificationKinds)('%s: German is German and English is English', (kind) => {
    // Arrange: what users wrote is in neither language, so only the templates' words count.
    const userText = 'ERP 7.0 #42'
    const data = someData(kind, {
      caseTitle: userText,
      message: userText,
      impact: userText,
      reason: userText,
      resolution: { kind: 'bug_raised', summary: userText, fixEta: userText },
    })

    // Act
    const german = render(kind, 'de', data)
    const english = render(kind, 'en', data)

    // Assert: words that only one of the two languages uses.
    expect(german.text).toMatch(/\b(Sie|Ihr|Ihren|der|die|den|wurde)\b/)
    expect(german.text).not.toMatch(/\b(the|your|has been|please)\b/i)
    expect(english.text).toMatch(/\b(the|your|has|please)\b/i)
    expect(english.text).not.toMatch(/\b(Sie|Ihr|Ihren|wurde|und|Fall)\b/)
    expect(german.subject).not.toEqual(english.subject)
  })

  it.each(cases)('%s (%s): no case link where none is configured', (kind, locale) => {
    const mail = render(kind, locale, someData(kind, { caseUrl: undefined }))

    expect(mail.text).not.toContain('portal.example/cases')
    expect(mail.html).not.toContain('portal.example/cases')
  })
})

describe('render: wording', () => {
  it('confirms a new case in formal German', () => {
    // Act
    const mail = render('case_received', 'de', someData('case_received'))

    // Assert
    expect(mail.subject).toBe('[CS-1042] Ihr Fall wurde erfasst: Invoices fail to print')
    expect(mail.text).toContain('Guten Tag Alice Example,')
    expect(mail.text).toContain('Wir haben Ihren Fall unter der Nummer CS-1042 erfasst')
    expect(mail.text).toContain('Schweregrad: kritisch')
    expect(mail.text).not.toMatch(/\b(du|dich|dein)\b/i)
  })

  it('confirms a new case in English', () => {
    const mail = render('case_received', 'en', someData('case_received'))

    expect(mail.subject).toBe('[CS-1042] We have received your case: Invoices fail to print')
    expect(mail.text).toContain('Hello Alice Example,')
    expect(mail.text).toContain('We have logged your case as CS-1042')
  })

  it('quotes the comment and tells the customer they can answer by e-mail', () => {
    // Act
    const mail = render('comment', 'de', someData('comment', { message: 'Line one\nLine two' }))

    // Assert
    expect(mail.text).toContain('eine neue Nachricht von Sam')
    expect(mail.text).toContain('> Line one\n> Line two')
    expect(mail.html).toContain('Line one<br>Line two')
    expect(mail.text).toContain('Sie können direkt auf diese E-Mail antworten')
  })

  it("tells support who commented, without the customer's reply hint", () => {
    const mail = render(
      'comment',
      'en',
      someData('comment', { audience: 'staff', authorName: 'Alice Example' }),
    )

    expect(mail.subject).toBe('[CS-1042] New comment from the customer: Invoices fail to print')
    expect(mail.text).toContain('Alice Example (ACME) has added a public comment to case CS-1042.')
    expect(mail.text).not.toContain('You can reply to this e-mail')
  })

  it('puts the survey link in the closing mail, in both parts, and no reply hint', () => {
    // Act
    const german = render('closed', 'de', someData('closed'))
    const english = render('closed', 'en', someData('closed'))

    // Assert
    expect(german.text).toContain('Zur Umfrage: https://portal.example/survey/case-1.abc')
    expect(german.html).toContain('href="https://portal.example/survey/case-1.abc"')
    expect(english.text).toContain('Take the survey: https://portal.example/survey/case-1.abc')
    expect(german.text).not.toContain('direkt auf diese E-Mail antworten')
  })

  it('offers five one-click ratings that open the survey page with the rating chosen', () => {
    // Act
    const german = render('closed', 'de', someData('closed'))
    const english = render('closed', 'en', someData('closed'))

    // Assert
    for (const rating of [1, 2, 3, 4, 5]) {
      const url = `https://portal.example/survey/case-1.abc?rating=${rating}`
      expect(german.text).toContain(url)
      expect(german.html).toContain(`href="${url}"`)
      expect(english.html).toContain(`href="${url}"`)
    }
    expect(german.text).toContain('5 – sehr zufrieden: https://portal.example/survey/case-1.abc?rating=5')
    expect(english.text).toContain(
      '1 – not satisfied at all: https://portal.example/survey/case-1.abc?rating=1',
    )
    expect(english.html).toContain('1 = not satisfied at all · 5 = very satisfied')
  })

  it('adds the rating to a survey URL that has a query or a fragment of its own', () => {
    expect(surveyRatingUrl('https://portal.example/s?t=abc', 4)).toBe(
      'https://portal.example/s?t=abc&rating=4',
    )
    expect(surveyRatingUrl('https://portal.example/s/abc#top', 2)).toBe(
      'https://portal.example/s/abc?rating=2#top',
    )
  })

  it('words a closure by the timer differently from one by support', () => {
    const automatic = render('closed', 'en', someData('closed', { actor: 'system' }))
    const bySupport = render('closed', 'en', someData('closed', { actor: 'staff' }))

    expect(automatic.text).toContain('has been closed automatically')
    expect(bySupport.text).toContain('We have closed your case CS-1042.')
  })

  it('shows the proposed resolution, its kind and the expected fix', () => {
    const mail = render('solution_proposed', 'de', someData('solution_proposed'))

    expect(mail.text).toContain('Art der Lösung: Fehler gemeldet')
    expect(mail.text).toContain('Voraussichtliche Behebung: patch within 24 hours')
    expect(mail.text).toContain('> Fixed in 7.1.')
  })

  it('names the escalation level in the reader’s language', () => {
    expect(render('escalation', 'de', someData('escalation')).text).toContain('Stufe 2 (Senior Manager)')
    expect(render('escalation', 'en', someData('escalation')).text).toContain('level 2 (senior manager)')
  })

  it('tells when the first response is due, in business time', () => {
    const mail = render('sla_warning', 'de', someData('sla_warning'))

    expect(mail.text).toContain('Fällig am: 25.11.2026, 12:00 UTC')
    expect(mail.text).toContain('Vereinbarte Reaktionszeit: 2 Stunden (Geschäftszeit)')
  })

  it('leaves out what is not known instead of printing empty labels', () => {
    const mail = render(
      'sla_breach',
      'en',
      someData('sla_breach', { accountName: undefined, sla: undefined }),
    )

    expect(mail.text).not.toContain('Customer:')
    expect(mail.text).not.toContain('Overdue since')
    expect(mail.text).not.toContain('undefined')
  })
})

describe('render: escaping', () => {
  const hostile = '<script>alert("x")</script>'

  it('escapes a title with markup in the HTML part and keeps it readable in the text part', () => {
    // Act
    const mail = render('case_received', 'en', someData('case_received', { caseTitle: hostile }))

    // Assert
    expect(mail.html).not.toContain('<script>')
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;')
    expect(mail.text).toContain(hostile)
  })

  it.each(notificationKinds)('%s: escapes every value users supply', (kind) => {
    // Arrange
    const data = someData(kind, {
      caseTitle: hostile,
      recipientName: hostile,
      authorName: hostile,
      accountName: hostile,
      product: hostile,
      impact: hostile,
      message: hostile,
      reason: hostile,
      resolution: { kind: 'bug_raised', summary: hostile, fixEta: hostile },
    })

    // Act
    const mail = render(kind, 'de', data)

    // Assert
    expect(mail.html).not.toMatch(/<script|"x"\)/)
    expect(mail.html).toContain('&lt;script&gt;')
  })

  it('escapes quotes in link addresses so an attribute cannot be broken out of', () => {
    const mail = render('closed', 'en', someData('closed', { surveyUrl: 'https://x.example/"><b>' }))

    expect(mail.html).toContain('href="https://x.example/&quot;&gt;&lt;b&gt;"')
  })
})

describe('the confirmation of a new case', () => {
  it('names the first-response deadline while the SLA clock runs, and nothing when there is none', () => {
    const withDeadline = someData('case_received', { firstResponseDue: '2026-12-21T08:00:00.000Z' })

    const german = render('case_received', 'de', withDeadline)
    const english = render('case_received', 'en', withDeadline)
    const without = render('case_received', 'en', someData('case_received', { firstResponseDue: undefined }))

    expect(german.text).toMatch(/Erste Antwort spätestens: .*2026.*08:00 UTC/)
    expect(english.text).toMatch(/First response by: .*2026.*08:00 UTC/)
    expect(english.html).toContain('First response by')
    expect(without.text).not.toContain('First response by')
  })

  it("shows the deadline in the case's calendar zone when it has one (Vienna in December: UTC+1)", () => {
    const data = someData('case_received', {
      firstResponseDue: '2026-12-21T08:00:00.000Z',
      timeZone: 'Europe/Vienna',
    })

    expect(render('case_received', 'de', data).text).toMatch(
      /Erste Antwort spätestens: .*09:00 \(Europe\/Vienna\)/,
    )
  })
})
