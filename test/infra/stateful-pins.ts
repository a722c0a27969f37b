/**
 * The properties of each stateful type whose change replaces the deployed resource or loses what it
 * holds (its data, its keys, its identity): the pins of test/infra/stateful-resources.test.ts.
 */
export const keyProperties: Readonly<Record<string, readonly string[]>> = {
  'AWS::DynamoDB::Table': [
    'TableName',
    'KeySchema',
    'AttributeDefinitions',
    'GlobalSecondaryIndexes',
    'LocalSecondaryIndexes',
    'BillingMode',
    'StreamSpecification',
    'SSESpecification',
    'PointInTimeRecoverySpecification',
    'TimeToLiveSpecification',
    'DeletionProtectionEnabled',
  ],
  'AWS::S3::Bucket': [
    'BucketName',
    'VersioningConfiguration',
    'BucketEncryption',
    'LifecycleConfiguration',
    'ObjectLockEnabled',
    'OwnershipControls',
    'PublicAccessBlockConfiguration',
  ],
  'AWS::Cognito::UserPool': [
    'UserPoolName',
    'UsernameAttributes',
    'AliasAttributes',
    'UsernameConfiguration',
    'Schema',
    'DeletionProtection',
    'UserPoolTier',
  ],
  'AWS::Cognito::UserPoolGroup': ['GroupName', 'UserPoolId'],
  'AWS::Cognito::UserPoolClient': ['UserPoolId', 'GenerateSecret', 'ClientName'],
  'AWS::SecretsManager::Secret': ['Name', 'GenerateSecretString', 'SecretString', 'KmsKeyId'],
  'AWS::SES::EmailIdentity': ['EmailIdentity'],
  'AWS::SES::ConfigurationSet': ['Name'],
  'AWS::S3::BucketPolicy': ['Bucket'],
}

/**
 * The stateful stack's exports the stateless and route stacks of this or the previous release
 * import: CloudFormation refuses to remove an export a deployed stack imports, so the stateful
 * stack's update would fail (docs/deploy.md, "Upgrading").
 */
export const pinnedExports = [
  'Caseline-Stateful-FilesBucketArn',
  'Caseline-Stateful:ExportsOutputFnGetAttTableCD117FA1ArnE2C8C204',
  'Caseline-Stateful:ExportsOutputFnGetAttTableCD117FA1StreamArnB270E65B',
  'Caseline-Stateful:ExportsOutputFnGetAttUsersUserPool7E610616Arn8732C3F4',
  'Caseline-Stateful:ExportsOutputRefCursorSecretABAE1358CA2C79A5',
  'Caseline-Stateful:ExportsOutputRefMailConfigurationSet2AA843680E37942D',
  'Caseline-Stateful:ExportsOutputRefMailReplyIdentityE7977D7DD71DA753',
  'Caseline-Stateful:ExportsOutputRefMailSendingIdentity146270888E7556DC',
  'Caseline-Stateful:ExportsOutputRefTableCD117FA1D18A8047',
  'Caseline-Stateful:ExportsOutputRefUsersUserPool7E610616B34365A3',
  'Caseline-Stateful:ExportsOutputRefUsersUserPoolAppClient901211897FC44E00',
] as const
