import { fileURLToPath } from 'node:url'
import { type CfnElement, Stack } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { AwsSolutionsChecks } from 'cdk-nag'
import type { IConstruct } from 'constructs'
import { describe, expect, it } from 'vitest'
import { type AppFunction, tableActions } from '#lib/constructs/app-function.ts'
import { defaultMailSettings } from '#lib/settings.ts'
import { RouteStack } from '#lib/stacks/route-stack.ts'
import { StatefulStack } from '#lib/stacks/stateful-stack.ts'
import { StatelessStack } from '#lib/stacks/stateless-stack.ts'
import { cognitoAdminActions } from '#src/adapters/aws/cognito-identity.ts'
import { tableDefinition } from '#src/adapters/dynamodb/table-definition.ts'
import { readConfig } from '#src/config.ts'
import type { RouteDefinition } from '#src/http/route-table.ts'
import { routeList, routes } from '#src/http/routes.ts'
import { buildCaselineApp, testApp } from './caseline-app.ts'
import { importOf as importFrom } from './template-lookup.ts'

const allowedOrigins = ['https://portal.example.com', 'http://localhost:5173']
const { stateful, stateless, routeStacks, routeFunctions } = buildCaselineApp({
  context: { allowedOrigins: allowedOrigins.join(',') },
})
const template = Template.fromStack(stateless)
const statefulTemplate = Template.fromStack(stateful)

type Json = Record<string, unknown>
type CfnResource = { Type: string; Properties: Json }
type Statement = { Effect: string; Action: string | string[]; Resource: unknown }
type Resources = Record<string, CfnResource>

/** The stacks that make the API: the stateless stack (API, authorizer, $default) and the route stacks. */
const apiStacks: Stack[] = [stateless, ...routeStacks]
const templates = new Map(
  apiStacks.map((stack) => [stack, Template.fromStack(stack).toJSON().Resources as Resources]),
)
/** The resources of the stack that holds `construct`. */
const resourcesWith = (construct: IConstruct): Resources => templates.get(Stack.of(construct)) as Resources
const resources = templates.get(stateless) as Resources

function logicalId(construct: IConstruct | undefined): string {
  const element = construct as CfnElement
  return (element.stack as Stack).getLogicalId(element)
}

/** The resources of a type in the API's stacks, each with the resources of its own stack. */
function resourcesOf(type: string): [string, CfnResource, Resources][] {
  return [...templates.values()].flatMap((stackResources) =>
    Object.entries(stackResources)
      .filter(([, resource]) => resource.Type === type)
      .map(([id, resource]) => [id, resource, stackResources] as [string, CfnResource, Resources]),
  )
}

/** How the stateless and route stacks refer to a value of the stateful stack: the import of its export. */
function importOf(value: unknown): Json {
  const outputs = statefulTemplate.toJSON().Outputs as Record<
    string,
    { Value: unknown; Export?: { Name: string } }
  >
  const exported = Object.values(outputs).find(
    (output) => JSON.stringify(output.Value) === JSON.stringify(value),
  )
  if (!exported?.Export) throw new Error(`The stateful stack exports no ${JSON.stringify(value)}`)
  return { 'Fn::ImportValue': exported.Export.Name }
}

const tableId = logicalId(stateful.table.node.defaultChild)
const tableArn = importOf({ 'Fn::GetAtt': [tableId, 'Arn'] })
const tableName = importOf({ Ref: tableId })
const secretArn = importOf({ Ref: logicalId(stateful.cursorSecret.node.defaultChild) })
const userPoolId = importOf({ Ref: logicalId(stateful.userPool.node.defaultChild) })
const clientId = importOf({ Ref: logicalId(stateful.userPoolClient.node.defaultChild) })
const userPoolArn = importOf({ 'Fn::GetAtt': [logicalId(stateful.userPool.node.defaultChild), 'Arn'] })
const indexArns = tableDefinition.globalSecondaryIndexes.map((index) => ({
  'Fn::Join': ['', [tableArn, `/index/${index.indexName}`]],
}))

/** The schedules of the stage's group, as the functions that set timers may use them. */
const scheduleArnPattern = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':scheduler:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':schedule/caseline-timers/*',
    ],
  ],
}

const [authorizerId, authorizer] = resourcesOf('AWS::ApiGatewayV2::Authorizer')[0] ?? []

/** A route of the API, in whichever of its stacks, with that stack's resources. */
function routeEntry(routeKey: string): [string, CfnResource, Resources] {
  const found = resourcesOf('AWS::ApiGatewayV2::Route').filter(
    ([, route]) => route.Properties.RouteKey === routeKey,
  )
  expect(found, routeKey).toHaveLength(1)
  return found[0] as [string, CfnResource, Resources]
}

function routeResource(routeKey: string): Json {
  return routeEntry(routeKey)[1].Properties
}

/**
 * The logical id of the function a route invokes, following Target → Integration → IntegrationUri,
 * in the route's own stack (so the function is in that stack too).
 */
function functionBehind(routeKey: string): string {
  const [, route, stackResources] = routeEntry(routeKey)
  const integrationId = JSON.stringify(route.Properties.Target).match(/"Ref":"([^"]+)"/)?.[1] ?? ''
  const uri = stackResources[integrationId]?.Properties.IntegrationUri as { 'Fn::GetAtt': [string, string] }
  return uri['Fn::GetAtt'][0]
}

function statementsOf(appFunction: AppFunction): Statement[] {
  const roleId = logicalId(appFunction.role.node.defaultChild)
  return Object.values(resourcesWith(appFunction))
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
}

/** The methods the API routes for a route-table row: a GET route also answers HEAD. */
const methodsOf = (route: RouteDefinition): string[] =>
  route.method === 'GET' ? ['GET', 'HEAD'] : [route.method]

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value])
const writeActions: readonly string[] = tableActions.write
const routeFunction = (route: RouteDefinition) => routeFunctions.get(route.operationId) as AppFunction

describe('the HTTP API', () => {
  it('has its one JWT authorizer in the stateless stack', () => {
    expect(resourcesOf('AWS::ApiGatewayV2::Authorizer')).toHaveLength(1)
    expect(Object.keys(resources)).toContain(authorizerId)
  })

  it('has a JWT authorizer for the user pool (issuer) and its app client (audience)', () => {
    expect(authorizer?.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [clientId],
        Issuer: {
          'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', userPoolId]],
        },
      },
    })
  })

  it('has one route per route-table row (and a HEAD route per GET route) and the $default route, nothing else', () => {
    const routeKeys = resourcesOf('AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties.RouteKey)

    expect(routeKeys.sort()).toEqual(
      [
        ...routeList.flatMap((route) => methodsOf(route).map((method) => `${method} ${route.path}`)),
        '$default',
      ].sort(),
    )
  })

  describe.each(
    routeList.filter((route) => route.method === 'GET').map((route) => [route.path, route] as const),
  )('HEAD %s', (path) => {
    it('goes to the GET route’s integration, in its stack, with the same authorization', () => {
      const [, get, getStack] = routeEntry(`GET ${path}`)
      const [, head, headStack] = routeEntry(`HEAD ${path}`)
      const authorization = ({ AuthorizationType, AuthorizerId, AuthorizationScopes }: Json) => ({
        AuthorizationType,
        AuthorizerId,
        AuthorizationScopes,
      })

      expect(headStack).toBe(getStack)
      expect(head.Properties.Target).toEqual(get.Properties.Target)
      expect(head.Properties.ApiId).toEqual(get.Properties.ApiId)
      expect(authorization(head.Properties)).toEqual(authorization(get.Properties))
    })
  })

  it('lets API Gateway invoke each route function by one permission, for every method of its path', () => {
    for (const route of routeList) {
      const fn = routeFunction(route)
      const fnId = logicalId(fn.fn.node.defaultChild)
      const permissions = Object.values(resourcesWith(fn)).filter(
        (r) =>
          r.Type === 'AWS::Lambda::Permission' &&
          JSON.stringify(r.Properties.FunctionName).includes(`"${fnId}"`),
      )

      expect(permissions, route.operationId).toHaveLength(1)
      expect(permissions[0]?.Properties.Principal).toBe('apigateway.amazonaws.com')
      // `<api>/<stage>/<method>/<path>`: any stage, any method (so HEAD too), this path.
      expect(JSON.stringify(permissions[0]?.Properties.SourceArn)).toContain(`/*/*${route.path}"`)
    }
  })

  describe.each(routeList.map((route) => [`${route.method} ${route.path}`, route] as const))(
    'route %s',
    (routeKey, route) => {
      it('requires a valid token unless the route table marks it public', () => {
        const props = routeResource(routeKey)

        if (route.access.kind === 'public') {
          expect(props.AuthorizationType).toBe('NONE')
          expect(props.AuthorizerId).toBeUndefined()
        } else {
          expect(props.AuthorizationType).toBe('JWT')
          // The route stacks import the stateless stack's authorizer.
          const [, , stackResources] = routeEntry(routeKey)
          expect(props.AuthorizerId).toEqual(
            stackResources === resources
              ? { Ref: authorizerId }
              : importFrom(stateless, { Ref: authorizerId }),
          )
        }
      })

      it('invokes its own function, built from the handler module the table names', () => {
        const fn = routeFunction(route)

        expect(functionBehind(routeKey)).toBe(logicalId(fn.fn.node.defaultChild))
        expect(routeEntry(routeKey)[2]).toBe(resourcesWith(fn))
        expect(fn.entry).toBe(fileURLToPath(new URL(`../../functions/${route.handler}.ts`, import.meta.url)))
      })
    },
  )

  it('answers unknown routes with the not-found function, without authorizer', () => {
    const props = routeResource('$default')

    expect(props.AuthorizationType).toBe('NONE')
    expect(functionBehind('$default')).toBe(logicalId(stateless.notFoundFunction.fn.node.defaultChild))
    expect(routeEntry('$default')[2]).toBe(resources)
  })

  it('serves the $default stage with throttling and JSON access logs', () => {
    const [, stage] = resourcesOf('AWS::ApiGatewayV2::Stage')[0] ?? []
    const props = stage?.Properties ?? {}
    const logGroupId = logicalId(stateless.node.findChild('AccessLogs').node.defaultChild)

    expect(props).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [logGroupId, 'Arn'] } },
    })
    const format = JSON.parse((props.AccessLogSettings as { Format: string }).Format)
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
      userId: '$context.authorizer.claims.sub',
    })
    expect(resources[logGroupId]?.Properties.RetentionInDays).toEqual(expect.any(Number))
  })

  it('allows CORS from the configured origins, for the methods and headers the API uses', () => {
    const [, api] = resourcesOf('AWS::ApiGatewayV2::Api')[0] ?? []

    expect(api?.Properties.CorsConfiguration).toEqual({
      AllowOrigins: allowedOrigins,
      AllowMethods: [...new Set(routeList.flatMap((route) => methodsOf(route)))].sort(),
      AllowHeaders: expect.arrayContaining(['authorization', 'content-type', 'idempotency-key', 'if-match']),
      ExposeHeaders: expect.arrayContaining(['etag', 'location']),
      AllowCredentials: false,
      MaxAge: 3600,
    })
  })

  it('outputs the API URL, the user pool id and the client id', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>

    expect(JSON.stringify(outputs.ApiUrl?.Value)).toContain('.execute-api.')
    expect(outputs.UserPoolId?.Value).toEqual(userPoolId)
    expect(outputs.UserPoolClientId?.Value).toEqual(clientId)
  })
})

describe('the functions', () => {
  const functions = resourcesOf('AWS::Lambda::Function')

  it('are one per route plus the not-found, timer, file-ready, event handler, mail-in, webhook deliver and retention functions', () => {
    expect(functions).toHaveLength(routeList.length + 7)
    // The seven that serve no route are in the stateless stack, the route functions in the route stacks.
    expect(functions.filter(([, , stackResources]) => stackResources === resources)).toHaveLength(7)
  })

  it.each(functions)(
    '%s runs Node.js 22 on arm64 with source maps and its own log group',
    (_, fn, resources) => {
      const logGroupId = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref

      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
      })
      expect(fn.Properties.Environment).toMatchObject({ Variables: { NODE_OPTIONS: '--enable-source-maps' } })
      expect(resources[logGroupId]?.Type).toBe('AWS::Logs::LogGroup')
      expect(resources[logGroupId]?.Properties.RetentionInDays).toEqual(expect.any(Number))
    },
  )

  it('have roles without AWS managed policies', () => {
    for (const [, role] of resourcesOf('AWS::IAM::Role'))
      expect(role.Properties.ManagedPolicyArns).toBeUndefined()
  })
})

describe.each(routeList.map((route) => [route.operationId, route] as const))(
  'the %s function',
  (_, route) => {
    const fn = routeFunction(route)
    const cfn = resourcesWith(fn)[logicalId(fn.fn.node.defaultChild)] as CfnResource
    const statements = statementsOf(fn)
    const dynamodb = statements.filter((s) =>
      asArray(s.Action).some((a) => String(a).startsWith('dynamodb:')),
    )

    it('gets the settings the runtime config reads, pointing at the table and the secret', () => {
      const variables = (cfn.Properties.Environment as { Variables: Json }).Variables

      expect(variables.TABLE_NAME).toEqual(tableName)
      expect(variables.CURSOR_SECRET_ARN).toEqual(secretArn)
      // The function's environment passes the runtime's own config check (tokens stand in as strings).
      const env = Object.fromEntries(
        Object.entries(variables).map(([key, value]) => [
          key,
          // A reference is shaped so that the URL settings (the webhook queue's) accept it too.
          typeof value === 'string' ? JSON.stringify(value) : 'https://resolved-at-deploy.example/',
        ]),
      )
      expect(readConfig({ ...env, AWS_REGION: 'eu-central-1' }).cursorSecret.kind).toBe('arn')
    })

    it('may use only the table, its indexes, the secret, its own log group, (if it changes cases) the timers, (if it handles files) its areas of the files bucket, (if it erases people) the received mail, (if it manages users) the user pool and (if it queues deliveries) the webhook queue', () => {
      const bucketArn = { 'Fn::ImportValue': stateful.filesBucketArnExport }
      const fileAreas = route.files
        ? ['uploads/*', 'files/*'].map((area) => ({ 'Fn::Join': ['', [bucketArn, `/${area}`]] }))
        : []
      // Erasing files lists the versions of a file's key (the bucket, narrowed by a prefix condition).
      const fileListing = route.files === 'erase' ? [bucketArn] : []
      const receivedMail = route.inboundMail
        ? [{ 'Fn::Join': ['', [{ 'Fn::ImportValue': stateless.inboundMailBucketArnExport }, '/inbound/*']] }]
        : []
      const userPool = route.identity === 'manage' ? [userPoolArn] : []
      // The route stacks import the queue's ARN from the stateless stack.
      const webhookQueue = route.webhookQueue
        ? [
            importFrom(stateless, {
              'Fn::GetAtt': [logicalId(stateless.webhookDeliveries.queue.node.defaultChild), 'Arn'],
            }),
          ]
        : []
      const timers =
        route.method === 'GET' || route.access.kind === 'public'
          ? []
          : [
              scheduleArnPattern,
              { 'Fn::GetAtt': [logicalId(stateless.timers.invokeRole.node.defaultChild), 'Arn'] },
            ]
      const allowed = [
        tableArn,
        ...indexArns,
        secretArn,
        { 'Fn::GetAtt': [logicalId(fn.logGroup.node.defaultChild), 'Arn'] },
        ...timers,
        ...fileAreas,
        ...fileListing,
        ...receivedMail,
        ...userPool,
        ...webhookQueue,
      ].map((resource) => JSON.stringify(resource))

      for (const statement of statements) {
        expect(statement.Effect).toBe('Allow')
        for (const resource of asArray(statement.Resource))
          expect(allowed).toContain(JSON.stringify(resource))
      }
      expect(dynamodb.flatMap((s) => asArray(s.Resource))).toEqual([tableArn, ...indexArns])
      expect(
        statements.find((s) => asArray(s.Action).includes('secretsmanager:GetSecretValue'))?.Resource,
      ).toEqual(secretArn)
    })

    it(route.method === 'GET' ? 'may only read the table' : 'may read and write the table', () => {
      const actions = [...new Set(dynamodb.flatMap((s) => asArray(s.Action) as string[]))]
      const onIndexes = dynamodb.filter((s) => JSON.stringify(s.Resource).includes('/index/'))

      expect(actions).not.toContain('dynamodb:Scan')
      // Only a query reads an index; every other item action names the table.
      expect(onIndexes.flatMap((s) => asArray(s.Action))).toEqual(['dynamodb:Query'])
      if (route.method === 'GET') {
        expect(actions.filter((action) => writeActions.includes(action))).toEqual([])
        expect(actions.sort()).toEqual([...tableActions.read].sort())
      } else {
        expect(actions.sort()).toEqual([...tableActions.read, ...tableActions.write].sort())
      }
    })
  },
)

describe('the functions that manage users (route table: identity manage)', () => {
  const managing = routeList.filter((route) => route.identity === 'manage')
  const cognitoStatements = (route: RouteDefinition) =>
    statementsOf(routeFunction(route)).filter((s) =>
      asArray(s.Action).some((a) => String(a).startsWith('cognito-idp:')),
    )
  const variablesOf = (route: RouteDefinition) => {
    const appFunction = routeFunction(route)
    const fn = resourcesWith(appFunction)[logicalId(appFunction.fn.node.defaultChild)] as CfnResource
    return (fn.Properties.Environment as { Variables: Json }).Variables
  }

  it('are registering and changing contacts', () => {
    expect(managing.map((route) => route.operationId).sort()).toEqual([
      'createContact',
      'eraseContact',
      'updateContact',
    ])
  })

  it.each(managing.map((route) => [route.operationId, route] as const))(
    '%s gets the pool id and exactly the admin actions of the Cognito adapter, on that pool only',
    (_, route) => {
      expect(variablesOf(route).USER_POOL_ID).toEqual(userPoolId)
      expect(cognitoStatements(route)).toEqual([
        { Effect: 'Allow', Action: [...cognitoAdminActions], Resource: userPoolArn },
      ])
    },
  )

  it('no other function gets the pool id or any right on the pool', () => {
    for (const route of routeList.filter((r) => r.identity !== 'manage')) {
      expect(variablesOf(route).USER_POOL_ID, route.operationId).toBeUndefined()
      expect(cognitoStatements(route), route.operationId).toEqual([])
    }
  })
})

describe('the not-found function', () => {
  it('may only write its own logs', () => {
    const fn = stateless.notFoundFunction
    const resourcesUsed = statementsOf(fn).flatMap((s) => asArray(s.Resource))

    expect(resourcesUsed).toEqual([{ 'Fn::GetAtt': [logicalId(fn.logGroup.node.defaultChild), 'Arn'] }])
  })
})

describe('the survey routes and the hosted survey page (public: the token in the link is the credential)', () => {
  const schedulerStatements = (route: RouteDefinition) =>
    statementsOf(routeFunction(route)).filter((s) =>
      asArray(s.Action).some((a) => String(a).startsWith('scheduler:') || a === 'iam:PassRole'),
    )

  it.each([
    [routes.getSurvey, 'GET /v1/surveys/{token}'],
    [routes.answerSurvey, 'POST /v1/surveys/{token}'],
    [routes.getSurveyPage, 'GET /surveys/{token}'],
    [routes.answerSurveyPage, 'POST /surveys/{token}'],
  ])('%#: %s has no authorizer, and reads the signing secret its tokens are keyed from', (route, key) => {
    expect(routeResource(key).AuthorizationType).toBe('NONE')
    expect(
      statementsOf(routeFunction(route)).find((s) =>
        asArray(s.Action).includes('secretsmanager:GetSecretValue'),
      )?.Resource,
    ).toEqual(secretArn)
  })

  it('reading a survey (JSON or page) may only read the table; answering may write it, yet neither may set timers', () => {
    const tableActionsOf = (route: RouteDefinition) => [
      ...new Set(
        statementsOf(routeFunction(route))
          .flatMap((s) => asArray(s.Action) as string[])
          .filter((a) => a.startsWith('dynamodb:'))
          .sort(),
      ),
    ]

    for (const reading of [routes.getSurvey, routes.getSurveyPage]) {
      expect(tableActionsOf(reading)).toEqual([...tableActions.read].sort())
      expect(schedulerStatements(reading)).toEqual([])
    }
    for (const answering of [routes.answerSurvey, routes.answerSurveyPage]) {
      expect(tableActionsOf(answering)).toEqual([...tableActions.read, ...tableActions.write].sort())
      expect(schedulerStatements(answering)).toEqual([])
    }
  })
})

describe('a route the table marks public, without allowed origins', () => {
  const surveyRoute = routes.getSurvey
  const app = testApp()
  const data = new StatefulStack(app, 'Data', { threatProtection: true, mail: defaultMailSettings })
  const api = new StatelessStack(app, 'Api', {
    table: data.table,
    cursorSecret: data.cursorSecret,
    userPool: data.userPool,
    userPoolClient: data.userPoolClient,
    filesBucketArnExport: data.filesBucketArnExport,
    mail: data.mail,
    allowedOrigins: [],
    routes: [surveyRoute],
  })
  const routeStack = new RouteStack(app, 'Routes', {
    stateless: api,
    routes: [surveyRoute],
    table: data.table,
    cursorSecret: data.cursorSecret,
    userPool: data.userPool,
    filesBucketArnExport: data.filesBucketArnExport,
  })
  const publicTemplate = Template.fromStack(routeStack)

  it('gets no authorizer, and that is acknowledged for cdk-nag', () => {
    const findings = new AwsSolutionsChecks().validateScope(app).violations.map((v) => v.ruleName)

    publicTemplate.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /v1/surveys/{token}',
      AuthorizationType: 'NONE',
      AuthorizerId: Match.absent(),
    })
    expect(findings).not.toContain('AwsSolutions-APIG4')
  })

  it('has no CORS configuration', () => {
    const apiResource = Object.values(Template.fromStack(api).findResources('AWS::ApiGatewayV2::Api'))[0]

    expect((apiResource as CfnResource).Properties.CorsConfiguration).toBeUndefined()
  })
})
