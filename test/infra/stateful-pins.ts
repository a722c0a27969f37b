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
