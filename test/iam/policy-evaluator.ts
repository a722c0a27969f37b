import type { AuthorizationRequest } from '#local/aws-call-requests.ts'

/** An identity-policy statement whose references are resolved to plain strings. */
export interface ResolvedStatement {
  readonly Effect: 'Allow' | 'Deny'
  readonly Action?: string | readonly string[]
  readonly NotAction?: string | readonly string[]
  readonly Resource?: string | readonly string[]
  readonly NotResource?: string | readonly string[]
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>
}

export interface Decision {
  readonly allowed: boolean
  /** The Allow statements that match (empty when denied). */
  readonly allowedBy: readonly ResolvedStatement[]
}

const asList = (value: string | readonly string[] | undefined): readonly string[] =>
  value === undefined ? [] : typeof value === 'string' ? [value] : value

/** IAM's wildcards: `*` any run of characters, `?` any one character. */
export function wildcardMatches(
  pattern: string,
  value: string,
  options: { ignoreCase?: boolean } = {},
): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${source}$`, options.ignoreCase ? 'i' : '').test(value)
}

// Action names are case-insensitive, ARNs are not.
const actionMatches = (patterns: readonly string[], action: string) =>
  patterns.some((pattern) => wildcardMatches(pattern, action, { ignoreCase: true }))
const resourceMatches = (patterns: readonly string[], resource: string) =>
  patterns.some((pattern) => wildcardMatches(pattern, resource))

/** The condition operators Caseline's policies use; any other fails loudly rather than guessing. */
const operators: Readonly<Record<string, (expected: string, actual: string) => boolean>> = {
  StringEquals: (expected, actual) => expected === actual,
  StringLike: (expected, actual) => wildcardMatches(expected, actual),
  ArnEquals: (expected, actual) => expected === actual,
  ArnLike: (expected, actual) => wildcardMatches(expected, actual),
}

function conditionsHold(statement: ResolvedStatement, request: AuthorizationRequest): boolean {
  const context = new Map(
    Object.entries(request.context ?? {}).map(([key, value]) => [key.toLowerCase(), value]),
  )
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) => {
    const ifExists = operator.endsWith('IfExists')
    const negated = /^(String|Arn)Not/.test(operator)
    const compare = operators[operator.replace(/IfExists$/, '').replace('Not', '')]
    if (!compare) throw new Error(`condition operator ${operator} is not supported by the IAM check`)
    return Object.entries(keys).every(([key, expected]) => {
      const actual = context.get(key.toLowerCase())
      // A key the request does not carry matches nothing, unless the operator says IfExists.
      if (actual === undefined) return ifExists || negated
      const any = asList(expected).some((value) => compare(value, actual))
      return negated ? !any : any
    })
  })
}

/** Whether `statement` applies to `request`: its action, its resource and its conditions. */
export function statementMatches(statement: ResolvedStatement, request: AuthorizationRequest): boolean {
  const actionHit =
    statement.NotAction !== undefined
      ? !actionMatches(asList(statement.NotAction), request.action)
      : actionMatches(asList(statement.Action), request.action)
  const resourceHit =
    statement.NotResource !== undefined
      ? !resourceMatches(asList(statement.NotResource), request.resource)
      : resourceMatches(asList(statement.Resource), request.resource)
  return actionHit && resourceHit && conditionsHold(statement, request)
}

/**
 * IAM's decision for an identity policy alone: an explicit Deny wins, then any Allow; otherwise
 * the request is implicitly denied. (No resource policies, boundaries or SCPs: Caseline's
 * functions reach their resources through their roles only.)
 */
export function evaluate(statements: readonly ResolvedStatement[], request: AuthorizationRequest): Decision {
  const matching = statements.filter((statement) => statementMatches(statement, request))
  if (matching.some((statement) => statement.Effect === 'Deny')) return { allowed: false, allowedBy: [] }
  const allowedBy = matching.filter((statement) => statement.Effect === 'Allow')
  return { allowed: allowedBy.length > 0, allowedBy }
}
