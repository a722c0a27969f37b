import type { Caller } from '#src/domain/identity.ts'
import { newWebhookSecret, rotateSecrets } from '#src/domain/webhook-secret.ts'
import type { Clock } from '#src/use-cases/ports/common.ts'
import type { CreatedWebhook } from './create-webhook.ts'
import { changeWebhook, type WebhookAccessDeps } from './webhook-access.ts'

/**
 * Gives a subscription a new signing secret, returned this once (docs/integrations.md, webhooks).
 * The previous secret keeps signing for 24 hours (`secretOverlapMs`): each delivery carries both
 * signatures meanwhile, so the receiver can switch without losing one.
 * 1. Check the caller manages the subscription (another account's or the operator's: 404).
 * 2. Make the new secret current; the old one signs until now + 24 h; expired ones are dropped.
 */
export async function rotateWebhookSecret(
  webhookId: string,
  caller: Caller,
  deps: WebhookAccessDeps & { clock: Clock },
): Promise<CreatedWebhook> {
  const secret = newWebhookSecret()
  const webhook = await changeWebhook(
    caller,
    webhookId,
    undefined,
    (current, at) => ({ ...current, secrets: rotateSecrets(current.secrets, secret, at) }),
    deps,
  )
  return { webhook, secret }
}
