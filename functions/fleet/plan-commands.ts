/**
 * Turning "these servers need this document with these parameters" into SSM commands: servers that
 * share the same (document, parameters) go in one command, at most 50 instance ids each (the
 * SendCommand limit). PatchServer's per-server parameters default on the server (images 'all',
 * adImage 'auto', changeId and rollbackPoint derived), so every server of a release shares one
 * parameter set and one command per 50 servers.
 */

import { ValidationError } from '../domain/errors.ts';
import type { FleetCommand } from './commands.ts';

export const MAX_INSTANCES_PER_COMMAND = 50;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new ValidationError('chunk size must be a positive integer');
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export type FleetTarget = {
  instanceId: string;
  document: FleetCommand['document'];
  parameters: Record<string, string[]>;
};

export type CommandSettings = Pick<
  FleetCommand,
  'comment' | 'maxConcurrency' | 'maxErrors' | 'timeoutSeconds'
>;

/** Parameters compared by content, whatever the key order. */
const groupKey = (t: FleetTarget): string =>
  JSON.stringify([t.document, Object.entries(t.parameters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);

/**
 * One FleetCommand per (document, parameters) group and per 50 servers, in first-seen order.
 * A server listed twice in one group is sent once.
 */
export function planCommands(targets: readonly FleetTarget[], settings: CommandSettings): FleetCommand[] {
  const groups = new Map<string, { first: FleetTarget; ids: string[] }>();
  for (const target of targets) {
    const key = groupKey(target);
    const group = groups.get(key) ?? { first: target, ids: [] };
    if (!group.ids.includes(target.instanceId)) group.ids.push(target.instanceId);
    groups.set(key, group);
  }
  return [...groups.values()].flatMap(({ first, ids }) =>
    chunk(ids, MAX_INSTANCES_PER_COMMAND).map((instanceIds) => ({
      document: first.document,
      parameters: first.parameters,
      instanceIds,
      ...settings,
    })),
  );
}
