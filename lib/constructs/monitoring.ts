/**
 * Alarms to the CS alert topic and one dashboard: dead letters (the shared dead-letter queue and
 * each shard queue's own), function errors, and the contract events the handlers emit as EMF
 * metrics (lib/metrics.ts): failed applications (C6.2, C8), failed rollbacks (C6.3), notices at
 * risk of missing their deadline (C3.5), failed backups (C9.4).
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC_NAMESPACE, METRICS, type MetricName } from '../metrics.ts';

export type MonitoringProps = {
  alertTopic: sns.ITopic;
  deadLetterQueue: sqs.IQueue;
  functions: Readonly<Record<string, lambda.IFunction>>;
  /** The dead-letter queue of each fanned-out function's shard queue, by function name. */
  shardDeadLetterQueues: Readonly<Record<string, sqs.IQueue>>;
};

const CONTRACT_ALARMS: [string, MetricName, string][] = [
  ['ApplicationFailed', METRICS.applicationFailed, 'C6.2 C8.1: an application failed and was rolled back'],
  ['RollbackFailed', METRICS.rollbackFailed, 'C6.3: a rollback failed; the server needs attention'],
  [
    'NoticeDeadlineAtRisk',
    METRICS.noticeDeadlineAtRisk,
    'C3.5: a notice missed its deadline; its change moved',
  ],
  ['BackupFailed', METRICS.backupFailed, 'C9.4: a backup failed and will be retried'],
];

const pascal = (name: string): string =>
  name
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

export class Monitoring extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const notify = new actions.SnsAction(props.alertTopic);
    const alarm = (alarmId: string, metric: cloudwatch.IMetric, description: string): cloudwatch.Alarm => {
      const a = new cloudwatch.Alarm(this, alarmId, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(notify);
      this.alarms.push(a);
      return a;
    };

    const dlqDepth = props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(5),
      statistic: 'Maximum',
    });
    alarm('DeadLetters', dlqDepth, 'A scheduled run, event or message could not be delivered (C11.2)');

    const shardDlqDepths = Object.entries(props.shardDeadLetterQueues).map(([name, queue]) => {
      const depth = queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      });
      alarm(
        `${pascal(name)}ShardDeadLetters`,
        depth,
        `C11.2: a ${name} shard failed every retry; the customers of that shard were not served by ` +
          'that run (the next run catches up)',
      );
      return depth.with({ label: `${name} shards` });
    });

    const errorWidgets: cloudwatch.IMetric[] = [];
    for (const [name, fn] of Object.entries(props.functions)) {
      const errors = fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum', label: name });
      errorWidgets.push(errors);
      alarm(`${pascal(name)}Errors`, errors, `The ${name} function failed`);
    }

    const contractMetrics = CONTRACT_ALARMS.map(([alarmId, metricName, description]) => {
      const metric = new cloudwatch.Metric({
        namespace: METRIC_NAMESPACE,
        metricName,
        period: Duration.minutes(5),
        statistic: 'Sum',
      });
      alarm(alarmId, metric, description);
      return metric;
    });

    new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(7),
      widgets: [
        [
          new cloudwatch.GraphWidget({ title: 'Contract events', left: contractMetrics, width: 12 }),
          new cloudwatch.GraphWidget({ title: 'Function errors', left: errorWidgets, width: 12 }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Dead letters',
            left: [dlqDepth, ...shardDlqDepths],
            width: 12,
          }),
          new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 12 }),
        ],
      ],
    });
  }
}
