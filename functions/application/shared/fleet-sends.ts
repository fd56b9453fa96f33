/**
 * SSM commands as side effects (DESIGN.md rules 2 and 4), for the apply run (changes) and the
 * backup runs (backups): records are claimed with the send's key (the command's Comment) before
 * SendCommand; the command id is recorded, with an audit event, after it. A claim whose holder is
 * gone is resolved by looking the key up on its instance: found, the command is adopted; not
 * found, it was never sent, and the caller sends it now (same key) or gives it up.
 */

import type { Holder } from '../../domain/claims.ts';
import { mayTakeOver } from '../../domain/claims.ts';
import type { SendClaim } from '../../domain/records.ts';
import type { Fleet, FleetCommand, RecordStore, Write } from '../ports.ts';
import { commitUnits } from './change-moves.ts';
import type { BaseDeps } from './deps.ts';

export type Claimable = {
  id: string;
  serverId: string;
  version: number;
  send?: SendClaim | undefined;
  commandId?: string | undefined;
};

export type SendRecords<R extends Claimable> = {
  /** The writes that record the command id on a claimed record, with its audit event. */
  recorded(record: R, commandId: string, how: 'sent' | 'adopted'): Write[];
};

export type SendDeps = BaseDeps & { fleet: Fleet; store: RecordStore };

/**
 * Sends the command of records whose claim (with `command.comment` as key) is committed, then
 * records its id on each. Returns the command id, or the error SSM answered (the records stay
 * claimed: the next pass finds the send never happened and decides again).
 */
export async function sendClaimed<R extends Claimable>(
  deps: SendDeps,
  port: SendRecords<R>,
  command: FleetCommand,
  records: readonly R[],
): Promise<{ commandId: string } | { error: Error }> {
  let commandId: string;
  try {
    ({ commandId } = await deps.fleet.sendCommand({
      ...command,
      instanceIds: [...new Set(records.map((r) => r.serverId))],
    }));
  } catch (error) {
    return { error: error as Error };
  }
  await commitUnits(
    deps.store,
    records.map((r) => port.recorded(r, commandId, 'sent')),
  );
  return { commandId };
}

/** The claimed records `me` may resolve now: no command id, and a holder that is gone (or is me). */
export const unresolvedSends = <R extends Claimable>(
  records: readonly R[],
  me: Holder,
  deps: BaseDeps,
): R[] => records.filter((r) => !r.commandId && (!r.send || mayTakeOver(r.send, me, deps.clock.now())));

/**
 * DESIGN.md rule 4: for each send key among `records`, the command found on its instance is adopted
 * (its id recorded on the records it covers); the records of keys never sent are returned, by key,
 * for the caller to send again or give up.
 */
export async function adoptSends<R extends Claimable>(
  deps: SendDeps,
  port: SendRecords<R>,
  records: readonly R[],
): Promise<{ adopted: number; unsent: Map<string, R[]> }> {
  const byKey = new Map<string, R[]>();
  for (const record of records) {
    const key = record.send?.key ?? '';
    byKey.set(key, [...(byKey.get(key) ?? []), record]);
  }
  const unsent = new Map<string, R[]>();
  let adopted = 0;
  for (const [key, group] of byKey) {
    const first = group[0] as R;
    const found = key
      ? (await deps.fleet.findCommands({ instanceId: first.serverId, comment: key }))[0]
      : undefined;
    if (!found) {
      unsent.set(key, group);
      continue;
    }
    const covered = group.filter((r) => found.instanceIds.includes(r.serverId));
    const missed = group.filter((r) => !found.instanceIds.includes(r.serverId));
    await commitUnits(
      deps.store,
      covered.map((r) => port.recorded(r, found.commandId, 'adopted')),
    );
    adopted += covered.length;
    if (missed.length) unsent.set(`${key}`, missed);
  }
  return { adopted, unsent };
}
