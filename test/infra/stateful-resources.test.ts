import { readFileSync } from 'node:fs'
import { Template } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import { buildCaselineApp } from './caseline-app.ts'
import { keyProperties, pinnedExports } from './stateful-pins.ts'

/** A resource as pinned: its type, its policies, and its key properties (`keyProperties`). */
interface Pinned {
  Type: string
  DeletionPolicy: string | null
  UpdateReplacePolicy: string | null
  Properties: Record<string, unknown>
}

type Resource = {
  Type: string
  Properties?: Record<string, unknown>
  DeletionPolicy?: string
  UpdateReplacePolicy?: string
}

// Kept by hand, never regenerated: a change here is a decision about a deployed stack's data
// (docs/deploy.md, "Upgrading").
const pinned = JSON.parse(
  readFileSync(new URL('./stateful-resources.pinned.json', import.meta.url), 'utf8'),
) as Record<string, Pinned>

const { stateful } = buildCaselineApp()
const template = Template.fromStack(stateful).toJSON()
const resources = template.Resources as Record<string, Resource>
const exportNames = Object.values(template.Outputs as Record<string, { Export?: { Name: string } }>).map(
  (output) => output.Export?.Name,
)

const json = (value: unknown) => JSON.stringify(value ?? null)

describe('the stateful stack, as deployed stacks have it', () => {
  it.each(Object.entries(pinned))('keeps %s', (id, pin) => {
    const resource = resources[id]

    // A logical id CloudFormation no longer finds is deleted (or, retained, orphaned) and a new,
    // empty resource created under the new id.
    expect(
      resource,
      `${id} (${pin.Type}) is gone from ${stateful.stackName}: a deployed stack would delete or orphan it and create an empty one in its place, losing its data. Keep the construct id (docs/deploy.md, "Upgrading").`,
    ).toBeDefined()
    expect(resource?.Type, `${id} changed its type: a deployed stack would replace it`).toBe(pin.Type)
    for (const policy of ['DeletionPolicy', 'UpdateReplacePolicy'] as const) {
      expect(
        resource?.[policy] ?? null,
        `${id} changed its ${policy}: a deployed stack would delete it with the stack or on replacement, losing its data`,
      ).toBe(pin[policy])
    }
    for (const key of keyProperties[pin.Type] ?? []) {
      expect(
        json(resource?.Properties?.[key]),
        `${id}.${key} changed: a deployed stack would replace ${id} (${pin.Type}) or lose what it holds; plan the migration (docs/deploy.md, "Upgrading") before changing the pin`,
      ).toBe(json(pin.Properties[key]))
    }
  })

  it.each(pinnedExports)('keeps the export %s', (name) => {
    expect(
      exportNames,
      `${name} is no longer exported: a deployed stack that imports it makes the stateful stack's update fail. Export it on (Stack.exportValue) for a release (docs/deploy.md, "Upgrading").`,
    ).toContain(name)
  })

  it('pins every resource it has, and knows what of each type must not change', () => {
    const unpinned = Object.keys(resources).filter((id) => !(id in pinned))
    const unknownTypes = Object.values(resources)
      .map((resource) => resource.Type)
      .filter((type) => !keyProperties[type])

    expect(unpinned, 'new stateful resources: add each to stateful-resources.pinned.json').toEqual([])
    expect(unknownTypes, 'new stateful types: name their key properties in stateful-pins.ts').toEqual([])
  })
})
