import { Duration } from 'aws-cdk-lib'
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch'
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'

export interface AlarmedDeadLetterQueueProps {
  /** What waits in the queue and what it means for the operator, shown on the alarm. */
  readonly alarmDescription: string
}

/**
 * A dead-letter queue that is never silent: encrypted, TLS only, kept as long as SQS allows (so an
 * operator has time to look and redrive), with an alarm as soon as one message waits in it.
 */
export class AlarmedDeadLetterQueue extends Construct {
  readonly queue: Queue
  /** In ALARM while a message waits; subscribe the operator's topic to it. */
  readonly alarm: Alarm

  constructor(scope: Construct, id: string, props: AlarmedDeadLetterQueueProps) {
    super(scope, id)
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    })
    this.alarm = new Alarm(this, 'Alarm', {
      alarmDescription: props.alarmDescription,
      metric: this.queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      // SQS stops sending metrics for an idle queue: no data means nothing is waiting.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    })
  }
}
