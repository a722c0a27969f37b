import { describe, expect, it } from 'vitest'
import { identityProviderFor } from '#src/adapters/identity-provider.ts'
import { createLocalIdentityProvider } from '#src/adapters/local-identity.ts'
import { ConfigurationError, readConfig } from '#src/config.ts'
import { rejectionOf, sequentialIds } from '../fakes/core.ts'

const environment = {
  TABLE_NAME: 'caseline',
  AWS_REGION: 'eu-central-1',
  CURSOR_SECRET_ARN: 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:cursor',
  SCHEDULE_GROUP: 'caseline-timers',
  TIMER_TARGET_ARN: 'arn:aws:lambda:eu-central-1:123456789012:function:fire-timer',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/scheduler',
  TIMER_DLQ_ARN: 'arn:aws:sqs:eu-central-1:123456789012:timer-dead-letters',
}

describe('the identity settings', () => {
  it('are Cognito in AWS, with the pool only where a function was bound to it', () => {
    expect(readConfig(environment).identity).toEqual({ provider: 'cognito', userPoolId: undefined })
    expect(readConfig({ ...environment, USER_POOL_ID: 'eu-central-1_AbC' }).identity).toEqual({
      provider: 'cognito',
      userPoolId: 'eu-central-1_AbC',
    })
  })

  it('are the local token issuer on DynamoDB Local, unless IDENTITY_PROVIDER says otherwise', () => {
    const local = { ...environment, DYNAMODB_ENDPOINT: 'http://localhost:8000' }

    expect(readConfig(local).identity.provider).toBe('local')
    expect(readConfig({ ...local, IDENTITY_PROVIDER: 'cognito' }).identity.provider).toBe('cognito')
  })
})

describe('identityProviderFor', () => {
  it('fails on first use, naming USER_POOL_ID, when a Cognito function was not bound to the pool', async () => {
    const identity = identityProviderFor(
      { provider: 'cognito', userPoolId: undefined, region: 'eu-central-1' },
      sequentialIds(),
    )

    const error = await rejectionOf(
      identity.createUser({ email: 'a@b.example', name: 'A', accountId: 'acme' }),
    )

    expect(error).toBeInstanceOf(ConfigurationError)
    expect((error as Error).message).toContain('USER_POOL_ID')
  })

  it('registers locally by handing out a new id and nothing else', async () => {
    const identity = identityProviderFor(
      { provider: 'local', userPoolId: undefined, region: 'eu-central-1' },
      sequentialIds('user'),
    )

    expect(await identity.createUser({ email: 'a@b.example', name: 'A', accountId: 'acme' })).toEqual({
      userId: 'user-1',
    })
    await expect(identity.addToRole('user-1', 'customer')).resolves.toBeUndefined()
    await expect(identity.setActive('user-1', false)).resolves.toBeUndefined()
    await expect(identity.deleteUser('user-1')).resolves.toBeUndefined()
  })

  it('the local adapter takes ids from the generator it is given', async () => {
    const identity = createLocalIdentityProvider({ newId: () => 'fixed' })

    expect((await identity.createUser({ email: 'a@b.example', name: 'A', accountId: 'acme' })).userId).toBe(
      'fixed',
    )
  })
})
