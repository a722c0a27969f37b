import { describe, expect, it } from 'vitest'
import { evaluate, type ResolvedStatement, wildcardMatches } from '../../iam/policy-evaluator.ts'

const table = 'arn:aws:dynamodb:us-east-1:000000000000:table/t'

describe('the IAM check’s evaluator', () => {
  it('matches IAM wildcards: actions ignoring case, ARNs exactly', () => {
    expect(wildcardMatches('dynamodb:Get*', 'DynamoDB:GetItem', { ignoreCase: true })).toBe(true)
    expect(wildcardMatches('arn:aws:s3:::b/uploads/*', 'arn:aws:s3:::b/uploads/a/b')).toBe(true)
    expect(wildcardMatches('arn:aws:s3:::b/uploads/*', 'arn:aws:s3:::b/files/a')).toBe(false)
    expect(wildcardMatches('arn:aws:s3:::b/?', 'arn:aws:s3:::b/ab')).toBe(false)
    expect(wildcardMatches('arn:aws:s3:::B/*', 'arn:aws:s3:::b/a')).toBe(false)
  })

  it('allows only what an Allow statement covers, and an explicit Deny wins', () => {
    const statements: ResolvedStatement[] = [
      { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: [table] },
      { Effect: 'Allow', Action: 'dynamodb:Query', Resource: `${table}/index/*` },
      { Effect: 'Deny', Action: 'dynamodb:Query', Resource: `${table}/index/secret` },
    ]
    const allowed = (action: string, resource: string) => evaluate(statements, { action, resource }).allowed

    expect(allowed('dynamodb:GetItem', table)).toBe(true)
    expect(allowed('dynamodb:PutItem', table)).toBe(false)
    expect(allowed('dynamodb:GetItem', `${table}/index/gsi1`)).toBe(false)
    expect(allowed('dynamodb:Query', `${table}/index/gsi1`)).toBe(true)
    expect(allowed('dynamodb:Query', `${table}/index/secret`)).toBe(false)
  })

  it('holds conditions to the request’s keys', () => {
    const statements: ResolvedStatement[] = [
      {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: 'arn:aws:s3:::b',
        Condition: { StringLike: { 's3:prefix': ['uploads/*', 'files/*'] } },
      },
    ]
    const list = (prefix?: string) =>
      evaluate(statements, {
        action: 's3:ListBucket',
        resource: 'arn:aws:s3:::b',
        ...(prefix !== undefined && { context: { 's3:prefix': prefix } }),
      }).allowed

    expect(list('files/acme/')).toBe(true)
    expect(list('inbound/')).toBe(false)
    expect(list()).toBe(false)
  })

  it('refuses to guess an operator it does not know', () => {
    const statements: ResolvedStatement[] = [
      { Effect: 'Allow', Action: '*', Resource: '*', Condition: { NumericLessThan: { 'aws:x': '1' } } },
    ]

    expect(() => evaluate(statements, { action: 's3:GetObject', resource: '*' })).toThrow(/NumericLessThan/)
  })
})
