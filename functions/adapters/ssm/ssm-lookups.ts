/**
 * The Fleet port's two look-ups on SSM: which agents are online (DescribeInstanceInformation), so
 * a run can tell a server it cannot reach now from one that failed, and which commands a server
 * was sent (ListCommands), so a run that crashed after SendCommand can find its command by the
 * comment it carries instead of sending it twice.
 *
 * - DescribeInstanceInformation: the `Filters` form (the legacy InstanceInformationFilterList
 *   cannot be combined with it), at most 50 ids per request, paginated (MaxResults 5–50). A server
 *   SSM does not know is absent from the answer, so it is absent from the map.
 * - ListCommands: filtered by InstanceId, DocumentName and InvokedAfter on SSM's side (SSM keeps 30
 *   days of commands); SSM has no comment filter, so the comment is matched here, page by page.
 */
import {
  type Command,
  type CommandFilter,
  type InstanceInformation,
  paginateDescribeInstanceInformation,
  paginateListCommands,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import type { AgentState, CommandStatus, SentCommand, SentCommandQuery } from '../../application/ports.ts';
import { toIso } from '../../domain/calendar.ts';
import type { FleetDocumentName } from '../../fleet/document-types.ts';

/** Ids per DescribeInstanceInformation request (and the largest page SSM returns). */
export const DESCRIBE_BATCH = 50;

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

const agentOf = (info: InstanceInformation): AgentState => ({
  online: info.PingStatus === 'Online',
  ...(info.LastPingDateTime ? { lastPingAt: info.LastPingDateTime.toISOString() } : {}),
});

export async function describeAgents(
  client: SSMClient,
  instanceIds: readonly string[],
): Promise<Map<string, AgentState>> {
  const agents = new Map<string, AgentState>();
  // One batch after another: SSM's read APIs allow only a few requests per second per account.
  for (const batch of chunks([...new Set(instanceIds)], DESCRIBE_BATCH)) {
    const pages = paginateDescribeInstanceInformation(
      { client, pageSize: DESCRIBE_BATCH },
      { Filters: [{ Key: 'InstanceIds', Values: batch }] },
    );
    for await (const page of pages) {
      for (const info of page.InstanceInformationList ?? []) {
        if (info.InstanceId) agents.set(info.InstanceId, agentOf(info));
      }
    }
  }
  return agents;
}

const matchesComment = (query: SentCommandQuery, comment: string): boolean =>
  (query.comment === undefined || comment === query.comment) &&
  (query.commentPrefix === undefined || comment.startsWith(query.commentPrefix));

const sentCommandOf = (command: Command): SentCommand => ({
  commandId: command.CommandId ?? '',
  comment: command.Comment ?? '',
  instanceIds: command.InstanceIds ?? [],
  document: command.DocumentName ?? '',
  parameters: command.Parameters ?? {},
  requestedAt: command.RequestedDateTime?.toISOString() ?? '',
  status: (command.Status ?? 'Pending') as CommandStatus,
});

export async function findSentCommands(
  client: SSMClient,
  query: SentCommandQuery,
  documentNames: Partial<Record<FleetDocumentName, string>> = {},
): Promise<SentCommand[]> {
  const filters: CommandFilter[] = [];
  if (query.document)
    filters.push({ key: 'DocumentName', value: documentNames[query.document] ?? query.document });
  // SSM's examples give whole seconds: the second is sent, the exact instant is checked here.
  if (query.after) filters.push({ key: 'InvokedAfter', value: toIso(query.after).replace(/\.\d+Z$/, 'Z') });
  const pages = paginateListCommands(
    { client, pageSize: 50 },
    { InstanceId: query.instanceId, ...(filters.length ? { Filters: filters } : {}) },
  );
  const found: SentCommand[] = [];
  for await (const page of pages) {
    for (const command of page.Commands ?? []) {
      const requestedAt = command.RequestedDateTime?.getTime() ?? 0;
      if (query.after && requestedAt < query.after.epochMilliseconds) continue;
      if (matchesComment(query, command.Comment ?? '')) found.push(sentCommandOf(command));
    }
  }
  return found.sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
}
