/**
 * The hourly overnight apply run (C3.1, C5.2, C6.1, C6.5, C11.2) for one time zone:
 * claim → the zone's outbox swept (DESIGN.md rule 7) → sends an earlier delivery claimed but never
 * confirmed are resolved (adopted from the fleet, sent now, or replanned: rule 4) → the due changes
 * of the zone's customers (everything due up to the run's own time, so a late or skipped tick
 * catches up) → skip servers that need attention (C6.3), that run a backup (C6.5) or that already
 * apply a change → one PatchServer command per release and 50 servers, each change moved to
 * `applying` with its send's claim (the command's Comment) BEFORE the send, the command id
 * recorded with its audit event after it. A change whose slot has already ended is not applied
 * late: it is replanned (C3.5). Then the reconciler asks the fleet about results that never came.
 */
import { isAfter, toInstant, toIso } from '../../domain/calendar.ts';
import { claimOf, type Holder } from '../../domain/claims.ts';
import { replanEscalation } from '../../domain/obligations-work.ts';
import { replanFrom } from '../../domain/planning.ts';
import type { Change, Customer, Release } from '../../domain/records.ts';
import { planCommands } from '../../fleet/plan-commands.ts';
import type { FleetCommand, Write } from '../ports.ts';
import { alertIdOf, alertWrite, drainAlerts, publishAlerts, raiseAlert } from '../shared/alerts.ts';
import { auditEventOf, SYSTEM_ACTOR } from '../shared/audit.ts';
import { commitUnits, moveChange, moveWrites, patchWrites } from '../shared/change-moves.ts';
import type { ApplyDeps } from '../shared/deps.ts';
import { adoptSends, type SendRecords, sendClaimed, unresolvedSends } from '../shared/fleet-sends.ts';
import { held } from '../shared/holder.ts';
import { runKeyOf, sendKeyOf } from '../shared/ids.ts';
import { drainNotices } from '../shared/notice-outbox.ts';
import { slotOf } from '../shared/notice-timing.ts';
import { type Duplicate, onceForRun, type RunInput, shardRunKey } from '../shared/run-input.ts';
import { customersInZone } from '../shared/zone-customers.ts';
import { reconcileCommands } from './reconcile-commands.ts';
import { replanUndelivered } from './record-patch-result.ts';

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
  /** Sends of an earlier delivery found on the fleet and adopted (DESIGN.md rule 4). */
  adopted: number;
  reconciled: number;
};

const ACTOR = `${SYSTEM_ACTOR}:apply-run`;

/** How a change records its command (DESIGN.md rule 2): the id, with its audit event (C10.1). */
const PATCH_SENDS: SendRecords<Change> = {
  recorded: (change, commandId, how) =>
    patchWrites(
      change,
      { commandId },
      auditEventOf({
        type: how === 'sent' ? 'change.command-sent' : 'change.command-adopted',
        actor: ACTOR,
        at: toInstant(change.send?.at ?? change.applyAt),
        subjectId: change.id,
        key: commandId,
        customerId: change.customerId,
        clause: 'C6.1',
        data: { commandId, sendKey: change.send?.key, releaseId: change.releaseId },
      }),
    ),
};

export async function runApply(deps: ApplyDeps, input: RunInput): Promise<ApplyRunSummary | Duplicate> {
  const d = held(deps);
  const me = d.holder;
  const runKey = shardRunKey(runKeyOf('apply', input.timeZone, input.scheduledTime), input.shard);
  return onceForRun(d, me, runKey, async () => {
    const customers = await customersInZone(d.store, input.timeZone, input.shard);
    const ids = [...customers.keys()];
    const summary: ApplyRunSummary = {
      duplicate: false,
      runKey,
      commands: [],
      skipped: [],
      replanned: [],
      failedSends: [],
      adopted: 0,
      reconciled: 0,
    };
    // DESIGN.md rule 7: the hourly sweep of whatever the zone's customers have left in flight.
    await drainNotices(d, me, ids);
    await drainAlerts(d, me, ids);
    await resumeSends(d, me, customers, runKey, summary);

    const due = (await d.store.changes.listChangesToApply(input.scheduledTime, ids)).filter((c) =>
      customers.has(c.customerId),
    );
    const sendable = await selectSendable(d, me, due, customers, summary, runKey);

    const byRelease = new Map<string, Change[]>();
    for (const change of sendable)
      byRelease.set(change.releaseId, [...(byRelease.get(change.releaseId) ?? []), change]);
    let n = 0;
    for (const [releaseId, changes] of byRelease) {
      const release = await d.store.releases.getRelease(releaseId);
      if (!release) {
        for (const c of changes)
          summary.skipped.push({ changeId: c.id, reason: `release ${releaseId} not found` });
        continue;
      }
      for (const command of commandsFor(release, changes)) {
        n += 1;
        await claimAndSend(
          d,
          me,
          { ...command, comment: sendKeyOf('patch', runKey, n) },
          changes,
          release,
          runKey,
          summary,
        );
      }
    }
    summary.reconciled = await reconcileCommands(d, customers);
    return summary;
  });
}

/** C6.3, C6.5, C3.5: which due changes may be sent now. */
async function selectSendable(
  deps: ApplyDeps,
  me: Holder,
  due: Change[],
  customers: Map<string, Customer>,
  summary: ApplyRunSummary,
  runKey: string,
): Promise<Change[]> {
  const now = deps.clock.now();
  const ids = [...customers.keys()];
  const backingUp = new Set((await deps.store.backups.listBackupsRunning(ids)).map((b) => b.serverId));
  const busy = new Set((await deps.store.changes.listChangesApplying(ids)).map((c) => c.serverId));
  const servers = await deps.store.directory.getServers(due.map((c) => c.serverId));
  const late: { id: string; alertId: string; writes: Write[] }[] = [];
  const out: Change[] = [];
  for (const change of due) {
    const customer = customers.get(change.customerId) as Customer;
    const slot = slotOf(toInstant(change.applyAt), change.class, customer);
    const server = servers.get(change.serverId);
    if (server?.status !== 'active') {
      summary.skipped.push({ changeId: change.id, reason: 'C6.3 server needs attention' });
    } else if (!isAfter(slot.end, now)) {
      late.push(replanLate(deps, change, customer, runKey)); // C3.5: never outside the notified slot
    } else if (backingUp.has(change.serverId)) {
      summary.skipped.push({ changeId: change.id, reason: 'C6.5 a backup is running on the server' });
    } else if (busy.has(change.serverId)) {
      summary.skipped.push({ changeId: change.id, reason: 'another change is being applied on the server' });
    } else {
      busy.add(change.serverId);
      out.push(change);
    }
  }
  const lost = new Set(
    await commitUnits(
      deps.store,
      late.map((l) => l.writes),
    ),
  );
  const written = late.filter((_, i) => !lost.has(i));
  await publishAlerts(
    deps,
    me,
    written.map((l) => l.alertId),
  );
  summary.replanned.push(...written.map((l) => l.id));
  return reachable(deps, out, summary);
}

/**
 * No patch is sent to a server whose SSM agent is offline (it would wait there, and run late or
 * time out): the change waits for a later tick of its window, and is replanned (C3.5) if its window
 * passes with the agent still away.
 */
async function reachable(deps: ApplyDeps, changes: Change[], summary: ApplyRunSummary): Promise<Change[]> {
  if (changes.length === 0) return changes;
  const agents = await deps.fleet.describeInstances(changes.map((c) => c.serverId));
  return changes.filter((change) => {
    const agent = agents.get(change.serverId);
    if (agent?.online) return true;
    summary.skipped.push({
      changeId: change.id,
      reason: agent
        ? `the SSM agent is offline (last seen ${agent.lastPingAt ?? 'never'})`
        : 'the server is not a managed instance SSM knows',
    });
    return false;
  });
}

/** C3.5: the slot passed before the change could be sent: the next slot, with the CS alert, in one transaction. */
function replanLate(deps: ApplyDeps, change: Change, customer: Customer, runKey: string) {
  const now = deps.clock.now();
  const plan = replanFrom({ changeClass: change.class, from: now, customer, cfg: deps.cfg });
  const move = moveChange(change, {
    to: 'planned',
    at: now,
    actor: ACTOR,
    reason: `slot starting ${change.applyAt} passed before the change could be sent; moved to ${toIso(plan.applyAt)}`,
    clause: 'C3.5',
    key: runKey,
    patch: { applyAt: toIso(plan.applyAt), noticeAt: toIso(plan.noticeAt) },
  });
  const key = `slot-passed:${change.id}:${runKey}`;
  const alert = alertWrite(
    {
      key,
      reason: `change ${change.id} was not applied in its slot (${move.next.history.at(-1)?.reason})${replanEscalation(change)}`,
      clause: 'C3.5',
      subjectId: change.id,
      customerId: change.customerId,
    },
    now,
  );
  return { id: change.id, alertId: alertIdOf(key), writes: [...moveWrites(move), alert] };
}

/** C6.1: one PatchServer command per release and per 50 servers (its Comment is set per send). */
function commandsFor(release: Release, changes: Change[]): FleetCommand[] {
  return planCommands(
    changes.map((c) => ({
      instanceId: c.serverId,
      document: 'PatchServer' as const,
      parameters: { releaseId: [release.id], version: [release.version] },
    })),
    { comment: '', ...PATCH_COMMAND_SETTINGS },
  );
}

/** DESIGN.md rule 2: the changes move to `applying` with the send's claim, then the send, then its id. */
async function claimAndSend(
  deps: ApplyDeps,
  me: Holder,
  command: FleetCommand,
  changes: Change[],
  release: Release,
  runKey: string,
  summary: ApplyRunSummary,
) {
  const now = deps.clock.now();
  const send = { ...claimOf(me, now), key: command.comment };
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
        patch: { send, commandId: undefined },
      }),
    );
  const lost = new Set(await commitUnits(deps.store, moves.map(moveWrites)));
  for (const [i, move] of moves.entries())
    if (lost.has(i))
      summary.skipped.push({ changeId: move.next.id, reason: 'changed meanwhile (lost a race)' });
  const claimed = moves.filter((_, i) => !lost.has(i)).map((m) => m.next);
  await sendAndRecord(deps, me, command, claimed, release.id, summary);
}

async function sendAndRecord(
  deps: ApplyDeps,
  me: Holder,
  command: FleetCommand,
  claimed: Change[],
  releaseId: string,
  summary: ApplyRunSummary,
) {
  if (claimed.length === 0) return;
  const instanceIds = claimed.map((c) => c.serverId);
  const sent = await sendClaimed(deps, PATCH_SENDS, command, claimed);
  if ('commandId' in sent) {
    summary.commands.push({ commandId: sent.commandId, releaseId, instanceIds });
    return;
  }
  // SSM refused the send: the changes stay claimed; the next pass finds it never happened and
  // sends it again inside the slot, or replans it (C3.5). The CS team knows now.
  summary.failedSends.push({ releaseId, instanceIds, reason: sent.error.message });
  await raiseAlert(deps, me, {
    key: `send-failed:${command.comment}`,
    reason: `sending ${releaseId} to ${instanceIds.length} servers failed: ${sent.error.message}; it is tried again on the next run`,
    clause: 'C6.1',
    subjectId: releaseId,
  });
}

/**
 * DESIGN.md rule 4: changes left `applying` without a command id by an invocation that is gone.
 * The command found on the fleet is adopted; a send that never happened is made now while its slot
 * is open (same key, claimed by this invocation), or the change is replanned (C3.5).
 */
async function resumeSends(
  deps: ApplyDeps & { holder: Holder },
  me: Holder,
  customers: Map<string, Customer>,
  runKey: string,
  summary: ApplyRunSummary,
) {
  const applying = await deps.store.changes.listChangesApplying([...customers.keys()]);
  const open = unresolvedSends(
    applying.filter((c) => customers.has(c.customerId)),
    me,
    deps,
  );
  if (open.length === 0) return;
  const { adopted, unsent } = await adoptSends(deps, PATCH_SENDS, open);
  summary.adopted += adopted;
  const now = deps.clock.now();
  let n = 0;
  for (const [key, group] of unsent) {
    const inSlot = group.filter((c) => {
      const customer = customers.get(c.customerId) as Customer;
      return isAfter(slotOf(toInstant(c.applyAt), c.class, customer).end, now);
    });
    for (const change of group.filter((c) => !inSlot.includes(c))) {
      await replanUndelivered(deps, me, change, customers.get(change.customerId) as Customer, {
        at: now,
        actor: `${SYSTEM_ACTOR}:reconciler`,
        key: `unsent:${change.send?.key ?? change.history.at(-1)?.at}`,
        data: {},
        reason: 'the command was never sent',
      });
      summary.replanned.push(change.id);
    }
    for (const [releaseId, changes] of groupBy(inSlot, (c) => c.releaseId)) {
      const release = await deps.store.releases.getRelease(releaseId);
      if (!release) continue;
      n += 1;
      const sendKey = key || sendKeyOf('patch', `${runKey}#resume`, n);
      const send = { ...claimOf(me, now), key: sendKey };
      const reclaimed = changes.map((c) => ({ ...c, send, version: c.version + 1 }));
      const lost = new Set(
        await commitUnits(
          deps.store,
          changes.map((c) => [
            { update: 'change' as const, record: { ...c, send }, expectedVersion: c.version },
          ]),
        ),
      );
      const mine = reclaimed.filter((_, i) => !lost.has(i));
      for (const command of commandsFor(release, mine))
        await sendAndRecord(deps, me, { ...command, comment: sendKey }, mine, releaseId, summary);
    }
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}
