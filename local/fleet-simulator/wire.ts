/**
 * The subset of the SSM JSON 1.1 protocol the service uses, on top of SimFleet: SendCommand,
 * ListCommandInvocations, GetCommandInvocation, ListCommands (with their Filters, wire-filters.ts)
 * and DescribeInstanceInformation (wire-instances.ts). Timestamps go out as epoch
 * seconds (the awsJson1_1 rule), except GetCommandInvocation's Execution*DateTime, which SSM
 * sends as strings.
 */

import { page } from './paging.ts';
import type { SendCommandInput, SimCommand, SimFleet, SimInvocation } from './sim-fleet.ts';
import { SsmError } from './ssm-error.ts';
import { type CommandFilter, commandFilter, type Filterable } from './wire-filters.ts';
import { type DescribeInput, describeInstanceInformation } from './wire-instances.ts';

const seconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms / 1000);
const isoOrEmpty = (ms: number | undefined): string => (ms === undefined ? '' : new Date(ms).toISOString());

const TERMINAL = new Set(['Success', 'Failed', 'TimedOut', 'Cancelled']);

function commandStatus(command: SimCommand): string {
  const invs = command.invocations;
  if (invs.every((i) => i.status === 'Pending')) return 'Pending';
  if (invs.some((i) => !TERMINAL.has(i.status))) return 'InProgress';
  if (invs.every((i) => i.status === 'Success')) return 'Success';
  if (invs.some((i) => i.status === 'Failed')) return 'Failed';
  return 'TimedOut';
}

function commandShape(command: SimCommand) {
  const status = commandStatus(command);
  const done = command.invocations.filter((i) => TERMINAL.has(i.status));
  return {
    CommandId: command.commandId,
    DocumentName: command.documentName,
    DocumentVersion: '$DEFAULT',
    Comment: command.comment,
    ExpiresAfter: seconds(command.requestedAt + command.timeoutSeconds * 1000),
    Parameters: command.parameters,
    InstanceIds: command.instanceIds,
    Targets: [],
    RequestedDateTime: seconds(command.requestedAt),
    Status: status,
    StatusDetails: status,
    MaxConcurrency: command.maxConcurrency,
    MaxErrors: command.maxErrors,
    TargetCount: command.instanceIds.length,
    CompletedCount: done.length,
    ErrorCount: done.filter((i) => i.status !== 'Success').length,
    DeliveryTimedOutCount: 0,
    TimeoutSeconds: command.timeoutSeconds,
    CloudWatchOutputConfig: {
      CloudWatchOutputEnabled: command.cloudWatchLogGroup !== undefined,
      CloudWatchLogGroupName: command.cloudWatchLogGroup ?? '',
    },
  };
}

function invocationShape(inv: SimInvocation, details: boolean) {
  const finished = inv.endedAt !== undefined;
  return {
    CommandId: inv.commandId,
    InstanceId: inv.instanceId,
    InstanceName: '',
    Comment: inv.comment,
    DocumentName: inv.documentName,
    DocumentVersion: '$DEFAULT',
    RequestedDateTime: seconds(inv.requestedAt),
    Status: inv.status,
    StatusDetails: inv.statusDetails,
    TraceOutput: '',
    StandardOutputUrl: '',
    StandardErrorUrl: '',
    CommandPlugins: details
      ? [
          {
            Name: inv.pluginName,
            Status: inv.status,
            StatusDetails: inv.statusDetails,
            ResponseCode: inv.responseCode,
            ResponseStartDateTime: inv.status === 'Pending' ? undefined : seconds(inv.startedAt),
            ResponseFinishDateTime: finished ? seconds(inv.endedAt) : undefined,
            Output: inv.output.join('\n').slice(0, 2500),
          },
        ]
      : [],
  };
}

type ListInput = {
  CommandId?: string;
  InstanceId?: string;
  MaxResults?: number;
  NextToken?: string;
  Details?: boolean;
  Filters?: CommandFilter[];
};

function commandsMatching(fleet: SimFleet, input: ListInput): SimCommand[] {
  if (input.CommandId !== undefined) {
    const command = fleet.command(input.CommandId);
    if (!command) throw new SsmError('InvalidCommandId', `command ${input.CommandId} does not exist`);
    return [command];
  }
  return fleet.listCommands().sort((a, b) => b.requestedAt - a.requestedAt);
}

const commandFacts = (command: SimCommand): Filterable => {
  const status = commandStatus(command);
  return {
    documentName: command.documentName,
    requestedAt: command.requestedAt,
    status,
    statusDetails: status,
    done: TERMINAL.has(status),
  };
};

const invocationFacts = (inv: SimInvocation): Filterable => ({
  documentName: inv.documentName,
  requestedAt: inv.requestedAt,
  status: inv.status,
  statusDetails: inv.statusDetails,
  done: TERMINAL.has(inv.status),
});

export type Operation = (fleet: SimFleet, input: Record<string, unknown>) => unknown;

export const OPERATIONS: Record<string, Operation> = {
  SendCommand: (fleet, input) => ({ Command: commandShape(fleet.sendCommand(input as SendCommandInput)) }),

  ListCommandInvocations: (fleet, raw) => {
    const input = raw as ListInput;
    const matches = commandFilter('ListCommandInvocations', input.Filters, undefined);
    const invocations = commandsMatching(fleet, input)
      .flatMap((c) => c.invocations)
      .filter((i) => input.InstanceId === undefined || i.instanceId === input.InstanceId)
      .filter((i) => matches(invocationFacts(i)));
    const { items, NextToken } = page(invocations, input.MaxResults, input.NextToken);
    return { CommandInvocations: items.map((i) => invocationShape(i, input.Details === true)), NextToken };
  },

  GetCommandInvocation: (fleet, raw) => {
    const input = raw as { CommandId?: string; InstanceId?: string; PluginName?: string };
    const command = input.CommandId === undefined ? undefined : fleet.command(input.CommandId);
    if (!command)
      throw new SsmError('InvalidCommandId', `command ${input.CommandId ?? '(none)'} does not exist`);
    const inv = command.invocations.find((i) => i.instanceId === input.InstanceId);
    if (!inv) throw new SsmError('InvocationDoesNotExist', 'the invocation does not exist');
    if (input.PluginName !== undefined && input.PluginName !== inv.pluginName) {
      throw new SsmError('InvalidPluginName', `the document has no step ${input.PluginName}`);
    }
    return {
      CommandId: inv.commandId,
      InstanceId: inv.instanceId,
      Comment: inv.comment,
      DocumentName: inv.documentName,
      DocumentVersion: '$DEFAULT',
      PluginName: inv.pluginName,
      ResponseCode: inv.responseCode,
      ExecutionStartDateTime: inv.status === 'Pending' ? '' : isoOrEmpty(inv.startedAt),
      ExecutionElapsedTime:
        inv.startedAt !== undefined && inv.endedAt !== undefined
          ? `PT${((inv.endedAt - inv.startedAt) / 1000).toFixed(3)}S`
          : '',
      ExecutionEndDateTime: isoOrEmpty(inv.endedAt),
      Status: inv.status,
      StatusDetails: inv.statusDetails,
      StandardOutputContent: inv.output.join('\n'),
      StandardOutputUrl: '',
      StandardErrorContent: '',
      StandardErrorUrl: '',
      CloudWatchOutputConfig: {
        CloudWatchOutputEnabled: command.cloudWatchLogGroup !== undefined,
        CloudWatchLogGroupName: command.cloudWatchLogGroup ?? '',
      },
    };
  },

  ListCommands: (fleet, raw) => {
    const input = raw as ListInput;
    const matches = commandFilter('ListCommands', input.Filters, input.InstanceId);
    const commands = commandsMatching(fleet, input)
      .filter((c) => input.InstanceId === undefined || c.instanceIds.includes(input.InstanceId))
      .filter((c) => matches(commandFacts(c)));
    const { items, NextToken } = page(commands, input.MaxResults, input.NextToken);
    return { Commands: items.map(commandShape), NextToken };
  },

  DescribeInstanceInformation: (fleet, raw) => describeInstanceInformation(fleet, raw as DescribeInput),
};
