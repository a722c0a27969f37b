import { Duration, RemovalPolicy } from 'aws-cdk-lib'
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito'
import { Construct } from 'constructs'
import { roles } from '#src/domain/vocabulary.ts'
import { acknowledgeEssentialsPlan, acknowledgeOptionalMfa } from './nag-suppressions.ts'

export interface UserDirectoryProps {
  /** Plus feature plan with threat protection enforced; off only for stages where cost beats protection. */
  readonly threatProtection: boolean
}

/**
 * Who may sign in: a Cognito user pool whose groups are the six roles and whose users carry the
 * customer account they belong to (`custom:accountId` in the ID token). Contacts are registered by
 * their customer admin and staff by the operator, so there is no self sign-up.
 *
 * The app client issues the ID tokens that clients send as bearer tokens: the HTTP API's JWT
 * authorizer checks them against this pool (issuer) and this client (audience).
 */
export class UserDirectory extends Construct {
  readonly userPool: UserPool
  readonly client: UserPoolClient

  constructor(scope: Construct, id: string, props: UserDirectoryProps) {
    super(scope, id)

    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      // Not `required`: Cognito demands write access to required attributes, and users must not
      // change their e-mail themselves (it is the registered address inbound mail is checked against).
      standardAttributes: { email: { required: false, mutable: true } },
      customAttributes: {
        // The tenant key. Set once when the contact is created and never changed afterwards, not even
        // by an admin: a contact who moves to another customer gets a new user. Staff have none.
        accountId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: false }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      mfa: Mfa.OPTIONAL,
      // TOTP only: SMS needs an SNS origination setup per country, e-mail OTP an SES identity.
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: props.threatProtection ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
      ...(props.threatProtection && {
        standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      }),
      userInvitation: {
        emailSubject: 'Your Caseline support portal access',
        emailBody:
          'You have been registered for the support portal. Sign in with {username} and the temporary password {####} within 3 days.',
      },
      deletionProtection: true,
      // Users, their groups and their account links cannot be recreated from the template.
      removalPolicy: RemovalPolicy.RETAIN,
    })

    // Lower precedence wins in `cognito:preferred_role`: the most privileged role first, the same
    // order the API applies when a user is in several groups. `roles` lists customer roles first.
    roles.forEach((role, index) => {
      const group = this.userPool.addGroup(`Group-${role}`, {
        groupName: role,
        description: `Caseline role "${role}"`,
        precedence: roles.length - 1 - index,
      })
      // Group membership is who may do what: it survives with the retained pool.
      group.applyRemovalPolicy(RemovalPolicy.RETAIN)
    })

    this.client = this.userPool.addClient('AppClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(7),
      // The ID token carries exactly the readable attributes, and the API needs these claims.
      readAttributes: new ClientAttributes()
        .withStandardAttributes({
          email: true,
          emailVerified: true,
          fullname: true,
          locale: true,
          timezone: true,
        })
        .withCustomAttributes('accountId'),
      // Users may edit their profile, never their e-mail or their account.
      writeAttributes: new ClientAttributes().withStandardAttributes({
        fullname: true,
        locale: true,
        timezone: true,
      }),
    })

    const cfnUserPool = this.userPool.node.defaultChild
    if (cfnUserPool) {
      acknowledgeOptionalMfa(cfnUserPool)
      if (!props.threatProtection) acknowledgeEssentialsPlan(cfnUserPool)
    }
  }
}
