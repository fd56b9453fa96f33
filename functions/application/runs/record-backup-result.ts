/** The BackupImage half of handleCommandResult (C9.3, C9.4). */
import { type Instant, toIso } from '../../domain/calendar.ts';
import type { BackupRun } from '../../domain/records.ts';
import { BACKUP_EXIT, backupOutcome } from '../../fleet/exit-codes.ts';
import type { Alerter, Invocation } from '../ports.ts';
import { auditEventOf, SYSTEM_ACTOR } from '../shared/audit.ts';
import type { BaseDeps } from '../shared/deps.ts';
import type { CommandResult } from './handle-command-result.ts';

const ACTOR = `${SYSTEM_ACTOR}:apply-result`;

type Result = Pick<Invocation, 'commandId' | 'instanceId' | 'status' | 'responseCode'>;

/** C9.3: which copies exist after the document stopped (it copies locally first, then to the cloud). */
export function copiesOf(
  responseCode: number | undefined,
  status: Invocation['status'],
): BackupRun['copies'] {
  if (status === 'Success' || responseCode === BACKUP_EXIT.ok) return ['local', 'cloud'];
  if (responseCode === BACKUP_EXIT.cloudCopyFailed) return ['local'];
  return [];
}

export type BackupResultDeps = BaseDeps & { alerter: Alerter };

export async function recordBackupResult(
  deps: BackupResultDeps,
  inv: Result,
  at: Instant,
): Promise<CommandResult | undefined> {
  const mine = (await deps.store.backups.listBackupsByServer(inv.instanceId)).filter(
    (b) => b.commandId === inv.commandId,
  );
  if (mine.length === 0) return undefined;
  const running = mine.filter((b) => b.state === 'running');
  if (running.length === 0) return { recorded: 'nothing', reason: 'backup already recorded' };
  const outcome = backupOutcome(inv);
  if (!outcome) return { recorded: 'nothing', reason: `command still ${inv.status}` };
  for (const backup of running) {
    const next: BackupRun = {
      ...backup,
      state: outcome,
      copies: copiesOf(inv.responseCode, inv.status),
      finishedAt: toIso(at),
      version: backup.version + 1,
    };
    const audit = auditEventOf({
      type: `backup.${outcome}`,
      actor: ACTOR,
      at,
      subjectId: backup.id,
      key: inv.commandId,
      customerId: backup.customerId,
      clause: outcome === 'succeeded' ? 'C9.3' : 'C9.4',
      data: {
        status: inv.status,
        responseCode: inv.responseCode,
        copies: next.copies,
        attempt: backup.attempt,
      },
    });
    await deps.store.backups.updateBackup(next, backup.version, audit);
    if (outcome === 'failed') {
      await deps.alerter.raise({
        reason: `backup ${backup.id} failed (${inv.status}, code ${inv.responseCode ?? '-'}); it is retried at the next backup run`,
        clause: 'C9.4',
        subjectId: backup.id,
        customerId: backup.customerId,
      });
    }
  }
  return { recorded: 'backup', backupIds: running.map((b) => b.id), outcome };
}
