import { CfnOutput, Stack } from 'aws-cdk-lib'
import { EventBus } from 'aws-cdk-lib/aws-events'
import { Construct } from 'constructs'

/** EventBridge's rule for an event bus name (a custom bus's name has no `/`). */
const eventBusNamePattern = /^[A-Za-z0-9._-]{1,256}$/

/** The stage's event bus: stages can share an account and region without sharing events. */
export function eventBusNameFor(stage: string | undefined): string {
  return stage ? `caseline-${stage}-events` : 'caseline-events'
}

export interface IntegrationEventBusProps {
  /** See `eventBusNameFor`. */
  readonly eventBusName: string
}

/**
 * The operator's event bus (docs/integrations.md, EventBridge): the event handler puts every
 * published event on it (`source` caseline, `detail-type` the event type, `detail` the envelope);
 * the operator's rules, archives and targets subscribe to it from their own stacks, by the name and
 * ARN this construct exports (`<stack>-EventBusName`, `<stack>-EventBusArn`).
 *
 * It lives in the stateless stack: the bus holds no data (an archive, which would, is the
 * operator's choice and resource), and its fixed name survives a replacement of the stack.
 */
export class IntegrationEventBus extends Construct {
  readonly eventBus: EventBus

  constructor(scope: Construct, id: string, props: IntegrationEventBusProps) {
    super(scope, id)
    if (!eventBusNamePattern.test(props.eventBusName))
      throw new Error(`Event bus name "${props.eventBusName}" is not valid for EventBridge`)
    this.eventBus = new EventBus(this, 'Bus', {
      eventBusName: props.eventBusName,
      description:
        'Caseline domain events (docs/integrations.md): source "caseline", detail-type = event type',
    })

    const stack = Stack.of(this)
    new CfnOutput(stack, 'EventBusName', {
      value: this.eventBus.eventBusName,
      exportName: `${stack.stackName}-EventBusName`,
      description: 'The event bus Caseline publishes its domain events to (rules: source "caseline")',
    })
    new CfnOutput(stack, 'EventBusArn', {
      value: this.eventBus.eventBusArn,
      exportName: `${stack.stackName}-EventBusArn`,
      description: 'ARN of the event bus Caseline publishes its domain events to',
    })
  }
}
