/** Composition, the CS alert topic: the SNS client and the alerter (see store.ts). */
import { SNSClient } from '@aws-sdk/client-sns';
import { createSnsAlerter } from '../../adapters/sns/sns-alerter.ts';
import type { Alerter } from '../../application/ports.ts';

let sns: SNSClient | undefined;

export const alerterFor = (topicArn: string): Alerter => {
  sns ??= new SNSClient({});
  return createSnsAlerter({ client: sns, topicArn });
};
