import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib'
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito'
import type { Table } from 'aws-cdk-lib/aws-dynamodb'
import type { Bucket } from 'aws-cdk-lib/aws-s3'
import { Secret } from 'aws-cdk-lib/aws-secretsmanager'
import type { Construct } from 'constructs'
import { CaseFilesBucket } from '../constructs/case-files-bucket.ts'
import { CaseMail } from '../constructs/case-mail.ts'
import { createCaseTable } from '../constructs/case-table.ts'
import { acknowledgeCursorSecretRotation } from '../constructs/nag-suppressions.ts'
import { UserDirectory } from '../constructs/user-directory.ts'
import type { MailSettings } from '../settings.ts'

export interface StatefulStackProps extends StackProps {
  /** Cognito Plus plan with threat protection enforced (see `AppSettings.threatProtection`). */
  readonly threatProtection: boolean
  /** Browser origins that may POST uploads to the case-files bucket. @default none */
  readonly allowedOrigins?: readonly string[]
  /** The support address, reply domain and links of the mail Caseline sends. */
  readonly mail: MailSettings
}

/**
 * Everything that holds data and must survive a redeploy: the table, the user pool, the
 * cursor-signing key and the case-files bucket. All of it is retained when the stack is deleted. The stateless stack receives
 * these objects and CDK exports what it references, so the two stacks deploy independently.
 */
export class StatefulStack extends Stack {
  readonly table: Table
  readonly userPool: UserPool
  readonly userPoolClient: UserPoolClient
  /** HMAC key that signs pagination cursors, reply addresses and survey links (a derived key each); functions read it at cold start (`CURSOR_SECRET_ARN`). */
  readonly cursorSecret: Secret
  /** Case files: uploads and checked files (see `CaseFilesBucket`). */
  readonly filesBucket: Bucket
  /** SES: sending and reply-domain identities, the configuration set. */
  readonly mail: CaseMail
  /** The export that carries the bucket's ARN to the stateless stack (see `filesBucketExportName`). */
  readonly filesBucketArnExport: string

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props)

    this.table = createCaseTable(this, 'Table')

    const directory = new UserDirectory(this, 'Users', { threatProtection: props.threatProtection })
    this.userPool = directory.userPool
    this.userPoolClient = directory.client

    this.cursorSecret = new Secret(this, 'CursorSecret', {
      description: 'HMAC key that signs Caseline pagination cursors, reply addresses and survey links',
      // 64 alphanumerics: ~380 bits of key, and no punctuation to escape anywhere.
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      // Losing the key invalidates cursors, open survey links and reply addresses; a replaced key would do that on every redeploy.
      removalPolicy: RemovalPolicy.RETAIN,
    })
    const cfnSecret = this.cursorSecret.node.defaultChild
    if (cfnSecret) acknowledgeCursorSecretRotation(cfnSecret)

    this.filesBucket = new CaseFilesBucket(this, 'Files', {
      allowedOrigins: props.allowedOrigins ?? [],
    }).bucket
    this.mail = new CaseMail(this, 'Mail', { settings: props.mail })
    // Deployed stateless stacks of earlier versions import the reply identity (they allowed sending
    // from it): its export stays until no release imports it (docs/deploy.md, "Upgrading").
    const replyIdentity = this.mail.identities[1]
    if (replyIdentity) this.exportValue(replyIdentity.emailIdentityName)
    this.filesBucketArnExport = filesBucketExportName(this.stackName)
    new CfnOutput(this, 'FilesBucketArn', {
      value: this.filesBucket.bucketArn,
      exportName: this.filesBucketArnExport,
      description: 'The case-files bucket (imported by the stateless stack)',
    })
  }
}

/**
 * The case-files bucket's ARN is exported under this fixed name, not through CDK's automatic
 * cross-stack reference, whose generated name carries a hash: the functions' object grants
 * (`<export>/uploads/*`) then read the same in every synth, and so do their cdk-nag acknowledgements.
 * The import still keeps CloudFormation from removing the export while the stateless stack uses it.
 */
export function filesBucketExportName(statefulStackName: string): string {
  return `${statefulStackName}-FilesBucketArn`
}
