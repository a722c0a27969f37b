import type { SlaTarget } from '#src/domain/sla/sla-clock.ts'
import { surveyRatingMeanings } from '#src/domain/survey.ts'
import type { ResolutionKind, Severity } from '#src/domain/vocabulary.ts'
import { formatMoment, type LocaleTexts, type MailData, surveyRatingChoices } from './mail-content.ts'

/** How the mails name each SLA target (docs/sla.md, "Targets"). */
const slaTargetWords: Record<SlaTarget, { what: string; act: string; agreed: string }> = {
  first_response: { what: 'first response', act: 'respond', agreed: 'Agreed response time' },
  next_reply: { what: "reply to the customer's comment", act: 'reply', agreed: 'Agreed reply time' },
  periodic_update: {
    what: 'update to the customer',
    act: 'update the customer',
    agreed: 'Agreed update interval',
  },
  resolution: { what: 'resolution', act: 'propose a solution', agreed: 'Agreed resolution time' },
}

/** English notifications: polite and plain, as a vendor writes to its business customers. */

const severities: Record<Severity, string> = {
  critical: 'critical',
  urgent: 'urgent',
  standard: 'standard',
  low: 'low',
}

const resolutionKinds: Record<ResolutionKind, string> = {
  solved: 'Solved',
  workaround: 'Workaround provided',
  not_possible: 'Not possible',
  feature_request_roadmap: 'Feature request for the product roadmap',
  feature_request_account_manager: 'Feature request, passed on to your account manager',
  bug_raised: 'Bug raised',
  merged: 'Merged into another case',
}

const escalationLevels = [
  '',
  'lead customer-service manager',
  'senior manager',
  'director',
  'chief operating officer',
]

function duration(minutes: number | undefined): string | undefined {
  if (minutes === undefined) return undefined
  if (minutes % 60 === 0) {
    const hours = minutes / 60
    return `${hours} business ${hours === 1 ? 'hour' : 'hours'}`
  }
  return `${minutes} business minutes`
}

const severity = (d: MailData) => (d.severity ? severities[d.severity] : undefined)

/** The facts every support-side mail starts from. */
const staffFacts = (d: MailData): [string, string | undefined][] => [
  ['Case', d.caseNumber],
  ['Title', d.caseTitle],
  ['Customer', d.accountName],
  ['Product', d.product],
  ['Severity', severity(d)],
]

const resolutionFacts = (d: MailData): [string, string | undefined][] => [
  ['Resolution', d.resolution ? resolutionKinds[d.resolution.kind] : undefined],
  ['Expected fix', d.resolution?.fixEta],
]

/** The staff member's message, unless it only repeats the resolution's summary. */
const messageBesides = (d: MailData) =>
  d.message && d.message.trim() !== d.resolution?.summary.trim() ? d.message : undefined

export const en: LocaleTexts = {
  locale: 'en',
  greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
  signOff: (audience) => (audience === 'customer' ? ['Kind regards,', 'Your support team'] : ['Caseline']),
  caseLinkLabel: (audience) => (audience === 'customer' ? 'View your case online' : 'Open the case'),
  replyHint:
    'You can reply to this e-mail directly: your answer is added to your case as a comment. ' +
    'Please reply from your registered e-mail address.',
  automaticNote: 'This message was sent automatically.',
  watchingNote: 'You receive this e-mail because you watch this case; you can stop watching it at any time.',
  kinds: {
    case_received: (d) => ({
      headline: 'We have received your case',
      paragraphs: [
        `Thank you for contacting us. We have logged your case as ${d.caseNumber} and will get back to you as soon as possible.`,
        'Please quote this number in any further correspondence.',
      ],
      facts: [
        ['Case', d.caseNumber],
        ['Title', d.caseTitle],
        ['Product', d.product],
        ['Severity', severity(d)],
        ['First response by', formatMoment(d.firstResponseDue, 'en', d.timeZone)],
      ],
      replyable: true,
    }),

    critical_case: (d) => ({
      headline: d.severityRaised ? 'Case raised to critical' : 'Critical case filed',
      paragraphs: [
        d.severityRaised
          ? `Case ${d.caseNumber}${d.accountName ? ` of ${d.accountName}` : ''} has been raised to critical severity.`
          : `${d.accountName ?? 'A customer'} has just filed a critical case.`,
        'Please make sure it is worked on immediately.',
      ],
      facts: staffFacts(d),
      quotes: [
        { label: 'Impact, as stated by the customer:', text: d.impact },
        { label: 'Reason for the change:', text: d.reason },
      ],
      replyable: false,
    }),

    comment: (d) =>
      d.audience === 'customer'
        ? {
            headline: 'New reply to your case',
            paragraphs: [
              `There is a new message on your case ${d.caseNumber}${d.authorName ? ` from ${d.authorName}` : ' from our support team'}.`,
            ],
            quotes: [{ label: 'Message:', text: d.message }],
            replyable: true,
          }
        : {
            headline: 'New comment from the customer',
            paragraphs: [
              `${d.authorName ?? 'The customer'}${d.accountName ? ` (${d.accountName})` : ''} has added a public comment to case ${d.caseNumber}.`,
            ],
            facts: staffFacts(d),
            quotes: [{ label: 'Comment:', text: d.message }],
            replyable: false,
          },

    waiting_on_customer: (d) => ({
      headline: 'We need your input',
      paragraphs: [
        `To continue working on your case ${d.caseNumber}, we need some more information from you.`,
      ],
      quotes: [{ label: 'Our question:', text: d.message }],
      notes: [
        'Please reply to this e-mail or add a comment in the customer portal. We will resume work as soon as we have your answer.',
      ],
      replyable: true,
    }),

    solution_proposed: (d) => ({
      headline: 'A solution has been proposed for your case',
      paragraphs: [`We have proposed a solution for your case ${d.caseNumber}.`],
      facts: resolutionFacts(d),
      quotes: [
        { label: 'Our proposed solution:', text: d.resolution?.summary },
        { label: 'Message:', text: messageBesides(d) },
      ],
      notes: [
        'Please review the proposal. If it solves your problem, please confirm in the customer portal that the case can be closed. If the problem persists, simply reply to this e-mail.',
        'If we do not hear from you within 7 days, the case will be marked for closure.',
      ],
      replyable: true,
    }),

    pending_closure: (d) => ({
      headline: 'Your case will be closed soon',
      paragraphs: [
        `We have not heard from you for 7 days about the solution we proposed for your case ${d.caseNumber}, so we have marked the case for closure.`,
      ],
      quotes: [{ label: 'Our proposed solution:', text: d.resolution?.summary }],
      notes: [
        'If the problem persists, you can reopen the case in the customer portal within 14 days, or simply reply to this e-mail. Otherwise it will then be closed automatically.',
      ],
      replyable: true,
    }),

    closed: (d) => ({
      headline: 'Your case has been closed',
      paragraphs: [
        d.actor === 'customer'
          ? `Thank you for your confirmation. Your case ${d.caseNumber} is now closed.`
          : d.actor === 'system'
            ? `As we have not heard back from you about our proposed solution, your case ${d.caseNumber} has been closed automatically.`
            : `We have closed your case ${d.caseNumber}.`,
      ],
      quotes: [{ label: 'Message:', text: d.message }],
      action: d.surveyUrl
        ? {
            intro:
              'How satisfied were you with our support? We would be grateful if you could take a minute to answer our short survey. The link is valid for 30 days.',
            label: 'Take the survey',
            url: d.surveyUrl,
            choices: {
              intro: 'Or rate us right here with one click (you then send your rating on the page):',
              options: surveyRatingChoices(d.surveyUrl, surveyRatingMeanings.en),
            },
          }
        : undefined,
      notes: [
        `A closed case cannot be reopened. If you need help with something new, please open a new case and mention ${d.caseNumber} in it.`,
      ],
      replyable: false,
    }),

    cancelled: (d) => ({
      headline: 'Your case has been cancelled',
      paragraphs: [`Your case ${d.caseNumber} has been cancelled; we will not work on it any further.`],
      quotes: [{ label: 'Reason given:', text: d.reason }],
      notes: ['If you still need help, please open a new case.'],
      replyable: false,
    }),

    merged: (d) => ({
      headline: 'Your case has been merged',
      paragraphs: [
        `Your case ${d.caseNumber} is about the same matter as case ${d.mergedInto ?? ''}, so we have merged it into that one and continue there; you will receive its updates.`,
      ],
      quotes: [{ label: 'Message:', text: d.message }],
      notes: [
        `Your comments and files stay in case ${d.caseNumber} and are listed on case ${d.mergedInto ?? ''}. Replies to this e-mail reach case ${d.mergedInto ?? ''}.`,
      ],
      replyable: true,
    }),

    sla_warning: (d) => {
      const target = slaTargetWords[d.sla?.target ?? 'first_response']
      return {
        headline: `SLA warning: ${target.what} due soon`,
        paragraphs: [
          `The ${target.what} on case ${d.caseNumber} is due soon. Please ${target.act} in time to meet the ${target.agreed.toLowerCase()}.`,
        ],
        facts: [
          ...staffFacts(d),
          ['Due', formatMoment(d.sla?.dueAt, 'en', d.timeZone)],
          [target.agreed, duration(d.sla?.targetMinutes)],
        ],
        replyable: false,
      }
    },

    sla_breach: (d) => {
      const target = slaTargetWords[d.sla?.target ?? 'first_response']
      return {
        headline: `SLA breached: ${target.what} overdue`,
        paragraphs: [
          `The ${target.agreed.toLowerCase()} on case ${d.caseNumber} has been exceeded. Please ${target.act} immediately.`,
        ],
        facts: [
          ...staffFacts(d),
          ['Overdue since', formatMoment(d.sla?.dueAt, 'en', d.timeZone)],
          [target.agreed, duration(d.sla?.targetMinutes)],
        ],
        replyable: false,
      }
    },

    escalation: (d) => {
      const level = d.escalationLevel ?? 0
      const levelName = escalationLevels[level]
      return {
        headline: `Escalated to level ${level}`,
        paragraphs: [
          `Case ${d.caseNumber}${d.accountName ? ` of ${d.accountName}` : ''} has been escalated to level ${level}${levelName ? ` (${levelName})` : ''}.`,
          'Please look into the case and contact the customer where needed.',
        ],
        facts: staffFacts(d),
        quotes: [{ label: 'Reason:', text: d.reason }],
        replyable: false,
      }
    },
  },
}
