/**
 * The backup runs (C9.1–C9.4, C6.5) for one time zone: claim → one BackupRun record per image and
 * calendar slot now due (weekly full of every image, daily incremental of the AD image, moved out
 * of maintenance windows and planned patch work) → every due backup (new, held, or failed and to
 * retry) is sent, unless its server is applying a change (held: C6.5) or needs attention (C6.3):
 * one BackupImage command per ≤50 servers sharing kind, images scope and slot, each BackupRun
 * keeping its own record and outcome (record-backup-result.ts). Failures alert the CS team and are
 * retried at the next run (C9.4).
 */
import { type Instant, isAfter, toInstant, toIso } from '../../domain/calendar.ts';
import { PENDING_STATES } from '../../domain/change-state.ts';
import { backupSlots, type Interval, patchInterval } from '../../domain/planning.ts';
import type { AuditEvent, BackupKind, BackupRun, Change, Customer, Server } from '../../domain/records.ts';
import { type FleetTarget, planCommands } from '../../fleet/plan-commands.ts';
import type { FleetCommand } from '../ports.ts';
import { auditEventOf, SYSTEM_ACTOR } from '../shared/audit.ts';
import { mapConcurrently, READ_CONCURRENCY } from '../shared/concurrency.ts';
import type { BackupDeps } from '../shared/deps.ts';
import { backupIdOf, runKeyOf } from '../shared/ids.ts';
import { type Duplicate, onceForRun, type RunInput, shardRunKey } from '../shared/run-input.ts';
import { customersInZone } from '../shared/zone-customers.ts';
import { reconcileBackups } from './reconcile-commands.ts';

/** How far back a run looks for a slot it should have created (a missed run, C11.2). */
const LOOKBACK_DAYS: Record<BackupKind, number> = { full: 7, incremental: 1 };

export type BackupRunSummary = {
  duplicate: false;
  runKey: string;
  created: number;
  sent: { backupId: string; commandId: string }[];
  held: { backupId: string; reason: string }[];
  failedSends: string[];
  reconciled: number;
};

const ACTOR = `${SYSTEM_ACTOR}:backup-run`;

export async function runBackups(
  deps: BackupDeps,
  input: RunInput & { kind: BackupKind },
): Promise<BackupRunSummary | Duplicate> {
  const { store, clock } = deps;
  const runKey = shardRunKey(
    runKeyOf(`backup-${input.kind}`, input.timeZone, input.scheduledTime),
    input.shard,
  );
  return onceForRun(store, clock, runKey, async () => {
    const customers = await customersInZone(store, input.timeZone, input.shard);
    const summary: BackupRunSummary = {
      duplicate: false,
      runKey,
      created: 0,
      sent: [],
      held: [],
      failedSends: [],
      reconciled: 0,
    };
    summary.reconciled = await reconcileBackups(deps, customers);

    const servers = new Map<string, Server>();
    const toCreate: { run: BackupRun; audit: AuditEvent }[] = [];
    // Each customer's servers and changes, a few customers at a time, kept in customer order.
    const read = await mapConcurrently([...customers.values()], READ_CONCURRENCY, async (customer) => {
      const own = await store.directory.listServersByCustomer(customer.id);
      const active = own.filter((s) => s.status === 'active');
      // C6.5: the customer's changes, read once for all its servers.
      const changes = active.length ? await store.changes.listChangesByCustomer(customer.id) : [];
      return { customer, own, active, changes };
    });
    for (const { customer, own, active, changes } of read) {
      for (const server of own) servers.set(server.id, server);
      for (const server of active) {
        const mine = changes.filter((c) => c.serverId === server.id);
        toCreate.push(...dueBackups(deps, server, customer, mine, input, runKey));
      }
    }
    summary.created = await store.backups.createBackups(toCreate);
    const applying = new Set(
      (await store.changes.listChangesApplying([...customers.keys()])).map((c) => c.serverId),
    );
    const due = (await store.backups.listBackupsDue(input.scheduledTime, [...customers.keys()])).filter((b) =>
      customers.has(b.customerId),
    );
    const now = deps.clock.now();
    const ready: { backup: BackupRun; server: Server }[] = [];
    for (const backup of due) {
      const server = servers.get(backup.serverId);
      if (server?.status !== 'active')
        summary.held.push({ backupId: backup.id, reason: 'C6.3 server needs attention' });
      else if (applying.has(backup.serverId))
        summary.held.push({ backupId: backup.id, reason: 'C6.5 a change is being applied' });
      else if (!isAfter(toInstant(backup.scheduledFor), now)) ready.push({ backup, server });
    }
    await sendBackups(deps, ready, runKey, summary);
    return summary;
  });
}

/** C9.1 / C9.2 / C9.4: the latest slot of this kind per image, due by the run's own time. */
function dueBackups(
  deps: BackupDeps,
  server: Server,
  customer: Customer,
  changes: readonly Change[],
  input: RunInput & { kind: BackupKind },
  runKey: string,
) {
  const busy: Interval[] = changes
    .filter((c) => PENDING_STATES.includes(c.state) || c.state === 'applying')
    .map((c) => patchInterval({ applyAt: toInstant(c.applyAt) }, customer)); // C6.5
  const slots = backupSlots({
    from: input.scheduledTime.subtract({ hours: 24 * LOOKBACK_DAYS[input.kind] }),
    to: input.scheduledTime.add({ milliseconds: 1 }),
    server,
    customer,
    cfg: deps.cfg,
    busy,
  }).filter((s) => s.kind === input.kind);
  const latest = new Map(slots.map((s) => [s.image, s])); // sorted by time: the last one wins
  return [...latest.values()].map((slot) => {
    const run: BackupRun = {
      id: backupIdOf(server.id, slot.image, slot.kind, slot.nominalAt),
      serverId: server.id,
      customerId: server.customerId,
      image: slot.image,
      kind: slot.kind,
      scheduledFor: toIso(slot.at),
      state: 'planned',
      copies: [],
      attempt: 1,
      version: 0,
    };
    const audit = auditEventOf({
      type: 'backup.planned',
      actor: ACTOR,
      at: deps.clock.now(),
      subjectId: run.id,
      key: 'created',
      customerId: run.customerId,
      clause: slot.kind === 'full' ? 'C9.1' : 'C9.2',
      data: {
        image: run.image,
        kind: run.kind,
        scheduledFor: run.scheduledFor,
        nominalAt: toIso(slot.nominalAt),
        runKey,
      },
    });
    return { run, audit };
  });
}

/** The backups of one server that one command backs up: same kind and calendar slot. */
type Unit = { server: Server; kind: BackupKind; slot: string; backups: BackupRun[] };

/**
 * C9.1–C9.3: one BackupImage command per ≤50 servers sharing the same parameters (kind, images
 * scope, slot), like the apply run (plan-commands.ts); the server resolves `all` / `ad` itself.
 */
async function sendBackups(
  deps: BackupDeps,
  ready: { backup: BackupRun; server: Server }[],
  runKey: string,
  summary: BackupRunSummary,
) {
  const units = new Map<string, Unit>();
  for (const { backup, server } of ready) {
    const slot = slotOf(backup);
    if (slot === undefined) {
      await failSend(deps, [backup], runKey, summary, 'its id names no calendar slot');
      continue;
    }
    const key = unitKey(server.id, backup.kind, slot);
    const unit = units.get(key) ?? { server, kind: backup.kind, slot, backups: [] };
    unit.backups.push(backup);
    units.set(key, unit);
  }
  const bucket = deps.backupBucket;
  if (!bucket) {
    const all = [...units.values()].flatMap((u) => u.backups);
    if (all.length > 0)
      await failSend(deps, all, runKey, summary, 'no backup bucket is configured (BACKUP_BUCKET)');
    return;
  }
  const targets: FleetTarget[] = [...units.values()].map((u) => ({
    instanceId: u.server.id,
    document: 'BackupImage',
    parameters: { images: [imagesScope(u)], kind: [u.kind], slot: [u.slot], bucket: [bucket] },
  }));
  const commands = planCommands(targets, {
    comment: runKey.slice(0, 100),
    maxConcurrency: '50',
    maxErrors: '100%', // every server's backups are recorded on their own (C9.4)
    timeoutSeconds: 3600, // delivery timeout; the document limits the script itself
  });
  for (const command of commands) {
    const [kind] = command.parameters.kind ?? [];
    const [slot] = command.parameters.slot ?? [];
    const backups = command.instanceIds.flatMap(
      (id) => units.get(unitKey(id, kind as BackupKind, slot ?? ''))?.backups ?? [],
    );
    await sendOne(deps, command, backups, runKey, summary);
  }
}

/** Running (intent) before the send, the command id on every BackupRun of the command after. */
async function sendOne(
  deps: BackupDeps,
  command: FleetCommand,
  backups: BackupRun[],
  runKey: string,
  summary: BackupRunSummary,
) {
  const now: Instant = deps.clock.now();
  // One guarded write per backup, batched: the intent (running) before the send…
  const intents = await deps.store.backups.updateBackups(
    backups.map((backup) => {
      const retry = backup.state === 'failed';
      const attempt = retry ? backup.attempt + 1 : backup.attempt;
      return {
        next: { ...backup, state: 'running' as const, attempt, copies: [] },
        expectedVersion: backup.version,
        audit: event(backup, 'backup.started', now, runKey, { attempt }),
      };
    }),
  );
  let commandId: string;
  try {
    ({ commandId } = await deps.fleet.sendCommand(command));
  } catch (error) {
    await failSend(deps, intents, runKey, summary, (error as Error).message);
    return;
  }
  // …and the command id on each after it.
  await deps.store.backups.updateBackups(
    intents.map((intent) => ({
      next: { ...intent, commandId },
      expectedVersion: intent.version,
      audit: event(intent, 'backup.command-sent', now, runKey, { commandId }),
    })),
  );
  for (const intent of intents) summary.sent.push({ backupId: intent.id, commandId });
}

/** C9.4: a backup that could not be sent is failed, CS alerted, and retried at the next run. */
async function failSend(
  deps: BackupDeps,
  backups: BackupRun[],
  runKey: string,
  summary: BackupRunSummary,
  reason: string,
) {
  const now: Instant = deps.clock.now();
  await deps.store.backups.updateBackups(
    backups.map((backup) => ({
      next: { ...backup, state: 'failed' as const, finishedAt: toIso(now) },
      expectedVersion: backup.version,
      audit: event(backup, 'backup.failed', now, runKey, { reason }),
    })),
  );
  for (const backup of backups) {
    summary.failedSends.push(backup.id);
    await deps.alerter.raise({
      reason: `backup ${backup.id} could not be sent: ${reason}; retried at the next run`,
      clause: 'C9.4',
      subjectId: backup.id,
      customerId: backup.customerId,
    });
  }
}

const unitKey = (serverId: string, kind: BackupKind, slot: string): string =>
  JSON.stringify([serverId, kind, slot]);

/** The calendar slot a BackupRun id names (ids.ts backupIdOf); the server rebuilds the id from it. */
function slotOf(backup: BackupRun): string | undefined {
  const head = `backup:${backup.serverId}:${backup.image}:${backup.kind}:`;
  return backup.id.startsWith(head) && backup.id.length > head.length
    ? backup.id.slice(head.length)
    : undefined;
}

/** `all` when every image of the server is due (C9.1), `ad` for its AD image alone (C9.2), else the list. */
function imagesScope(unit: Unit): string {
  const due = [...new Set(unit.backups.map((b) => b.image))].sort();
  const all = unit.server.images.map((i) => i.name).sort();
  if (due.length === all.length && due.every((image, i) => image === all[i])) return 'all';
  const ad = unit.server.images.find((i) => i.activeDirectory)?.name;
  if (due.length === 1 && due[0] === ad) return 'ad';
  return due.join(',');
}

function event(backup: BackupRun, type: string, at: Instant, runKey: string, data: Record<string, unknown>) {
  return auditEventOf({
    type,
    actor: ACTOR,
    at,
    subjectId: backup.id,
    key: runKey,
    customerId: backup.customerId,
    clause: 'C9.3',
    data,
  });
}
