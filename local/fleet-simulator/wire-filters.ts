/**
 * The `Filters` of ListCommands and ListCommandInvocations, as the SSM API documents them:
 * at most 5 `{ key, value }` pairs, all of which must hold.
 * - DocumentName: the document's name as sent.
 * - InvokedAfter / InvokedBefore: an ISO 8601 instant; "after" includes it, "before" includes it.
 * - Status: ListCommands takes the command statuses (Pending, InProgress, Success, Cancelled,
 *   Failed, TimedOut (delivery and execution), AccessDenied, DeliveryTimedOut, ExecutionTimedOut,
 *   Incomplete, NoInstancesInTag, LimitExceeded); ListCommandInvocations the invocation ones
 *   (Pending, InProgress, Success, Cancelled, Failed, AccessDenied, DeliveryTimedOut,
 *   ExecutionTimedOut, Undeliverable, InvalidPlatform, Terminated).
 * - ExecutionStage (ListCommands only): Executing or Complete.
 */
import { SsmError } from './ssm-error.ts';

export type CommandFilter = { key?: string; value?: string };

/** What a filter is checked against: one command or one invocation. */
export type Filterable = {
  documentName: string;
  requestedAt: number;
  status: string;
  statusDetails: string;
  done: boolean;
};

type Operation = 'ListCommands' | 'ListCommandInvocations';

const COMMAND_STATUSES = [
  'Pending',
  'InProgress',
  'Success',
  'Cancelled',
  'Failed',
  'TimedOut',
  'AccessDenied',
  'DeliveryTimedOut',
  'ExecutionTimedOut',
  'Incomplete',
  'NoInstancesInTag',
  'LimitExceeded',
];
const INVOCATION_STATUSES = [
  'Pending',
  'InProgress',
  'Success',
  'Cancelled',
  'Failed',
  'AccessDenied',
  'DeliveryTimedOut',
  'ExecutionTimedOut',
  'Undeliverable',
  'InvalidPlatform',
  'Terminated',
];

function instantOf(key: string, value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new SsmError(
      'ValidationException',
      `the ${key} filter needs an ISO 8601 instant such as 2026-11-25T00:00:00Z`,
    );
  }
  return ms;
}

const statusMatches = (wanted: string, item: Filterable): boolean =>
  wanted === item.status ||
  wanted === item.statusDetails ||
  (wanted === 'TimedOut' && ['DeliveryTimedOut', 'ExecutionTimedOut'].includes(item.statusDetails));

/** The predicate of `filters` for `operation`; throws SSM's error for a filter SSM refuses. */
export function commandFilter(
  operation: Operation,
  filters: CommandFilter[] | undefined,
  instanceId: string | undefined,
): (item: Filterable) => boolean {
  const list = filters ?? [];
  if (list.length > 5) {
    throw new SsmError('ValidationException', "Value at 'filters' failed to satisfy constraint: length <= 5");
  }
  const checks = list.map(({ key = '', value = '' }): ((item: Filterable) => boolean) => {
    if (value === '') throw new SsmError('ValidationException', `the ${key} filter needs a value`);
    switch (key) {
      case 'DocumentName':
        return (item) => item.documentName === value;
      case 'InvokedAfter': {
        const after = instantOf(key, value);
        return (item) => item.requestedAt >= after;
      }
      case 'InvokedBefore': {
        const before = instantOf(key, value);
        return (item) => item.requestedAt <= before;
      }
      case 'Status': {
        const allowed = operation === 'ListCommands' ? COMMAND_STATUSES : INVOCATION_STATUSES;
        if (!allowed.includes(value)) {
          throw new SsmError(
            'ValidationException',
            `${operation} filters Status by one of ${allowed.join(', ')}`,
          );
        }
        if (operation === 'ListCommands' && value === 'Pending' && instanceId !== undefined) {
          // SSM: a pending command has not reached the managed node yet.
          throw new SsmError(
            'ValidationException',
            'InstanceId cannot be combined with the Status filter Pending',
          );
        }
        return (item) => statusMatches(value, item);
      }
      case 'ExecutionStage':
        if (operation !== 'ListCommands') {
          throw new SsmError('InvalidFilterKey', 'the ExecutionStage filter is for ListCommands only');
        }
        if (value !== 'Executing' && value !== 'Complete') {
          throw new SsmError('ValidationException', 'ExecutionStage is Executing or Complete');
        }
        return (item) => item.done === (value === 'Complete');
      default:
        throw new SsmError(
          'InvalidFilterKey',
          `${key || '(none)'} is not a filter key: DocumentName, ExecutionStage, InvokedAfter, InvokedBefore, Status`,
        );
    }
  });
  return (item) => checks.every((check) => check(item));
}
