/**
 * The hourly overnight apply run (C3.1, C5.2, C6.1, C6.5, C11.2) for one time zone:
 * claim → the due changes of the zone's customers (everything due up to the run's own time, so a
 * late or skipped tick catches up) → skip servers that need attention (C6.3), that run a backup
 * (C6.5) or that already apply a change → one PatchServer command per release and 50 servers,
 * each change moved to `applying` (a conditional intent) BEFORE the send, the command id written
 * after it. A change whose slot has already ended is not applied late: it is replanned (C3.5).
 * Then the reconciler asks the fleet about commands whose result never arrived.
 */
import { isAfter, toInstant, toIso } from '../../domain/calendar.ts';
import { ConflictError } from '../../domain/errors.ts';
import { replanFrom } from '../../domain/planning.ts';
import type { Change, Customer, Release } from '../../domain/records.ts';
import { planCommands } from '../../fleet/plan-commands.ts';
import type { FleetCommand } from '../ports.ts';
import { SYSTEM_ACTOR } from '../shared/audit.ts';
import { type MoveResult, moveChange, patchChange, writeMoves } from '../shared/change-moves.ts';
import type { ApplyDeps } from '../shared/deps.ts';
import { runKeyOf } from '../shared/ids.ts';
import { slotOf } from '../shared/notice-timing.ts';
import { type Duplicate, onceForRun, type RunInput, shardRunKey } from '../shared/run-input.ts';
import { customersInZone } from '../shared/zone-customers.ts';
import { reconcileCommands } from './reconcile-commands.ts';

/**
 * Every server belongs to a customer whose window was promised: one failure must not cancel the
 * others (MaxErrors below 100% would stop the remaining invocations). Each failure reverts itself
 * (C6.2) and is handled per server. `timeoutSeconds` is SendCommand's delivery timeout (the
 * script's own limit is in the document): a server that has not started within the hour is
 * DeliveryTimedOut, so nothing runs after its window has gone by much.
 */
export const PATCH_COMMAND_SETTINGS = {
  maxConcurrency: '50',
  maxErrors: '100%',
  timeoutSeconds: 3600,
} as const;

export type ApplyRunSummary = {
  duplicate: false;
  runKey: string;
  commands: { commandId: string; releaseId: string; instanceIds: string[] }[];
  skipped: { changeId: string; reason: string }[];
  replanned: string[];
  failedSends: { releaseId: string; instanceIds: string[]; reason: string }[];
  reconciled: number;
};

const ACTOR = `${SYSTEM_ACTOR}:apply-run`;

export async function runApply(deps: ApplyDeps, input: RunInput): Promise<ApplyRunSummary | Duplicate> {
  const { store, clock } = deps;
  const runKey = shardRunKey(runKeyOf('apply', input.timeZone, input.scheduledTime), input.shard);
  return onceForRun(store, clock, runKey, async () => {
    const customers = await customersInZone(store, input.timeZone, input.shard);
    const summary: ApplyRunSummary = {
      duplicate: false,
      runKey,
      commands: [],
      skipped: [],
      replanned: [],
      failedSends: [],
      reconciled: 0,
    };
    const due = (await store.changes.listChangesToApply(input.scheduledTime, [...customers.keys()])).filter(
      (c) => customers.has(c.customerId),
    );
    const sendable = await selectSendable(deps, due, customers, summary, runKey);

    const byRelease = new Map<string, Change[]>();
    for (const change of sendable)
      byRelease.set(change.releaseId, [...(byRelease.get(change.releaseId) ?? []), change]);
    for (const [releaseId, changes] of byRelease) {
      const release = await store.releases.getRelease(releaseId);
      if (!release) {
        for (const c of changes)
          summary.skipped.push({ changeId: c.id, reason: `release ${releaseId} not found` });
        continue;
      }
      for (const command of commandsFor(release, changes, runKey)) {
        await sendOne(deps, command, changes, release, runKey, summary);
      }
    }
    summary.reconciled = await reconcileCommands(deps, customers);
    return summary;
  });
}

/** C6.3, C6.5, C3.5: which due changes may be sent now. */
async function selectSendable(
  deps: ApplyDeps,
  due: Change[],
  customers: Map<string, Customer>,
  summary: ApplyRunSummary,
  runKey: string,
): Promise<Change[]> {
  const now = deps.clock.now();
  const backingUp = new Set(
    (await deps.store.backups.listBackupsRunning([...customers.keys()])).map((b) => b.serverId),
  );
  const busy = new Set(
    (await deps.store.changes.listChangesApplying([...customers.keys()])).map((c) => c.serverId),
  );
  const servers = await deps.store.directory.getServers(due.map((c) => c.serverId));
  const late: MoveResult[] = [];
  const out: Change[] = [];
  for (const change of due) {
    const customer = customers.get(change.customerId) as Customer;
    const slot = slotOf(toInstant(change.applyAt), change.class, customer);
    const server = servers.get(change.serverId);
    if (server?.status !== 'active') {
      summary.skipped.push({ changeId: change.id, reason: 'C6.3 server needs attention' });
    } else if (!isAfter(slot.end, now)) {
      late.push(replanMove(deps, change, customer, runKey)); // C3.5: never outside the notified slot
    } else if (backingUp.has(change.serverId)) {
      summary.skipped.push({ changeId: change.id, reason: 'C6.5 a backup is running on the server' });
    } else if (busy.has(change.serverId)) {
      summary.skipped.push({ changeId: change.id, reason: 'another change is being applied on the server' });
    } else {
      busy.add(change.serverId);
      out.push(change);
    }
  }
  await writeMoves(deps.store.changes, late);
  for (const move of late) {
    summary.replanned.push(move.next.id);
    await deps.alerter.raise({
      reason: `change ${move.next.id} was not applied in its slot (${move.update.next.history.at(-1)?.reason})`,
      clause: 'C3.5',
      subjectId: move.next.id,
      customerId: move.next.customerId,
    });
  }
  return out;
}

function replanMove(deps: ApplyDeps, change: Change, customer: Customer, runKey: string): MoveResult {
  const now = deps.clock.now();
  const plan = replanFrom({ changeClass: change.class, from: now, customer, cfg: deps.cfg });
  return moveChange(change, {
    to: 'planned',
    at: now,
    actor: ACTOR,
    reason: `slot starting ${change.applyAt} passed before the change could be sent; moved to ${toIso(plan.applyAt)}`,
    clause: 'C3.5',
    key: runKey,
    patch: { applyAt: toIso(plan.applyAt), noticeAt: toIso(plan.noticeAt) },
  });
}

/** C6.1: one PatchServer command per release and per 50 servers; the run key in the Comment. */
function commandsFor(release: Release, changes: Change[], runKey: string): FleetCommand[] {
  return planCommands(
    changes.map((c) => ({
      instanceId: c.serverId,
      document: 'PatchServer' as const,
      parameters: { releaseId: [release.id], version: [release.version] },
    })),
    { comment: runKey.slice(0, 100), ...PATCH_COMMAND_SETTINGS },
  );
}

/** Intent (conditional → applying) before the send; the command id after it. */
async function sendOne(
  deps: ApplyDeps,
  command: FleetCommand,
  changes: Change[],
  release: Release,
  runKey: string,
  summary: ApplyRunSummary,
): Promise<void> {
  const now = deps.clock.now();
  const moves = changes
    .filter((c) => command.instanceIds.includes(c.serverId))
    .map((change) =>
      moveChange(change, {
        to: 'applying',
        at: now,
        actor: ACTOR,
        reason: `sending release ${release.id} (run ${runKey})`,
        clause: change.class === 'urgent' ? 'C5.2' : 'C3.1',
        key: runKey,
      }),
    );
  const claimed = await claimAll(deps, moves, summary);
  if (claimed.length === 0) return;
  const instanceIds = claimed.map((c) => c.serverId);
  try {
    const { commandId } = await deps.fleet.sendCommand({ ...command, instanceIds });
    await deps.store.changes.updateChanges(
      claimed.map((c) => patchChange(c, { commandId })),
      [],
    );
    summary.commands.push({ commandId, releaseId: release.id, instanceIds });
  } catch (error) {
    summary.failedSends.push({ releaseId: release.id, instanceIds, reason: (error as Error).message });
    await deps.alerter.raise({
      reason: `sending ${release.id} to ${instanceIds.length} servers failed: ${(error as Error).message}; the reconciler will replan them`,
      clause: 'C6.1',
      subjectId: release.id,
    });
  }
}

/**
 * The intents of one command, written together; when one of them lost a race (the change moved
 * meanwhile), each is claimed alone so that only the lost ones are skipped (the others' writes
 * are replays: already written, a success).
 */
async function claimAll(deps: ApplyDeps, moves: MoveResult[], summary: ApplyRunSummary): Promise<Change[]> {
  try {
    await writeMoves(deps.store.changes, moves);
    return moves.map((m) => m.next);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
  const claimed: Change[] = [];
  for (const move of moves) {
    try {
      await writeMoves(deps.store.changes, [move]);
      claimed.push(move.next);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      summary.skipped.push({ changeId: move.next.id, reason: 'changed meanwhile (lost a race)' });
    }
  }
  return claimed;
}
