/**
 * The Fleet port on SSM Run Command (C6.1, C9.3).
 *
 * Response codes: listInvocations asks ListCommandInvocations with `Details: true`, which returns
 * each invocation's plugin with its ResponseCode, 50 invocations per call. GetCommandInvocation
 * would cost one extra call per server (up to 50 per page, against the SSM API's low request rate),
 * for the same code; the details only add each plugin's output (at most 2,500 characters) to the
 * page. So one paginated call is the cheapest way to get the codes, and the BackupImage result
 * lines (C9.3), which the script prints first on standard output. The result handler, which wants
 * one server's invocation, filters by InstanceId: the same one call, one invocation instead of 50.
 */
import {
  type CommandInvocation,
  ListCommandInvocationsCommand,
  SendCommandCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import type {
  AgentState,
  Fleet,
  FleetCommand,
  Invocation,
  InvocationStatus,
  SentCommand,
  SentCommandQuery,
} from '../../application/ports.ts';
import { ValidationError } from '../../domain/errors.ts';
import { ServerId } from '../../domain/records.ts';
import type { FleetDocumentName } from '../../fleet/document-types.ts';
import { MAX_INSTANCES_PER_COMMAND } from '../../fleet/plan-commands.ts';
import { describeAgents, findSentCommands } from './ssm-lookups.ts';

export const MAX_COMMENT_LENGTH = 100;

export type SsmFleetOptions = {
  /** The deployed document names, when the stack does not name them PatchServer / BackupImage. */
  documentNames?: Partial<Record<FleetDocumentName, string>>;
  /** Sends the scripts' output to this CloudWatch Logs group when set. */
  outputLogGroup?: string;
};

export class SsmFleet implements Fleet {
  constructor(
    private readonly client: SSMClient,
    private readonly options: SsmFleetOptions = {},
  ) {}

  async sendCommand(command: FleetCommand): Promise<{ commandId: string }> {
    assertSendable(command);
    const { outputLogGroup } = this.options;
    const out = await this.client.send(
      new SendCommandCommand({
        DocumentName: this.options.documentNames?.[command.document] ?? command.document,
        InstanceIds: command.instanceIds,
        Parameters: command.parameters,
        Comment: command.comment,
        MaxConcurrency: command.maxConcurrency,
        MaxErrors: command.maxErrors,
        TimeoutSeconds: command.timeoutSeconds,
        CloudWatchOutputConfig: outputLogGroup
          ? { CloudWatchOutputEnabled: true, CloudWatchLogGroupName: outputLogGroup }
          : undefined,
      }),
    );
    const commandId = out.Command?.CommandId;
    if (!commandId) throw new Error('SendCommand returned no command id');
    return { commandId };
  }

  async listInvocations(commandId: string, instanceId?: string): Promise<Invocation[]> {
    const invocations: Invocation[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListCommandInvocationsCommand({
          CommandId: commandId,
          InstanceId: instanceId,
          Details: true,
          MaxResults: 50,
          NextToken: nextToken,
        }),
      );
      for (const raw of page.CommandInvocations ?? []) invocations.push(toInvocation(commandId, raw));
      nextToken = page.NextToken;
    } while (nextToken);
    return invocations;
  }

  describeInstances(instanceIds: readonly string[]): Promise<Map<string, AgentState>> {
    return describeAgents(this.client, instanceIds);
  }

  findCommands(query: SentCommandQuery): Promise<SentCommand[]> {
    return findSentCommands(this.client, query, this.options.documentNames);
  }
}

function assertSendable(command: FleetCommand): void {
  const { instanceIds, comment } = command;
  if (instanceIds.length === 0) throw new ValidationError('a command needs at least one instance id');
  if (instanceIds.length > MAX_INSTANCES_PER_COMMAND) {
    throw new ValidationError(
      `a command targets at most ${MAX_INSTANCES_PER_COMMAND} instances; split ${instanceIds.length} with chunk()`,
      [
        {
          path: 'instanceIds',
          message: `has ${instanceIds.length} ids, at most ${MAX_INSTANCES_PER_COMMAND}`,
        },
      ],
    );
  }
  const bad = instanceIds.filter((id) => !ServerId.safeParse(id).success);
  if (bad.length > 0) {
    throw new ValidationError('not managed instance ids', [{ path: 'instanceIds', message: bad.join(', ') }]);
  }
  if (comment.length > MAX_COMMENT_LENGTH) {
    throw new ValidationError('the command comment is too long', [
      { path: 'comment', message: `has ${comment.length} characters, at most ${MAX_COMMENT_LENGTH}` },
    ]);
  }
}

/**
 * SSM reports some outcomes only in StatusDetails: an undeliverable invocation is
 * `Status: Failed, StatusDetails: Undeliverable, ResponseCode: -1`. The port's status names the
 * detailed outcome, so a script failure and a command that never ran are not confused.
 */
const DETAILED: Record<string, InvocationStatus> = {
  Undeliverable: 'Undeliverable',
  DeliveryTimedOut: 'DeliveryTimedOut',
  ExecutionTimedOut: 'TimedOut',
  Terminated: 'Terminated',
  InvalidPlatform: 'InvalidPlatform',
  AccessDenied: 'AccessDenied',
};

/** Also for the status-change event: `toPortStatus(detail.status, detail['status-details'])`. */
export const toPortStatus = (
  status: string | undefined,
  statusDetails: string | undefined,
): InvocationStatus => DETAILED[statusDetails ?? ''] ?? ((status ?? 'Pending') as InvocationStatus);

export function toInvocation(commandId: string, raw: CommandInvocation): Invocation {
  const plugin = raw.CommandPlugins?.[0];
  const code = plugin?.ResponseCode;
  return {
    commandId: raw.CommandId ?? commandId,
    instanceId: raw.InstanceId ?? '',
    status: toPortStatus(raw.Status, raw.StatusDetails),
    // SSM reports -1 until the plugin has finished, and for a command that never ran.
    responseCode: code === undefined || code < 0 ? undefined : code,
    comment: raw.Comment,
    output: plugin?.Output,
  };
}
