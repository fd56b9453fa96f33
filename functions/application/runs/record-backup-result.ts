/**
 * The BackupImage half of handleCommandResult (C9.3, C9.4). One invocation backs up every due image
 * of its server: each BackupRun of that server in that command takes its outcome and copies from
 * its image's result line (`IMAGE=… COPIES=… RESULT=…`); a failed image alerts CS and is retried at
 * the next run, the others stand. Without the invocation's output (never delivered, or no output
 * reported) every BackupRun of the server in the command takes the invocation's outcome, as one.
 */
import { type Instant, toIso } from '../../domain/calendar.ts';
import type { BackupRun } from '../../domain/records.ts';
import { type ImageResult, imageResultsOf } from '../../fleet/backup-results.ts';
import type { BackupOutcome } from '../../fleet/exit-codes.ts';
import { BACKUP_EXIT, backupOutcome, backupOutcomeFromExitCode } from '../../fleet/exit-codes.ts';
import type { Invocation, Write } from '../ports.ts';
import { alertIdOf, alertWrite, publishAlerts } from '../shared/alerts.ts';
import { auditEventOf, SYSTEM_ACTOR } from '../shared/audit.ts';
import { commitUnits } from '../shared/change-moves.ts';
import type { AlertDeps } from '../shared/deps.ts';
import { held } from '../shared/holder.ts';
import type { CommandResult } from './command-result.ts';

const ACTOR = `${SYSTEM_ACTOR}:apply-result`;

type Result = Pick<Invocation, 'commandId' | 'instanceId' | 'status' | 'responseCode' | 'output'>;

/** C9.3: which copies exist after the document stopped (it copies locally first, then to the cloud). */
export function copiesOf(
  responseCode: number | undefined,
  status: Invocation['status'],
): BackupRun['copies'] {
  if (status === 'Success' || responseCode === BACKUP_EXIT.ok) return ['local', 'cloud'];
  if (responseCode === BACKUP_EXIT.cloudCopyFailed) return ['local'];
  return [];
}

export type BackupResultDeps = AlertDeps;

/** The alerts a recorded outcome may have raised (published if not yet, DESIGN.md rule 3). */
const alertsOf = (b: BackupRun): string[] =>
  b.state === 'failed' && b.attempt === 1
    ? [alertIdOf(failureAlertKey(b.id))]
    : b.state === 'succeeded' && b.attempt > 1
      ? [alertIdOf(recoveryAlertKey(b.id))]
      : [];

/**
 * C9.4: one alert when a backup slot first fails (its retries, attempt 2 and later, stay quiet), and
 * one when it recovers; a replay names the same alert, so it is raised once.
 */
export const failureAlertKey = (backupId: string) => `backup-failed:${backupId}`;
const recoveryAlertKey = (backupId: string) => `backup-recovered:${backupId}`;

export async function recordBackupResult(
  deps: BackupResultDeps,
  inv: Result,
  at: Instant,
): Promise<CommandResult | undefined> {
  // The running backups of this command on this server; when none (a replay of a result already
  // recorded), the server's history says what became of them.
  let mine = await deps.store.backups.listRunningBackupsOfCommand(inv.commandId, inv.instanceId);
  if (mine.length === 0)
    mine = (await deps.store.backups.listBackupsByServer(inv.instanceId)).filter(
      (b) => b.commandId === inv.commandId,
    );
  if (mine.length === 0) return undefined;
  const me = held(deps).holder;
  const running = mine.filter((b) => b.state === 'running');
  if (running.length === 0) {
    // DESIGN.md rule 3: a replay finishes the alerts of what it recorded, changes nothing else.
    await publishAlerts(deps, me, mine.flatMap(alertsOf));
    return { recorded: 'nothing', reason: 'backup already recorded' };
  }
  const outcome = backupOutcome(inv);
  if (!outcome) return { recorded: 'nothing', reason: `command still ${inv.status}` };
  const lines = imageResultsOf(inv.output);
  const outcomes = new Set<BackupOutcome>();
  const updates = running.map((backup) => {
    const mineOf = outcomeOf(inv, outcome, lines.get(backup.image));
    outcomes.add(mineOf.outcome);
    const next: BackupRun = {
      ...backup,
      state: mineOf.outcome,
      copies: mineOf.copies,
      finishedAt: toIso(at),
    };
    const audit = auditEventOf({
      type: `backup.${mineOf.outcome}`,
      actor: ACTOR,
      at,
      subjectId: backup.id,
      key: inv.commandId,
      customerId: backup.customerId,
      clause: mineOf.outcome === 'succeeded' ? 'C9.3' : 'C9.4',
      data: {
        status: inv.status,
        responseCode: inv.responseCode,
        imageResult: mineOf.code,
        copies: next.copies,
        attempt: backup.attempt,
      },
    });
    const writes: Write[] = [{ update: 'backup', record: next, expectedVersion: backup.version }, { audit }];
    if (next.state === 'succeeded' && backup.attempt > 1) {
      writes.push(
        alertWrite(
          {
            key: recoveryAlertKey(backup.id),
            reason: `backup ${next.id} succeeded at attempt ${backup.attempt}, after failing`,
            clause: 'C9.4',
            subjectId: next.id,
            customerId: next.customerId,
          },
          at,
        ),
      );
    }
    if (next.state === 'failed' && backup.attempt === 1) {
      writes.push(
        alertWrite(
          {
            key: failureAlertKey(backup.id),
            reason: `backup ${next.id} failed (${inv.status}, code ${mineOf.code ?? '-'}); it is retried at the next backup run`,
            clause: 'C9.4',
            subjectId: next.id,
            customerId: next.customerId,
          },
          at,
        ),
      );
    }
    return { next, writes };
  });
  // Each backup with its event and alert in one transaction (several backups per transaction).
  await commitUnits(
    deps.store,
    updates.map((u) => u.writes),
  );
  await publishAlerts(
    deps,
    me,
    updates.flatMap((u) => alertsOf(u.next)),
  );
  // C9.4: the result counts as failed when any of its backups failed (the backupFailed metric).
  const summary: BackupOutcome = outcomes.has('failed') ? 'failed' : 'succeeded';
  return { recorded: 'backup', backupIds: running.map((b) => b.id), outcome: summary };
}

type ImageOutcome = { outcome: BackupOutcome; copies: BackupRun['copies']; code: number | undefined };

/**
 * C9.3: the image's own result line decides; an image the script printed nothing for (it did not
 * reach it, or does not know it) failed; with no output at all, the invocation decides for all.
 */
function outcomeOf(inv: Result, whole: BackupOutcome, line: ImageResult | undefined): ImageOutcome {
  if (line) return { outcome: backupOutcomeFromExitCode(line.code), copies: line.copies, code: line.code };
  if (inv.output === undefined)
    return { outcome: whole, copies: copiesOf(inv.responseCode, inv.status), code: inv.responseCode };
  return { outcome: 'failed', copies: [], code: inv.responseCode };
}
