import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib'
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito'
import type { Table } from 'aws-cdk-lib/aws-dynamodb'
import { Secret } from 'aws-cdk-lib/aws-secretsmanager'
import type { Construct } from 'constructs'
import { createCaseTable } from './case-table.ts'
import { acknowledgeCursorSecretRotation } from './nag-suppressions.ts'
import { UserDirectory } from './user-directory.ts'

export interface StatefulStackProps extends StackProps {
  /** Cognito Plus plan with threat protection enforced (see `AppSettings.threatProtection`). */
  readonly threatProtection: boolean
}

/**
 * Everything that holds data and must survive a redeploy: the table, the user pool and the
 * cursor-signing key. All of it is retained when the stack is deleted. The stateless stack receives
 * these objects and CDK exports what it references, so the two stacks deploy independently.
 */
export class StatefulStack extends Stack {
  readonly table: Table
  readonly userPool: UserPool
  readonly userPoolClient: UserPoolClient
  /** HMAC key that signs pagination cursors; functions read it at cold start (`CURSOR_SECRET_ARN`). */
  readonly cursorSecret: Secret

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props)

    this.table = createCaseTable(this, 'Table')

    const directory = new UserDirectory(this, 'Users', { threatProtection: props.threatProtection })
    this.userPool = directory.userPool
    this.userPoolClient = directory.client

    this.cursorSecret = new Secret(this, 'CursorSecret', {
      description: 'HMAC key that signs Caseline pagination cursors',
      // 64 alphanumerics: ~380 bits of key, and no punctuation to escape anywhere.
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      // Losing the key only invalidates cursors, but a replaced key would do that on every redeploy.
      removalPolicy: RemovalPolicy.RETAIN,
    })
    const cfnSecret = this.cursorSecret.node.defaultChild
    if (cfnSecret) acknowledgeCursorSecretRotation(cfnSecret)
  }
}
