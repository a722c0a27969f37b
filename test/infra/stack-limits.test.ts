import { Stack } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import { buildCaselineApp } from './caseline-app.ts'

/**
 * CloudFormation refuses a stack of more than 500 resources (and 200 outputs): `cdk synth` only
 * prints an annotation, the deploy is what fails. Each HTTP route adds eight resources to the
 * stateless stack (function, role, policy, log group, alarm, integration, permission, route), so
 * this test is where a new route learns the stack must be split first (docs/deploy.md).
 */
const resourceLimit = 500
const outputLimit = 200

// Every optional setting that adds resources, so the largest template is the one counted.
const { app } = buildCaselineApp({
  context: {
    stage: 'prod',
    allowedOrigins: ['https://portal.example.com'],
    tracing: true,
    malwareScan: true,
    alarmEmail: 'ops@vendor.example',
  },
})
const stacks = app.node.children.filter((child): child is Stack => child instanceof Stack)

describe('CloudFormation limits', () => {
  it.each(stacks.map((stack) => [stack.stackName, stack] as const))(
    '%s stays within CloudFormation’s resource and output limits',
    (_name, stack) => {
      const template = Template.fromStack(stack).toJSON() as {
        Resources?: Record<string, unknown>
        Outputs?: Record<string, unknown>
      }
      expect(Object.keys(template.Resources ?? {}).length).toBeLessThanOrEqual(resourceLimit)
      expect(Object.keys(template.Outputs ?? {}).length).toBeLessThanOrEqual(outputLimit)
    },
  )
})
