/**
 * The Alerter port over SNS: the CS team's alert channel (C3.5, C6.3, C9.4). One message per
 * alert; the subject names the clause so the team can route it.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Alert, Alerter } from '../../application/ports.ts';

const SUBJECT_LIMIT = 100; // SNS: subjects are at most 100 printable ASCII characters

export function subjectOf(alert: Alert): string {
  const prefix = alert.clause ? `[${alert.clause}] ` : '';
  const text = `${prefix}${alert.reason}`.replace(/[^\x20-\x7e]/g, ' ');
  return text.length <= SUBJECT_LIMIT ? text : `${text.slice(0, SUBJECT_LIMIT - 3)}...`;
}

export function createSnsAlerter(deps: { client: SNSClient; topicArn: string }): Alerter {
  return {
    async raise(alert) {
      await deps.client.send(
        new PublishCommand({
          TopicArn: deps.topicArn,
          Subject: subjectOf(alert),
          Message: JSON.stringify(alert, null, 2),
          MessageAttributes: alert.clause
            ? { clause: { DataType: 'String', StringValue: alert.clause } }
            : undefined,
        }),
      );
    },
  };
}
