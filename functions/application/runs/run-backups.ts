/**
 * The backup runs (C9.1–C9.4, C6.5) for one time zone: claim → one BackupRun record per image and
 * calendar slot now due (weekly full of every image, daily incremental of the AD image, moved out
 * of maintenance windows and planned patch work) → every due backup (new, held, or failed and to
 * retry) is sent, unless its server is applying a change (held: C6.5) or needs attention (C6.3):
 * one BackupImage command per ≤50 servers sharing kind, images scope, slot and script timeout (sized
 * from the minutes its server's own backups take, backup-durations.ts), each BackupRun
 * keeping its own record and outcome (record-backup-result.ts). Failures alert the CS team and are
 * retried at the next run (C9.4).
 */
import { type Instant, isAfter, toInstant, toIso } from '../../domain/calendar.ts';
import { PENDING_STATES } from '../../domain/change-state.ts';
import { claimOf, type Holder } from '../../domain/claims.ts';
import {
  ASSUMED_MINUTES_PER_IMAGE,
  backupSlots,
  backupTimeoutSeconds,
  type Interval,
  latestBackupFirings,
  learnedBackupMinutes,
  moveOutOfWork,
  patchInterval,
} from '../../domain/planning.ts';
import type { AuditEvent, BackupKind, BackupRun, Change, Customer, Server } from '../../domain/records.ts';
import { type FleetTarget, planCommands } from '../../fleet/plan-commands.ts';
import type { FleetCommand, Write } from '../ports.ts';
import { alertIdOf, alertWrite, drainAlerts, publishAlerts } from '../shared/alerts.ts';
import { auditEventOf, SYSTEM_ACTOR } from '../shared/audit.ts';
import { commitUnits } from '../shared/change-moves.ts';
import { mapConcurrently, READ_CONCURRENCY } from '../shared/concurrency.ts';
import type { BackupDeps } from '../shared/deps.ts';
import { adoptSends, type SendRecords, sendClaimed, unresolvedSends } from '../shared/fleet-sends.ts';
import { held } from '../shared/holder.ts';
import { backupIdOf, runKeyOf, sendKeyOf } from '../shared/ids.ts';
import { type Duplicate, onceForRun, type RunInput, shardRunKey } from '../shared/run-input.ts';
import { customersInZone } from '../shared/zone-customers.ts';
import { reconcileBackups } from './reconcile-commands.ts';
import { failureAlertKey } from './record-backup-result.ts';

/** How far back a server's backups are read to learn how long they take (backup-durations.ts). */
const HISTORY_DAYS = 15;

/** How far back a run looks for a slot it should have created (a missed run, C11.2). */
const LOOKBACK_DAYS: Record<BackupKind, number> = { full: 7, incremental: 1 };

export type BackupRunSummary = {
  duplicate: false;
  runKey: string;
  created: number;
  sent: { backupId: string; commandId: string }[];
  held: { backupId: string; reason: string }[];
  failedSends: string[];
  /** Sends of an earlier delivery found on the fleet and adopted (DESIGN.md rule 4). */
  adopted: number;
  reconciled: number;
};

const ACTOR = `${SYSTEM_ACTOR}:backup-run`;

/**
 * `full` / `incremental`: the weekly and daily runs create their slots, then send every due backup
 * (new, held, or failed and retried). `due` (hourly, issue 15 #9): creates nothing and sends the
 * planned backups whose moved time has come (a slot moved out of a window runs when the window
 * ends, C9.4, not at the next 23:00); failures wait for the next full or incremental run.
 */
export type BackupRunKind = BackupKind | 'due';

export async function runBackups(
  deps: BackupDeps,
  input: RunInput & { kind: BackupRunKind },
): Promise<BackupRunSummary | Duplicate> {
  const d = held(deps);
  const { store } = d;
  const me = d.holder;
  const runKey = shardRunKey(
    runKeyOf(`backup-${input.kind}`, input.timeZone, input.scheduledTime),
    input.shard,
  );
  // The hourly run looks first, in two reads, and claims nothing when nothing has come due (most hours).
  if (input.kind === 'due' && !(await anyPlannedDue(d, input))) return emptySummary(runKey);
  return onceForRun(d, me, runKey, async () => {
    const customers = await customersInZone(store, input.timeZone, input.shard);
    const summary = emptySummary(runKey);
    await drainAlerts(d, me, [...customers.keys()]);
    summary.adopted = await resumeSends(d, me, customers, runKey, summary);
    summary.reconciled = await reconcileBackups(d, customers);

    const servers = new Map<string, Server>();
    const toCreate: { run: BackupRun; audit: AuditEvent }[] = [];
    // Each customer's servers and changes, a few customers at a time, kept in customer order.
    const creates = input.kind !== 'due';
    const read = await mapConcurrently([...customers.values()], READ_CONCURRENCY, async (customer) => {
      const own = await store.directory.listServersByCustomer(customer.id);
      const active = own.filter((s) => s.status === 'active');
      // C6.5: the customer's changes, read once for all its servers.
      const changes = creates && active.length ? await store.changes.listChangesByCustomer(customer.id) : [];
      return { customer, own, active, changes };
    });
    // C6.5 (issue 15 #3): each server's backups last what its own recent ones took.
    const history = await mapConcurrently(
      creates ? read.flatMap((r) => r.active) : [],
      READ_CONCURRENCY,
      async (server) =>
        [
          server.id,
          await store.backups.listBackupsByServer(
            server.id,
            input.scheduledTime.subtract({ hours: 24 * HISTORY_DAYS }),
          ),
        ] as const,
    );
    const historyOf = new Map(history);
    for (const { customer, own, active, changes } of read) {
      for (const server of own) servers.set(server.id, server);
      if (input.kind === 'due') continue;
      for (const server of active) {
        const mine = changes.filter((c) => c.serverId === server.id);
        toCreate.push(
          ...dueBackups(
            d,
            server,
            customer,
            mine,
            { ...input, kind: input.kind },
            runKey,
            historyOf.get(server.id),
          ),
        );
      }
    }
    summary.created = await store.backups.createBackups(toCreate);
    const applying = new Set(
      (await store.changes.listChangesApplying([...customers.keys()])).map((c) => c.serverId),
    );
    const due = (await store.backups.listBackupsDue(input.scheduledTime, [...customers.keys()])).filter(
      (b) => customers.has(b.customerId) && (creates || b.state === 'planned'),
    );
    const now = d.clock.now();
    const ready: { backup: BackupRun; server: Server }[] = [];
    const moved: { backup: BackupRun; at: Instant }[] = [];
    const calendars = new Map(read.map((r) => [r.customer.id, r]));
    for (const backup of due) {
      const server = servers.get(backup.serverId);
      if (server?.status !== 'active')
        summary.held.push({ backupId: backup.id, reason: 'C6.3 server needs attention' });
      else if (applying.has(backup.serverId))
        summary.held.push({ backupId: backup.id, reason: 'C6.5 a change is being applied' });
      else if (isAfter(toInstant(backup.scheduledFor), now)) continue;
      else if (backup.state === 'failed') {
        // C9.4 C6.5: a retry is judged like a new slot: one that would run into a window or patch
        // work now is planned for when that ends (the hourly run sends it then).
        const at = retryStart(backup, server, calendars.get(backup.customerId), now);
        if (at) moved.push({ backup, at });
        else ready.push({ backup, server });
      } else ready.push({ backup, server });
    }
    await planRetries(d, moved, runKey, summary);
    await sendBackups(d, me, ready, runKey, summary);
    return summary;
  });
}

/** C9.4: when a retry due now would run into a window or patch work, the instant that work ends. */
function retryStart(
  backup: BackupRun,
  server: Server,
  read: { customer: Customer; changes: readonly Change[] } | undefined,
  now: Instant,
): Instant | undefined {
  if (!read) return undefined;
  const minutes =
    (backup.minutesPerImage ?? ASSUMED_MINUTES_PER_IMAGE[backup.kind]) *
    (backup.kind === 'full' ? server.images.length : 1);
  const busy = busyOf(
    read.changes.filter((c) => c.serverId === server.id),
    read.customer,
  );
  const at = moveOutOfWork(now, minutes, read.customer, busy);
  return isAfter(at, now) ? at : undefined;
}

/** C9.4: each retry moved out of a window, as a planned new attempt at its new time, with its event. */
async function planRetries(
  deps: BackupDeps,
  moved: readonly { backup: BackupRun; at: Instant }[],
  runKey: string,
  summary: BackupRunSummary,
) {
  if (moved.length === 0) return;
  const now = deps.clock.now();
  const units = moved.map(({ backup, at }) => {
    const next: BackupRun = {
      ...backup,
      state: 'planned',
      attempt: backup.attempt + 1,
      scheduledFor: toIso(at),
      commandId: undefined,
    };
    return [
      { update: 'backup', record: next, expectedVersion: backup.version },
      {
        audit: event(backup, 'backup.retry-planned', now, `${runKey}#retry`, {
          attempt: next.attempt,
          scheduledFor: next.scheduledFor,
        }),
      },
    ] satisfies Write[];
  });
  const lost = new Set(await commitUnits(deps.store, units));
  moved.forEach(({ backup }, i) => {
    if (!lost.has(i))
      summary.held.push({
        backupId: backup.id,
        reason: 'C9.4 the retry would run into a window; planned for its end',
      });
  });
}

/** C6.5: the intervals a server's pending or running changes occupy. */
const busyOf = (changes: readonly Change[], customer: Customer): Interval[] =>
  changes
    .filter((c) => PENDING_STATES.includes(c.state) || c.state === 'applying')
    .map((c) => patchInterval({ applyAt: toInstant(c.applyAt) }, customer));

/** How long after its time a creation run that has not run counts as missed (its delivery is retried for up to an hour). */
const MISSED_AFTER_MINUTES = 55;

/**
 * C11.2 C9.2: the slot-creating backup runs of the zone (daily incremental, weekly full) whose
 * firing came in the last 24 hours, at least MISSED_AFTER_MINUTES ago, and never completed (a
 * skipped delivery leaves no ledger record, a crashed one an uncompleted claim). The hourly run does their work at once, under their own run
 * keys, rather than leaving the slots they owed to the next day's run.
 */
export async function missedBackupRuns(
  deps: BackupDeps,
  input: RunInput,
): Promise<(RunInput & { kind: BackupKind })[]> {
  const at = input.scheduledTime;
  const latest = latestBackupFirings(at, input.timeZone, deps.cfg);
  const missed: (RunInput & { kind: BackupKind })[] = [];
  for (const kind of ['full', 'incremental'] as const) {
    const firing = latest[kind];
    const ago = (at.epochMilliseconds - firing.epochMilliseconds) / 60_000;
    if (ago < MISSED_AFTER_MINUTES || ago > 24 * 60) continue;
    // A run that completed is done; one claimed but never completed (its invocation died) is tried
    // again: its run key admits this invocation once the claim's deadline has passed (DESIGN.md rule 5).
    const ran = await deps.store.runs.get(runKeyOf(`backup-${kind}`, input.timeZone, firing));
    if (ran?.completedAt) continue;
    missed.push({ timeZone: input.timeZone, scheduledTime: firing, kind });
  }
  return missed;
}

const emptySummary = (runKey: string): BackupRunSummary => ({
  duplicate: false,
  runKey,
  created: 0,
  sent: [],
  held: [],
  failedSends: [],
  adopted: 0,
  reconciled: 0,
});

/**
 * C9.4: whether a planned backup of the zone's customers has come due by the run's time on a server
 * that may run it (a stopped server's backups wait for it, C6.3, and must not wake every hour).
 */
async function anyPlannedDue(deps: BackupDeps, input: RunInput): Promise<boolean> {
  const customers = await customersInZone(deps.store, input.timeZone, input.shard);
  if (customers.size === 0) return false;
  const due = (await deps.store.backups.listBackupsDue(input.scheduledTime, [...customers.keys()])).filter(
    (b) => b.state === 'planned' && customers.has(b.customerId),
  );
  if (due.length === 0) return false;
  const servers = await deps.store.directory.getServers([...new Set(due.map((b) => b.serverId))]);
  return [...servers.values()].some((server) => server.status === 'active');
}

/**
 * C11.2 C9.2 ("also found" of issue 15): the slots of the lookback to create, per image. After a
 * skipped run the slots it owed are created too: every slot newer than the newest one that exists.
 * An image with no slot of this kind yet (a server registered since the last run) starts with the
 * latest one only, not a week-old one beside it.
 */
function slotsToCreate<S extends { image: string; kind: BackupKind; nominalAt: Instant }>(
  server: Server,
  slots: readonly S[],
  history: readonly BackupRun[],
): S[] {
  const exists = new Set(history.map((b) => b.id));
  const byImage = new Map<string, S[]>();
  const inOrder = [...slots].sort((a, b) => a.nominalAt.epochMilliseconds - b.nominalAt.epochMilliseconds);
  for (const slot of inOrder) byImage.set(slot.image, [...(byImage.get(slot.image) ?? []), slot]);
  return [...byImage.values()].flatMap((own) => {
    const ids = own.map((s) => backupIdOf(server.id, s.image, s.kind, s.nominalAt));
    const newest = ids.findLastIndex((id) => exists.has(id));
    if (newest >= 0) return own.filter((_, i) => i > newest);
    const anyOlder = history.some((b) => b.image === own[0]?.image && b.kind === own[0]?.kind);
    return anyOlder ? own : own.slice(-1);
  });
}

/** C9.1 / C9.2 / C9.4: the slots of this kind due by the run's own time that are not created yet. */
function dueBackups(
  deps: BackupDeps,
  server: Server,
  customer: Customer,
  changes: readonly Change[],
  input: RunInput & { kind: BackupKind },
  runKey: string,
  history: readonly BackupRun[] = [],
) {
  const perImage = learnedBackupMinutes(history);
  const busy = busyOf(changes, customer); // C6.5
  const slots = backupSlots({
    perImage,
    from: input.scheduledTime.subtract({ hours: 24 * LOOKBACK_DAYS[input.kind] }),
    to: input.scheduledTime.add({ milliseconds: 1 }),
    server,
    customer,
    cfg: deps.cfg,
    busy,
    notBefore: deps.clock.now(), // a late or catch-up run starts its slots now (C9.4, C11.2)
  }).filter((s) => s.kind === input.kind);
  return slotsToCreate(server, slots, history).map((slot) => {
    const run: BackupRun = {
      id: backupIdOf(server.id, slot.image, slot.kind, slot.nominalAt),
      serverId: server.id,
      customerId: server.customerId,
      image: slot.image,
      kind: slot.kind,
      scheduledFor: toIso(slot.at),
      minutesPerImage: perImage[slot.kind],
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
        minutesPerImage: run.minutesPerImage,
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
  me: Holder,
  ready: { backup: BackupRun; server: Server }[],
  runKey: string,
  summary: BackupRunSummary,
) {
  const units = new Map<string, Unit>();
  for (const { backup, server } of ready) {
    const slot = slotOf(backup);
    if (slot === undefined) {
      await failSend(deps, me, [backup], runKey, summary, 'its id names no calendar slot');
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
      await failSend(deps, me, all, runKey, summary, 'no backup bucket is configured (BACKUP_BUCKET)');
    return;
  }
  for (const [n, command] of backupCommands([...units.values()], bucket).entries()) {
    const [kind] = command.parameters.kind ?? [];
    const [slot] = command.parameters.slot ?? [];
    const backups = command.instanceIds.flatMap(
      (id) => units.get(unitKey(id, kind as BackupKind, slot ?? ''))?.backups ?? [],
    );
    await sendOne(
      deps,
      me,
      { ...command, comment: sendKeyOf('backup', runKey, n + 1) },
      backups,
      runKey,
      summary,
    );
  }
}

/** C9.1–C9.3: the BackupImage commands of these units (the Comment is set per send). */
function backupCommands(units: Unit[], bucket: string): FleetCommand[] {
  const targets: FleetTarget[] = units.map((u) => ({
    instanceId: u.server.id,
    document: 'BackupImage',
    parameters: {
      images: [imagesScope(u)],
      kind: [u.kind],
      slot: [u.slot],
      bucket: [bucket],
      executionTimeout: [String(timeoutOf(u))],
    },
  }));
  return planCommands(targets, {
    comment: '',
    maxConcurrency: '50',
    maxErrors: '100%', // every server's backups are recorded on their own (C9.4)
    timeoutSeconds: 3600, // delivery timeout; the document limits the script itself
  });
}

/** How a backup records its command (DESIGN.md rule 2): the id, with its audit event (C10.1). */
const BACKUP_SENDS: SendRecords<BackupRun> = {
  recorded: (backup, commandId, how) => [
    { update: 'backup', record: { ...backup, commandId }, expectedVersion: backup.version },
    {
      audit: event(
        backup,
        how === 'sent' ? 'backup.command-sent' : 'backup.command-adopted',
        toInstant(backup.send?.at ?? backup.scheduledFor),
        commandId,
        { commandId, sendKey: backup.send?.key },
      ),
    },
  ],
};

/** DESIGN.md rule 2: `running` with the send's claim before the send; the command id after it. */
async function sendOne(
  deps: BackupDeps,
  me: Holder,
  command: FleetCommand,
  backups: BackupRun[],
  runKey: string,
  summary: BackupRunSummary,
) {
  const now: Instant = deps.clock.now();
  const send = { ...claimOf(me, now), key: command.comment };
  const intents = backups.map((backup) => {
    const retry = backup.state === 'failed';
    const attempt = retry ? backup.attempt + 1 : backup.attempt;
    const next: BackupRun = { ...backup, state: 'running', attempt, copies: [], send, commandId: undefined };
    return {
      next: { ...next, version: backup.version + 1 },
      writes: [
        { update: 'backup', record: next, expectedVersion: backup.version },
        { audit: event(backup, 'backup.started', now, runKey, { attempt }) },
      ] satisfies Write[],
    };
  });
  const lost = new Set(
    await commitUnits(
      deps.store,
      intents.map((i) => i.writes),
    ),
  );
  const claimed = intents.filter((_, i) => !lost.has(i)).map((i) => i.next);
  if (claimed.length === 0) return;
  const sent = await sendClaimed(deps, BACKUP_SENDS, command, claimed);
  if ('error' in sent) {
    await failSend(deps, me, claimed, runKey, summary, sent.error.message);
    return;
  }
  for (const backup of claimed) summary.sent.push({ backupId: backup.id, commandId: sent.commandId });
}

/**
 * DESIGN.md rule 4: backups left `running` without a command id by an invocation that is gone: the
 * command found on the fleet is adopted; a send that never happened is made now, under the same
 * key, claimed by this invocation.
 */
async function resumeSends(
  deps: BackupDeps & { holder: Holder },
  me: Holder,
  customers: Map<string, Customer>,
  runKey: string,
  summary: BackupRunSummary,
): Promise<number> {
  const running = (await deps.store.backups.listBackupsRunning([...customers.keys()])).filter((b) =>
    customers.has(b.customerId),
  );
  const open = unresolvedSends(running, me, deps);
  if (open.length === 0) return 0;
  const { adopted, unsent } = await adoptSends(deps, BACKUP_SENDS, open);
  if (unsent.size === 0) return adopted;
  const servers = await deps.store.directory.getServers([...unsent.values()].flat().map((b) => b.serverId));
  let n = 0;
  for (const [key, group] of unsent) {
    const units = new Map<string, Unit>();
    for (const backup of group) {
      const server = servers.get(backup.serverId);
      const slot = slotOf(backup);
      if (!server || slot === undefined) continue;
      const unit = units.get(unitKey(server.id, backup.kind, slot)) ?? {
        server,
        kind: backup.kind,
        slot,
        backups: [],
      };
      unit.backups.push(backup);
      units.set(unitKey(server.id, backup.kind, slot), unit);
    }
    const bucket = deps.backupBucket;
    if (!bucket) continue;
    for (const command of backupCommands([...units.values()], bucket)) {
      n += 1;
      const sendKey = key || sendKeyOf('backup', `${runKey}#resume`, n);
      const backups = command.instanceIds.flatMap((id) =>
        [...units.values()].filter((u) => u.server.id === id).flatMap((u) => u.backups),
      );
      const send = { ...claimOf(me, deps.clock.now()), key: sendKey };
      const lost = new Set(
        await commitUnits(
          deps.store,
          backups.map((b) => [
            { update: 'backup' as const, record: { ...b, send }, expectedVersion: b.version },
          ]),
        ),
      );
      const mine = backups
        .filter((_, i) => !lost.has(i))
        .map((b) => ({ ...b, send, version: b.version + 1 }));
      if (mine.length === 0) continue;
      const sent = await sendClaimed(deps, BACKUP_SENDS, { ...command, comment: sendKey }, mine);
      if ('error' in sent) await failSend(deps, me, mine, runKey, summary, sent.error.message);
      else for (const b of mine) summary.sent.push({ backupId: b.id, commandId: sent.commandId });
    }
  }
  return adopted;
}

/** C9.4: a backup that could not be sent is failed with its CS alert (one transaction each), and retried at the next run. */
async function failSend(
  deps: BackupDeps,
  me: Holder,
  backups: BackupRun[],
  runKey: string,
  summary: BackupRunSummary,
  reason: string,
) {
  const now: Instant = deps.clock.now();
  const units = backups.map((backup) => {
    const key = failureAlertKey(backup.id);
    const writes: Write[] = [
      {
        update: 'backup',
        record: { ...backup, state: 'failed', finishedAt: toIso(now), commandId: undefined },
        expectedVersion: backup.version,
      },
      { audit: event(backup, 'backup.failed', now, `${runKey}#${backup.attempt}`, { reason }) },
    ];
    // C9.4: the slot's first failure alerts the CS team; its retries stay quiet (one alert per failure).
    if (backup.attempt === 1) {
      writes.push(
        alertWrite(
          {
            key,
            reason: `backup ${backup.id} could not be sent: ${reason}; retried at the next run`,
            clause: 'C9.4',
            subjectId: backup.id,
            customerId: backup.customerId,
          },
          now,
        ),
      );
    }
    return { id: backup.id, alertId: backup.attempt === 1 ? alertIdOf(key) : '', writes };
  });
  const lost = new Set(
    await commitUnits(
      deps.store,
      units.map((u) => u.writes),
    ),
  );
  const written = units.filter((_, i) => !lost.has(i));
  for (const u of written) summary.failedSends.push(u.id);
  await publishAlerts(deps, me, written.map((u) => u.alertId).filter(Boolean));
}

/**
 * C9.1 C9.4 (issue 15 #4): the script timeout of a unit, from the minutes planned for each of its
 * images (one after the other): a server of many images is given the time they take, not a fixed 4 h.
 */
const timeoutOf = (unit: Unit): number =>
  backupTimeoutSeconds(
    unit.backups.reduce((sum, b) => sum + (b.minutesPerImage ?? ASSUMED_MINUTES_PER_IMAGE[b.kind]), 0),
  );

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
