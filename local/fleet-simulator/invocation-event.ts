/**
 * The EventBridge event SSM emits on each invocation status change (source aws.ssm, detail-type
 * "EC2 Command Invocation Status-change Notification"). The documented example's detail carries
 * command-id, document-name, instance-id, requested-date-time and status; the simulator adds
 * status-details (e.g. Undeliverable, ExecutionTimedOut), which consumers may use when present but
 * must not require. The response code is not in the event: read it with listInvocations.
 */
import { randomUUID } from 'node:crypto';

export const INVOCATION_DETAIL_TYPE = 'EC2 Command Invocation Status-change Notification';

export type InvocationStatusChangeEvent = {
  version: '0';
  id: string;
  'detail-type': typeof INVOCATION_DETAIL_TYPE;
  source: 'aws.ssm';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: {
    'command-id': string;
    'document-name': string;
    'instance-id': string;
    'requested-date-time': string;
    status: string;
    'status-details': string;
  };
};

export function invocationEvent(input: {
  account: string;
  region: string;
  at: number;
  commandId: string;
  documentName: string;
  instanceId: string;
  requestedAt: number;
  status: string;
  statusDetails: string;
}): InvocationStatusChangeEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': INVOCATION_DETAIL_TYPE,
    source: 'aws.ssm',
    account: input.account,
    // EventBridge's `time` has whole seconds.
    time: new Date(input.at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: input.region,
    resources: [`arn:aws:ssm:${input.region}:${input.account}:managed-instance/${input.instanceId}`],
    detail: {
      'command-id': input.commandId,
      'document-name': input.documentName,
      'instance-id': input.instanceId,
      'requested-date-time': new Date(input.requestedAt).toISOString(),
      status: input.status,
      'status-details': input.statusDetails,
    },
  };
}
