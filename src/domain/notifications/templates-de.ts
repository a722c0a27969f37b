import type { SlaTarget } from '#src/domain/sla/sla-clock.ts'
import { surveyRatingMeanings } from '#src/domain/survey.ts'
import type { ResolutionKind, Severity } from '#src/domain/vocabulary.ts'
import { formatMoment, type LocaleTexts, type MailData, surveyRatingChoices } from './mail-content.ts'

/** How the German mails name each SLA target (all feminine nouns, so "die …" fits each). */
const slaTargetWords: Record<
  SlaTarget,
  { what: string; agreed: string; agreedInText: string; act: (when: string) => string }
> = {
  first_response: {
    what: 'Erstreaktion',
    agreed: 'Vereinbarte Reaktionszeit',
    agreedInText: 'vereinbarte Reaktionszeit',
    act: (when) => `reagieren Sie ${when}`,
  },
  next_reply: {
    what: 'Antwort auf den Kundenkommentar',
    agreed: 'Vereinbarte Antwortzeit',
    agreedInText: 'vereinbarte Antwortzeit',
    act: (when) => `antworten Sie ${when}`,
  },
  periodic_update: {
    what: 'Statusmeldung an den Kunden',
    agreed: 'Vereinbarte Meldefrist',
    agreedInText: 'vereinbarte Meldefrist',
    act: (when) => `informieren Sie den Kunden ${when}`,
  },
  resolution: {
    what: 'Lösung',
    agreed: 'Vereinbarte Lösungszeit',
    agreedInText: 'vereinbarte Lösungszeit',
    act: (when) => `schlagen Sie ${when} eine Lösung vor`,
  },
}

/** German notifications: formal ("Sie"), as a vendor writes to its business customers. */

const severities: Record<Severity, string> = {
  critical: 'kritisch',
  urgent: 'dringend',
  standard: 'normal',
  low: 'niedrig',
}

const resolutionKinds: Record<ResolutionKind, string> = {
  solved: 'Gelöst',
  workaround: 'Umgehungslösung',
  not_possible: 'Nicht umsetzbar',
  feature_request_roadmap: 'Funktionswunsch für die Produkt-Roadmap',
  feature_request_account_manager: 'Funktionswunsch, an Ihre Kundenbetreuung weitergeleitet',
  bug_raised: 'Fehler gemeldet',
  merged: 'Mit einem anderen Fall zusammengeführt',
}

const escalationLevels = [
  '',
  'Leitung Kundenservice',
  'Senior Manager',
  'Direktion',
  'Chief Operating Officer',
]

function duration(minutes: number | undefined): string | undefined {
  if (minutes === undefined) return undefined
  if (minutes % 60 === 0) {
    const hours = minutes / 60
    return `${hours} ${hours === 1 ? 'Stunde' : 'Stunden'} (Geschäftszeit)`
  }
  return `${minutes} Minuten (Geschäftszeit)`
}

const severity = (d: MailData) => (d.severity ? severities[d.severity] : undefined)

/** The facts every support-side mail starts from. */
const staffFacts = (d: MailData): [string, string | undefined][] => [
  ['Fall', d.caseNumber],
  ['Titel', d.caseTitle],
  ['Kunde', d.accountName],
  ['Produkt', d.product],
  ['Schweregrad', severity(d)],
]

const resolutionFacts = (d: MailData): [string, string | undefined][] => [
  ['Art der Lösung', d.resolution ? resolutionKinds[d.resolution.kind] : undefined],
  ['Voraussichtliche Behebung', d.resolution?.fixEta],
]

/** The staff member's message, unless it only repeats the resolution's summary. */
const messageBesides = (d: MailData) =>
  d.message && d.message.trim() !== d.resolution?.summary.trim() ? d.message : undefined

export const de: LocaleTexts = {
  locale: 'de',
  greeting: (name) => (name ? `Guten Tag ${name},` : 'Guten Tag,'),
  signOff: (audience) =>
    audience === 'customer' ? ['Mit freundlichen Grüßen', 'Ihr Support-Team'] : ['Caseline'],
  caseLinkLabel: (audience) => (audience === 'customer' ? 'Ihren Fall online ansehen' : 'Fall öffnen'),
  replyHint:
    'Sie können direkt auf diese E-Mail antworten: Ihre Antwort wird Ihrem Fall als Kommentar hinzugefügt. ' +
    'Bitte antworten Sie von Ihrer registrierten E-Mail-Adresse aus.',
  automaticNote: 'Diese Nachricht wurde automatisch versendet.',
  watchingNote:
    'Sie erhalten diese E-Mail, weil Sie diesen Fall beobachten; Sie können das Beobachten jederzeit beenden.',
  kinds: {
    case_received: (d) => ({
      headline: 'Ihr Fall wurde erfasst',
      paragraphs: [
        `vielen Dank für Ihre Anfrage. Wir haben Ihren Fall unter der Nummer ${d.caseNumber} erfasst und melden uns so bald wie möglich bei Ihnen.`,
        'Bitte geben Sie diese Nummer bei Rückfragen an.',
      ],
      facts: [
        ['Fall', d.caseNumber],
        ['Titel', d.caseTitle],
        ['Produkt', d.product],
        ['Schweregrad', severity(d)],
        ['Erste Antwort spätestens', formatMoment(d.firstResponseDue, 'de', d.timeZone)],
      ],
      replyable: true,
    }),

    critical_case: (d) => ({
      headline: d.severityRaised ? 'Fall auf kritisch hochgestuft' : 'Kritischer Fall eröffnet',
      paragraphs: [
        d.severityRaised
          ? `der Fall ${d.caseNumber}${d.accountName ? ` von ${d.accountName}` : ''} wurde auf den Schweregrad „kritisch“ hochgestuft.`
          : `${d.accountName ? `${d.accountName} hat` : 'ein Kunde hat'} soeben einen kritischen Fall eröffnet.`,
        'Bitte sorgen Sie dafür, dass er umgehend bearbeitet wird.',
      ],
      facts: staffFacts(d),
      quotes: [
        { label: 'Auswirkung laut Kunde:', text: d.impact },
        { label: 'Begründung der Hochstufung:', text: d.reason },
      ],
      replyable: false,
    }),

    comment: (d) =>
      d.audience === 'customer'
        ? {
            headline: 'Neue Antwort zu Ihrem Fall',
            paragraphs: [
              `zu Ihrem Fall ${d.caseNumber} gibt es eine neue Nachricht${d.authorName ? ` von ${d.authorName}` : ' von unserem Support-Team'}.`,
            ],
            quotes: [{ label: 'Nachricht:', text: d.message }],
            replyable: true,
          }
        : {
            headline: 'Neuer Kommentar des Kunden',
            paragraphs: [
              `${d.authorName ?? 'der Kunde'}${d.accountName ? ` (${d.accountName})` : ''} hat einen öffentlichen Kommentar zum Fall ${d.caseNumber} geschrieben.`,
            ],
            facts: staffFacts(d),
            quotes: [{ label: 'Kommentar:', text: d.message }],
            replyable: false,
          },

    waiting_on_customer: (d) => ({
      headline: 'Wir benötigen Ihre Rückmeldung',
      paragraphs: [
        `um Ihren Fall ${d.caseNumber} weiter bearbeiten zu können, benötigen wir noch Informationen von Ihnen.`,
      ],
      quotes: [{ label: 'Unsere Rückfrage:', text: d.message }],
      notes: [
        'Bitte antworten Sie auf diese E-Mail oder schreiben Sie einen Kommentar im Kundenportal. Sobald uns Ihre Antwort vorliegt, setzen wir die Bearbeitung fort.',
      ],
      replyable: true,
    }),

    solution_proposed: (d) => ({
      headline: 'Lösungsvorschlag zu Ihrem Fall',
      paragraphs: [`für Ihren Fall ${d.caseNumber} haben wir Ihnen eine Lösung vorgeschlagen.`],
      facts: resolutionFacts(d),
      quotes: [
        { label: 'Unser Lösungsvorschlag:', text: d.resolution?.summary },
        { label: 'Nachricht:', text: messageBesides(d) },
      ],
      notes: [
        'Bitte prüfen Sie den Vorschlag. Wenn er Ihr Problem löst, bestätigen Sie bitte im Kundenportal, dass der Fall geschlossen werden kann. Besteht das Problem weiterhin, antworten Sie einfach auf diese E-Mail.',
        'Erhalten wir innerhalb von 7 Tagen keine Rückmeldung, wird der Fall zur Schließung vorgemerkt.',
      ],
      replyable: true,
    }),

    pending_closure: (d) => ({
      headline: 'Ihr Fall wird bald geschlossen',
      paragraphs: [
        `zu unserem Lösungsvorschlag für Ihren Fall ${d.caseNumber} haben wir seit 7 Tagen keine Rückmeldung von Ihnen erhalten. Wir haben den Fall daher zur Schließung vorgemerkt.`,
      ],
      quotes: [{ label: 'Unser Lösungsvorschlag:', text: d.resolution?.summary }],
      notes: [
        'Besteht das Problem weiterhin, können Sie den Fall innerhalb von 14 Tagen im Kundenportal wieder öffnen oder einfach auf diese E-Mail antworten. Andernfalls wird er danach automatisch geschlossen.',
      ],
      replyable: true,
    }),

    closed: (d) => ({
      headline: 'Ihr Fall wurde geschlossen',
      paragraphs: [
        d.actor === 'customer'
          ? `vielen Dank für Ihre Bestätigung. Ihr Fall ${d.caseNumber} ist nun geschlossen.`
          : d.actor === 'system'
            ? `da wir zu unserem Lösungsvorschlag keine Rückmeldung erhalten haben, wurde Ihr Fall ${d.caseNumber} automatisch geschlossen.`
            : `wir haben Ihren Fall ${d.caseNumber} geschlossen.`,
      ],
      quotes: [{ label: 'Nachricht:', text: d.message }],
      action: d.surveyUrl
        ? {
            intro:
              'Wie zufrieden waren Sie mit unserer Unterstützung? Wir freuen uns, wenn Sie sich eine Minute Zeit für unsere kurze Umfrage nehmen. Der Link ist 30 Tage lang gültig.',
            label: 'Zur Umfrage',
            url: d.surveyUrl,
            choices: {
              intro:
                'Oder bewerten Sie gleich hier mit einem Klick (Sie senden die Bewertung danach auf der Seite ab):',
              options: surveyRatingChoices(d.surveyUrl, surveyRatingMeanings.de),
            },
          }
        : undefined,
      notes: [
        `Ein geschlossener Fall kann nicht wieder geöffnet werden. Bei einem neuen Anliegen eröffnen Sie bitte einen neuen Fall und geben Sie darin die Nummer ${d.caseNumber} an.`,
      ],
      replyable: false,
    }),

    cancelled: (d) => ({
      headline: 'Ihr Fall wurde storniert',
      paragraphs: [`Ihr Fall ${d.caseNumber} wurde storniert; wir bearbeiten ihn nicht weiter.`],
      quotes: [{ label: 'Angegebener Grund:', text: d.reason }],
      notes: ['Wenn Sie weiterhin Unterstützung benötigen, eröffnen Sie bitte einen neuen Fall.'],
      replyable: false,
    }),

    merged: (d) => ({
      headline: 'Ihr Fall wurde zusammengeführt',
      paragraphs: [
        `Ihr Fall ${d.caseNumber} behandelt dasselbe Anliegen wie der Fall ${d.mergedInto ?? ''}. Wir haben ihn deshalb mit diesem zusammengeführt und bearbeiten Ihr Anliegen dort weiter; Sie erhalten dessen Benachrichtigungen.`,
      ],
      quotes: [{ label: 'Nachricht:', text: d.message }],
      notes: [
        `Ihre Kommentare und Dateien bleiben im Fall ${d.caseNumber} erhalten und sind im Fall ${d.mergedInto ?? ''} verzeichnet. Antworten auf diese E-Mail erreichen den Fall ${d.mergedInto ?? ''}.`,
      ],
      replyable: true,
    }),

    sla_warning: (d) => {
      const target = slaTargetWords[d.sla?.target ?? 'first_response']
      return {
        headline: `SLA-Warnung: ${target.what} bald fällig`,
        paragraphs: [
          `für den Fall ${d.caseNumber} ist die ${target.what} bald fällig. Bitte ${target.act('rechtzeitig')}, damit die ${target.agreedInText} eingehalten wird.`,
        ],
        facts: [
          ...staffFacts(d),
          ['Fällig am', formatMoment(d.sla?.dueAt, 'de', d.timeZone)],
          [target.agreed, duration(d.sla?.targetMinutes)],
        ],
        replyable: false,
      }
    },

    sla_breach: (d) => {
      const target = slaTargetWords[d.sla?.target ?? 'first_response']
      return {
        headline: `SLA verletzt: ${target.what} überfällig`,
        paragraphs: [
          `für den Fall ${d.caseNumber} wurde die ${target.agreedInText} überschritten. Bitte ${target.act('umgehend')}.`,
        ],
        facts: [
          ...staffFacts(d),
          ['Fällig seit', formatMoment(d.sla?.dueAt, 'de', d.timeZone)],
          [target.agreed, duration(d.sla?.targetMinutes)],
        ],
        replyable: false,
      }
    },

    escalation: (d) => {
      const level = d.escalationLevel ?? 0
      const levelName = escalationLevels[level]
      return {
        headline: `Eskalation auf Stufe ${level}`,
        paragraphs: [
          `der Fall ${d.caseNumber}${d.accountName ? ` von ${d.accountName}` : ''} wurde auf Stufe ${level}${levelName ? ` (${levelName})` : ''} eskaliert.`,
          'Bitte kümmern Sie sich um den Fall und nehmen Sie bei Bedarf Kontakt mit dem Kunden auf.',
        ],
        facts: staffFacts(d),
        quotes: [{ label: 'Begründung:', text: d.reason }],
        replyable: false,
      }
    },
  },
}
