import { Arn, Stack } from 'aws-cdk-lib'
import { ConfigurationSet, EmailIdentity, Identity, SuppressionReasons } from 'aws-cdk-lib/aws-ses'
import { Construct } from 'constructs'
import type { MailSettings } from '../settings.ts'

/** What a mailing function is bound to (`AppFunction.bindMail`): the settings and the SES resources. */
export interface MailTarget {
  readonly settings: MailSettings
  readonly configurationSetName: string
  /** The SES identities mail may be sent from: the support address's domain (the reply domain only receives). */
  readonly identityArns: readonly string[]
  readonly configurationSetArn: string
}

/**
 * A `MailTarget` with the survey page the closing mail links to: the operator's `surveyUrl`, else
 * the API's own hosted page (docs/email.md). Resolved by the stack that has the API (`withSurveyPage`).
 */
export interface MailingTarget extends MailTarget {
  /** The survey page, with a `{token}` placeholder (`SURVEY_URL`). */
  readonly surveyPageUrl: string
}

/**
 * The mail target of the functions that send mail: the survey link opens the operator's portal
 * page when `surveyUrl` names one, else `<apiUrl>/surveys/{token}`, the page this API serves.
 */
export function withSurveyPage(mail: MailTarget, apiUrl: string): MailingTarget {
  return {
    settings: mail.settings,
    configurationSetName: mail.configurationSetName,
    identityArns: mail.identityArns,
    configurationSetArn: mail.configurationSetArn,
    surveyPageUrl: mail.settings.surveyUrl ?? `${apiUrl}/surveys/{token}`,
  }
}

export interface CaseMailProps {
  readonly settings: MailSettings
}

/**
 * SES for Caseline: the support address's domain as a sending identity (Easy DKIM: publish the
 * three CNAME records it outputs), the reply domain as an identity too (SES receives only for
 * verified domains), and a configuration set that tracks reputation (bounce and complaint rates)
 * and keeps bouncing and complaining addresses off the list. Stateful: recreating an identity
 * would change its DKIM tokens and break DNS.
 */
export class CaseMail extends Construct implements MailTarget {
  readonly settings: MailSettings
  readonly configurationSet: ConfigurationSet
  readonly configurationSetName: string
  readonly configurationSetArn: string
  readonly identities: EmailIdentity[]
  readonly identityArns: string[]

  constructor(scope: Construct, id: string, props: CaseMailProps) {
    super(scope, id)
    this.settings = props.settings
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    })
    this.configurationSetName = this.configurationSet.configurationSetName
    this.configurationSetArn = Arn.format(
      { service: 'ses', resource: 'configuration-set', resourceName: this.configurationSetName },
      Stack.of(this),
    )
    const sendingDomain = props.settings.supportAddress.split('@')[1] as string
    const domains = [...new Set([sendingDomain.toLowerCase(), props.settings.replyDomain.toLowerCase()])]
    this.identities = domains.map(
      (domain, index) =>
        new EmailIdentity(this, index === 0 ? 'SendingIdentity' : 'ReplyIdentity', {
          identity: Identity.domain(domain),
          configurationSet: this.configurationSet,
        }),
    )
    // Mail goes out from the support address only; replies come in to the reply domain.
    this.identityArns = this.identities.slice(0, 1).map((identity) => identity.emailIdentityArn)
  }
}
