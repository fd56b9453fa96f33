/**
 * C11.2 / C6.2: status events are best effort. Commands whose result has not arrived after
 * RECONCILE_AFTER_MINUTES are asked about (one ListCommandInvocations per command) and their
 * finished invocations go through the same handleCommandResult as the events. (Sends never
 * confirmed are the apply and backup runs' own business: DESIGN.md rule 4, fleet-sends.ts.)
 */
import { type Instant, toInstant } from '../../domain/calendar.ts';
import type { BackupRun, Change, Customer } from '../../domain/records.ts';
import { TERMINAL_STATUSES } from '../../fleet/exit-codes.ts';
import type { Fleet, Invocation } from '../ports.ts';
import type { ApplyDeps, BackupDeps } from '../shared/deps.ts';
import { handleCommandResult } from './handle-command-result.ts';
import { recordBackupResult } from './record-backup-result.ts';

export const RECONCILE_AFTER_MINUTES = 15;

const olderThan = (at: string | undefined, now: Instant): boolean =>
  at !== undefined &&
  toInstant(at).add({ minutes: RECONCILE_AFTER_MINUTES }).epochMilliseconds <= now.epochMilliseconds;

/** When the change's send was claimed (or, for older records, its latest move to `applying`). */
const sentAt = (change: Change): string | undefined =>
  change.send?.at ?? change.history.findLast((t) => t.to === 'applying')?.at;

export async function reconcileCommands(deps: ApplyDeps, customers: Map<string, Customer>): Promise<number> {
  const now = deps.clock.now();
  const stale = (await deps.store.changes.listChangesApplying([...customers.keys()])).filter(
    (c) => customers.has(c.customerId) && olderThan(sentAt(c), now),
  );
  let reconciled = 0;
  const byCommand = groupBy(
    stale.filter((c) => c.commandId),
    (c) => c.commandId as string,
  );
  for (const [commandId, changes] of byCommand) {
    const servers = new Set(changes.map((c) => c.serverId));
    for (const inv of await finished(deps, commandId, servers)) {
      await handleCommandResult(deps, { ...inv, document: 'PatchServer', authoritative: true });
      reconciled += 1;
    }
  }
  return reconciled;
}

/** The same for backups still `running` after the delay. */
export async function reconcileBackups(deps: BackupDeps, customers: Map<string, Customer>): Promise<number> {
  const now = deps.clock.now();
  const stale = (await deps.store.backups.listBackupsRunning([...customers.keys()])).filter(
    (b) => customers.has(b.customerId) && b.commandId && olderThan(startedAt(b), now),
  );
  let reconciled = 0;
  for (const [commandId, runs] of groupBy(stale, (b) => b.commandId as string)) {
    for (const inv of await finished(deps, commandId, new Set(runs.map((b) => b.serverId)))) {
      if (await recordBackupResult(deps, inv, now)) reconciled += 1;
    }
  }
  return reconciled;
}

/** A backup run records no start time of its own: its slot is the earliest it can have started. */
const startedAt = (backup: BackupRun): string => backup.send?.at ?? backup.scheduledFor;

/** The finished invocations of a command on the given servers. */
async function finished(
  deps: { fleet: Fleet },
  commandId: string,
  instances: Set<string>,
): Promise<Invocation[]> {
  const all = await deps.fleet.listInvocations(commandId);
  return all.filter((inv) => instances.has(inv.instanceId) && TERMINAL_STATUSES.includes(inv.status));
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}
