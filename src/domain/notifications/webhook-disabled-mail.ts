import type { Webhook } from '#src/domain/webhooks.ts'
import { escapeHtml, formatMoment, type RenderedMail } from './mail-content.ts'

/**
 * The mail to a subscription's owner when Caseline disables the endpoint after three days of failed
 * deliveries (docs/integrations.md, deliveries and retries). In English: a subscription records its
 * owner's address, not a language, and the reader is whoever runs the integration.
 */
export function webhookDisabledMail(
  webhook: Pick<Webhook, 'id' | 'url' | 'description' | 'failingSince'>,
  disabledAt: Date,
  lastError: string | undefined,
): RenderedMail {
  const facts: [string, string | undefined][] = [
    ['Subscription', webhook.id],
    ['Endpoint', webhook.url],
    ['Description', webhook.description],
    ['Failing since', formatMoment(webhook.failingSince, 'en')],
    ['Disabled at', formatMoment(disabledAt.toISOString(), 'en')],
    ['Last error', lastError],
  ]
  const shown = facts.filter((fact): fact is [string, string] => Boolean(fact[1]))
  const paragraphs = [
    'Hello,',
    'Caseline has disabled one of your webhook endpoints: every delivery attempt to it has failed for three days.',
    'Events that occur while it is disabled are not delivered to it. Deliveries that failed stay listed (GET /v1/webhooks/{id}/deliveries) and can be retried one by one.',
    'Once the endpoint answers again, re-enable the subscription with PATCH /v1/webhooks/{id} {"active": true}; POST /v1/webhooks/{id}/test sends a test event to check it first.',
  ]
  const subject = 'Your Caseline webhook endpoint was disabled'
  return {
    subject,
    text: [
      ...paragraphs,
      shown.map(([label, value]) => `${label}: ${value}`).join('\n'),
      'Caseline',
      '-- \nThis message was sent automatically.',
    ]
      .join('\n\n')
      .concat('\n'),
    html: [
      '<!DOCTYPE html>',
      `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>`,
      ...paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
      `<table role="presentation">${shown
        .map(([label, value]) => `<tr><td>${escapeHtml(label)}</td><td>${escapeHtml(value)}</td></tr>`)
        .join('')}</table>`,
      '<p>Caseline</p>',
      '<p style="font-size:12px;color:#6b7785;">This message was sent automatically.</p>',
      '</body></html>',
    ].join('\n'),
  }
}
