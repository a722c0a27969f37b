import { Stack } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import { groupRoutes, RouteStack, routeStackGroupOf, routeStackGroups } from '#lib/stacks/route-stack.ts'
import { routeList } from '#src/http/routes.ts'
import { buildCaselineApp } from './caseline-app.ts'

/**
 * CloudFormation refuses a stack of more than 500 resources (and 200 outputs): `cdk synth` only
 * prints an annotation, the deploy is what fails. Each HTTP route adds eight resources to its route
 * stack (function, role, policy, log group, alarm, integration, permission, route), a GET route nine
 * (its HEAD route), so this test is where a new route learns its stack is getting full, long before
 * it is: every stack keeps room for 25 more GET routes. Then a new area of the route table goes to a new group of `routeStackGroups`
 * (docs/deploy.md, "Stack limits"); existing routes never move.
 */
const resourceLimit = 500
const outputLimit = 200
const resourcesPerRoute = 8
/** A GET route's HEAD route to the same integration (lib/stacks/route-stack.ts). */
const resourcesPerGetRoute = resourcesPerRoute + 1
const routeHeadroom = 25

// Every optional setting that adds resources, so the largest template is the one counted.
const { app, stateless, routeStacks } = buildCaselineApp({
  context: {
    stage: 'prod',
    allowedOrigins: ['https://portal.example.com'],
    tracing: true,
    malwareScan: true,
    alarmEmail: 'ops@vendor.example',
  },
})
const stacks = app.node.children.filter((child): child is Stack => child instanceof Stack)
const counts = (stack: Stack) => {
  const template = Template.fromStack(stack).toJSON() as {
    Resources?: Record<string, unknown>
    Outputs?: Record<string, unknown>
  }
  return {
    resources: Object.keys(template.Resources ?? {}).length,
    outputs: Object.keys(template.Outputs ?? {}).length,
  }
}

describe('CloudFormation limits', () => {
  it.each(stacks.map((stack) => [stack.stackName, stack] as const))(
    '%s stays within CloudFormation’s resource and output limits',
    (_name, stack) => {
      const { resources, outputs } = counts(stack)

      expect(resources).toBeLessThanOrEqual(resourceLimit)
      expect(outputs).toBeLessThanOrEqual(outputLimit)
    },
  )

  it.each(stacks.map((stack) => [stack.stackName, stack] as const))(
    `%s has room for ${routeHeadroom} more routes (${resourcesPerGetRoute} resources each, as GET routes)`,
    (_name, stack) => {
      expect(counts(stack).resources + routeHeadroom * resourcesPerGetRoute).toBeLessThanOrEqual(
        resourceLimit,
      )
    },
  )

  it('each route stack adds 8 resources per route, 9 per GET route, and nothing else; the stateless stack holds no route function', () => {
    const methods = new Map(routeList.map((route) => [route.operationId, route.method]))
    for (const stack of routeStacks) {
      const perRoute = [...stack.routeFunctions.keys()].map((operationId) =>
        methods.get(operationId) === 'GET' ? resourcesPerGetRoute : resourcesPerRoute,
      )
      expect(counts(stack).resources, stack.stackName).toBe(perRoute.reduce((sum, n) => sum + n, 0))
    }
    expect(stateless.node.findAll().filter((c) => c instanceof RouteStack)).toEqual([])
  })
})

describe('the route stacks', () => {
  it('are one per group of the route table’s areas, named after it (a name must never change)', () => {
    expect(routeStacks.map((stack) => stack.stackName)).toEqual([
      'Caseline-prod-Stateless-CaseRoutes',
      'Caseline-prod-Stateless-ServiceRoutes',
      'Caseline-prod-Stateless-AccountRoutes',
      'Caseline-prod-Stateless-IntegrationRoutes',
    ])
    expect(routeStackGroups.map((group) => group.id)).toEqual(['Case', 'Service', 'Account', 'Integration'])
  })

  it('serve every route of the route table once, each in the stack of its area', () => {
    const served = routeStacks.flatMap((stack) => [...stack.routeFunctions.keys()])

    expect(served.sort()).toEqual(routeList.map((route) => route.operationId).sort())
    for (const [group, routes] of groupRoutes(routeList)) {
      const stack = routeStacks.find((s) => s.stackName.endsWith(`-${group}Routes`))
      expect(stack && [...stack.routeFunctions.keys()]).toEqual(routes.map((route) => route.operationId))
    }
  })

  it('place a route by its area alone, so adding routes moves no other one', () => {
    const groupIn = (routes: typeof routeList) =>
      new Map([...groupRoutes(routes)].flatMap(([group, list]) => list.map((r) => [r.operationId, group])))
    const full = groupIn(routeList)

    // The table with fewer routes (as before routes were added, in any order): every route stays put.
    for (const fewer of [
      routeList.slice(0, routeList.length / 2),
      routeList.slice(1),
      [...routeList].reverse(),
    ])
      for (const [operationId, group] of groupIn(fewer))
        expect(full.get(operationId), operationId).toBe(group)
  })

  it('refuse a route of no area: it needs a group first', () => {
    const [first] = routeList
    const stray = { ...(first as (typeof routeList)[number]), operationId: 'strayRoute' }

    expect(() => routeStackGroupOf(stray)).toThrow(/strayRoute must belong to exactly one group/)
  })
})
