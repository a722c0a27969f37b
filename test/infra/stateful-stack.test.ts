import { Template } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import { defaultMailSettings } from '#lib/settings.ts'
import { StatefulStack } from '#lib/stacks/stateful-stack.ts'
import { createTableInput, tableDefinition } from '#src/adapters/dynamodb/table-definition.ts'
import { roles } from '#src/domain/vocabulary.ts'
import { buildCaselineApp, testApp } from './caseline-app.ts'

const { stateful } = buildCaselineApp()
const template = Template.fromStack(stateful)

type CfnResource = {
  Properties: Record<string, unknown>
  DeletionPolicy?: string
  UpdateReplacePolicy?: string
}

function resourcesOf(type: string): CfnResource[] {
  return Object.values(template.findResources(type)) as CfnResource[]
}

function theOnly(type: string): CfnResource {
  const found = resourcesOf(type)
  expect(found, type).toHaveLength(1)
  return found[0] as CfnResource
}

const byName = (
  a: { AttributeName?: string; IndexName?: string },
  b: { AttributeName?: string; IndexName?: string },
) => (a.IndexName ?? a.AttributeName ?? '').localeCompare(b.IndexName ?? b.AttributeName ?? '')

describe('the case table', () => {
  // The local runtime creates its table with createTableInput: AWS must get the very same shape.
  const local = createTableInput('any')
  const table = theOnly('AWS::DynamoDB::Table')
  const props = table.Properties

  it('has the keys and attribute definitions of the local table', () => {
    // Arrange
    const expectedAttributes = [...(local.AttributeDefinitions ?? [])].sort(byName)

    // Act
    const actualAttributes = [...(props.AttributeDefinitions as { AttributeName: string }[])].sort(byName)

    // Assert
    expect(props.KeySchema).toEqual(local.KeySchema)
    expect(actualAttributes).toEqual(expectedAttributes)
  })

  it('has exactly the global secondary indexes of the table definition', () => {
    const actual = [...(props.GlobalSecondaryIndexes as { IndexName: string }[])].sort(byName)
    const expected = [...(local.GlobalSecondaryIndexes ?? [])].sort(byName)

    expect(actual).toEqual(expected)
    expect(actual.map((index) => index.IndexName)).toEqual(
      tableDefinition.globalSecondaryIndexes.map((index) => index.indexName),
    )
  })

  it('is on-demand with stream, TTL, point-in-time recovery and deletion protection', () => {
    expect(props.BillingMode).toBe(local.BillingMode)
    expect(props.StreamSpecification).toEqual({ StreamViewType: tableDefinition.streamViewType })
    expect(props.TimeToLiveSpecification).toEqual({
      AttributeName: tableDefinition.timeToLiveAttribute,
      Enabled: true,
    })
    expect(props.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true })
    expect(props.DeletionProtectionEnabled).toBe(true)
  })

  it('is retained when the stack is deleted or the table replaced', () => {
    expect(table.DeletionPolicy).toBe('Retain')
    expect(table.UpdateReplacePolicy).toBe('Retain')
  })
})

describe('the user pool', () => {
  const pool = theOnly('AWS::Cognito::UserPool')
  const props = pool.Properties

  it('lets only admins register users, who sign in by e-mail', () => {
    expect(props.AdminCreateUserConfig).toMatchObject({ AllowAdminCreateUserOnly: true })
    expect(props.UsernameAttributes).toEqual(['email'])
    expect(props.UsernameConfiguration).toEqual({ CaseSensitive: false })
  })

  it('has an immutable string attribute accountId (claim custom:accountId)', () => {
    expect(props.Schema).toContainEqual(
      expect.objectContaining({ Name: 'accountId', AttributeDataType: 'String', Mutable: false }),
    )
  })

  it('requires strong passwords, offers TOTP MFA and enforces threat protection', () => {
    expect(props.Policies).toEqual({
      PasswordPolicy: expect.objectContaining({
        MinimumLength: 12,
        RequireLowercase: true,
        RequireUppercase: true,
        RequireNumbers: true,
        RequireSymbols: true,
      }),
    })
    expect(props.MfaConfiguration).toBe('OPTIONAL')
    expect(props.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA'])
    expect(props.UserPoolTier).toBe('PLUS')
    expect(props.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' })
  })

  it('is protected from deletion and retained', () => {
    expect(props.DeletionProtection).toBe('ACTIVE')
    expect(pool.DeletionPolicy).toBe('Retain')
  })

  it('has exactly one group per role, retained, the most privileged role first', () => {
    const groups = resourcesOf('AWS::Cognito::UserPoolGroup')
    const byPrecedence = groups
      .map((group) => group.Properties as { GroupName: string; Precedence: number })
      .sort((a, b) => a.Precedence - b.Precedence)
      .map((group) => group.GroupName)

    expect(byPrecedence).toEqual([...roles].reverse())
    for (const group of groups) expect(group.DeletionPolicy).toBe('Retain')
  })
})

describe('the app client', () => {
  const props = theOnly('AWS::Cognito::UserPoolClient').Properties

  it('is a public SRP client without OAuth', () => {
    expect(props.GenerateSecret).toBe(false)
    expect(props.ExplicitAuthFlows).toEqual(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'])
    expect(props.AllowedOAuthFlowsUserPoolClient).toBe(false)
  })

  it('puts the claims the API reads into the ID token', () => {
    expect(props.ReadAttributes).toEqual(expect.arrayContaining(['email', 'custom:accountId']))
  })

  it('never lets users change their account or their registered e-mail', () => {
    expect(props.WriteAttributes).toEqual(expect.any(Array))
    expect(props.WriteAttributes).not.toContain('custom:accountId')
    expect(props.WriteAttributes).not.toContain('email')
  })
})

describe('the cursor secret', () => {
  it('is a generated key of at least 32 characters, retained', () => {
    const secret = theOnly('AWS::SecretsManager::Secret')

    expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: expect.any(Number) })
    expect(
      (secret.Properties.GenerateSecretString as { PasswordLength: number }).PasswordLength,
    ).toBeGreaterThanOrEqual(32)
    expect(secret.Properties.SecretString).toBeUndefined()
    expect(secret.DeletionPolicy).toBe('Retain')
  })
})

describe('with threatProtection off', () => {
  it('uses the Essentials plan without threat protection', () => {
    const props = Template.fromStack(
      new StatefulStack(testApp(), 'Essentials', { threatProtection: false, mail: defaultMailSettings }),
    ).findResources('AWS::Cognito::UserPool')
    const pool = Object.values(props)[0] as CfnResource

    expect(pool.Properties.UserPoolTier).toBe('ESSENTIALS')
    expect(pool.Properties.UserPoolAddOns).toBeUndefined()
  })
})
