/**
 * C6.2 / C9.4: the EventBridge "EC2 Command Invocation Status-change Notification" (source aws.ssm)
 * for one instance. Only the fields the result needs; the exit code is read from the fleet.
 */
import * as z from 'zod/mini';
import { ServerId } from '../../domain/records.ts';

export const INVOCATION_STATUSES = [
  'Pending',
  'InProgress',
  'Delayed',
  'Success',
  'Cancelled',
  'Cancelling',
  'TimedOut',
  'Failed',
  'Undeliverable',
  'DeliveryTimedOut',
  'Terminated',
  'InvalidPlatform',
  'AccessDenied',
] as const;

export const CommandStatusEvent = z.object({
  detail: z.object({
    'command-id': z.string().check(z.minLength(1)),
    'instance-id': ServerId,
    'document-name': z.string().check(z.minLength(1)),
    status: z.enum(INVOCATION_STATUSES),
  }),
});
export type CommandStatusEvent = z.infer<typeof CommandStatusEvent>;
