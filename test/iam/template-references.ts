/** A synthesized template, as far as references need it. */
export interface TemplateJson {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>
}

/** Where the references of an app's templates resolve to: the local stage's account and names. */
export interface LocalStage {
  readonly region: string
  readonly account: string
  /** The local name of a resource, by `<stack name>/<logical id>`, where it has no literal name. */
  readonly names: ReadonlyMap<string, string>
}

/**
 * Resolves CloudFormation references (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split,
 * Fn::ImportValue across the app's stacks) to the strings the local stage has for them: pseudo
 * parameters to its region and account, resources to their literal name, the `names` given, or
 * else their logical id (which no local call uses, so a grant on it can never be exercised).
 */
export function referenceResolver(templates: ReadonlyMap<string, TemplateJson>, stage: LocalStage) {
  const exports = new Map<string, { stack: string; value: unknown }>()
  for (const [stack, template] of templates) {
    for (const output of Object.values(template.Outputs ?? {})) {
      if (typeof output.Export?.Name === 'string')
        exports.set(output.Export.Name, { stack, value: output.Value })
    }
  }

  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::Region': stage.region,
    'AWS::AccountId': stage.account,
    'AWS::URLSuffix': 'amazonaws.com',
  }

  const nameOf = (stack: string, id: string): string => {
    const properties = templates.get(stack)?.Resources[id]?.Properties ?? {}
    const literal = [
      'TableName',
      'BucketName',
      'QueueName',
      'Name',
      'RoleName',
      'EmailIdentity',
      'FunctionName',
    ]
      .map((key) => properties[key])
      .find((value) => typeof value === 'string')
    return stage.names.get(`${stack}/${id}`) ?? (literal as string | undefined) ?? id
  }

  const attribute = (stack: string, id: string, attr: string): string => {
    const type = templates.get(stack)?.Resources[id]?.Type
    if (!type) throw new Error(`${stack} has no resource ${id}`)
    const name = nameOf(stack, id)
    const { region, account } = stage
    const arns: Record<string, () => string> = {
      'AWS::DynamoDB::Table': () => `arn:aws:dynamodb:${region}:${account}:table/${name}`,
      'AWS::S3::Bucket': () => `arn:aws:s3:::${name}`,
      'AWS::SQS::Queue': () => `arn:aws:sqs:${region}:${account}:${name}`,
      'AWS::Events::EventBus': () => `arn:aws:events:${region}:${account}:event-bus/${name}`,
      'AWS::IAM::Role': () => `arn:aws:iam::${account}:role/${name}`,
      'AWS::Logs::LogGroup': () => `arn:aws:logs:${region}:${account}:log-group:${name}:*`,
      'AWS::Cognito::UserPool': () => `arn:aws:cognito-idp:${region}:${account}:userpool/${name}`,
      'AWS::Lambda::Function': () => `arn:aws:lambda:${region}:${account}:function:${name}`,
      'AWS::Scheduler::ScheduleGroup': () => `arn:aws:scheduler:${region}:${account}:schedule-group/${name}`,
    }
    if (attr === 'Arn' && arns[type]) return (arns[type] as () => string)()
    if (attr === 'StreamArn') return `${attribute(stack, id, 'Arn')}/stream/local`
    if (attr === 'QueueName' || attr === 'Name') return name
    return `${id}.${attr}`
  }

  const reference = (stack: string, id: string): string => {
    if (pseudo[id]) return pseudo[id] as string
    const type = templates.get(stack)?.Resources[id]?.Type
    // A secret's Ref is its ARN; a queue's, its URL; everything else's here, its name.
    if (type === 'AWS::SecretsManager::Secret') {
      return `arn:aws:secretsmanager:${stage.region}:${stage.account}:secret:${nameOf(stack, id)}`
    }
    if (type === 'AWS::SQS::Queue')
      return `https://sqs.${stage.region}.amazonaws.com/${stage.account}/${nameOf(stack, id)}`
    return nameOf(stack, id)
  }

  const resolve = (stack: string, value: unknown): unknown => {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
    if (Array.isArray(value)) return value.map((item) => resolve(stack, item))
    if (!value || typeof value !== 'object') return value
    const entries = Object.entries(value as Record<string, unknown>)
    const [fn, args] = entries[0] ?? []
    const intrinsic = entries.length === 1 && (fn === 'Ref' || fn?.startsWith('Fn::'))
    if (!intrinsic) {
      return Object.fromEntries(entries.map(([key, item]) => [key, resolve(stack, item)]))
    }
    switch (fn) {
      case 'Ref':
        return reference(stack, args as string)
      case 'Fn::GetAtt': {
        const [id, attr] = typeof args === 'string' ? args.split(/\.(.*)/) : (args as string[])
        return attribute(stack, id as string, attr as string)
      }
      case 'Fn::Join': {
        const [separator, parts] = args as [string, unknown[]]
        return (resolve(stack, parts) as unknown[]).join(separator)
      }
      case 'Fn::Select': {
        const [index, list] = args as [number, unknown]
        return (resolve(stack, list) as unknown[])[Number(resolve(stack, index))]
      }
      case 'Fn::Split': {
        const [separator, source] = args as [string, unknown]
        return String(resolve(stack, source)).split(separator)
      }
      case 'Fn::Sub': {
        const [body, variables = {}] =
          typeof args === 'string' ? [args, {}] : (args as [string, Record<string, unknown>])
        return body.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
          if (name in variables) return String(resolve(stack, variables[name]))
          const [id, attr] = name.split(/\.(.*)/)
          return attr ? attribute(stack, id as string, attr) : reference(stack, name)
        })
      }
      case 'Fn::ImportValue': {
        const name = resolve(stack, args) as string
        const exported = exports.get(name)
        if (!exported) throw new Error(`no stack of the app exports ${name}`)
        return resolve(exported.stack, exported.value)
      }
      default:
        throw new Error(`${fn} is not supported by the IAM check's reference resolver`)
    }
  }
  return resolve
}
