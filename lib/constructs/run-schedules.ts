/**
 * EventBridge Scheduler schedules from THE schedule table (lib/schedules.ts): one per run and
 * configured time zone, in local time (C11.1), exactly on time (no flexible window), with retries
 * and a dead-letter queue.
 */
import { Duration, TimeZone } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ScheduledFunctionName, ScheduleEntry } from '../schedules.ts';

export type RunSchedulesProps = {
  entries: readonly ScheduleEntry[];
  functions: Readonly<Record<ScheduledFunctionName, lambda.IFunction>>;
  deadLetterQueue: sqs.IQueue;
};

export class RunSchedules extends Construct {
  readonly schedules: scheduler.Schedule[];

  constructor(scope: Construct, id: string, props: RunSchedulesProps) {
    super(scope, id);
    const group = new scheduler.ScheduleGroup(this, 'Group', {});
    this.schedules = props.entries.map(
      (entry) =>
        new scheduler.Schedule(this, entry.id, {
          description: entry.description,
          scheduleGroup: group,
          schedule: scheduler.ScheduleExpression.expression(entry.expression, TimeZone.of(entry.timeZone)),
          timeWindow: scheduler.TimeWindow.off(),
          target: new targets.LambdaInvoke(props.functions[entry.functionName], {
            input: scheduler.ScheduleTargetInput.fromObject(entry.input),
            deadLetterQueue: props.deadLetterQueue,
            retryAttempts: 3,
            // C11.2: a late delivery is still useful (the run catches up), an hour late is the next tick.
            maxEventAge: Duration.hours(1),
          }),
        }),
    );
  }
}
