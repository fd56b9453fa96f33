/**
 * The BackupImage document's steps on a simulated server (backup-image-script.ts): snapshot the
 * image (a few minutes unavailable, C7.2), copy it to the local store and to the cloud (C9.3),
 * verify each copy, release the snapshot; exit with the first failing step's BACKUP_EXIT code and
 * print `COPIES=<verified copies>`.
 */
import { BACKUP_EXIT } from '../../functions/fleet/exit-codes.ts';
import type { RunContext, RunMachine, StepOutcome } from './run-machine.ts';

export function backupRun(ctx: RunContext): RunMachine {
  const { server, params, faults } = ctx;
  const image = params.image ?? '';
  const backupId = params.backupId ?? '';
  const kind = params.kind ?? 'full';
  const prefix = params.prefix ? `${params.prefix.replace(/\/$/, '')}/` : '';
  const cloud = `s3://${params.bucket}/${prefix}${backupId}`;
  const point = `backup-${backupId}`;
  const copied: Array<'local' | 'cloud'> = [];
  const verified: string[] = [];
  let firstFailure = 0;
  let snapshotTaken = false;

  const failed = (code: number): void => {
    if (firstFailure === 0) firstFailure = code;
  };
  const finish = (): StepOutcome => {
    ctx.say(`COPIES=${verified.join(',')}`);
    return { exit: firstFailure };
  };

  return {
    first: 'snapshot',
    steps: {
      snapshot: () => {
        const known = server.images.some((i) => i.name === image);
        if (!known || faults.has('backup-snapshot-fails')) {
          ctx.record('snapshot', false, { point, reason: known ? 'fault' : 'unknown image' }, image);
          failed(BACKUP_EXIT.snapshotFailed);
          return finish();
        }
        snapshotTaken = true;
        ctx.record('snapshot', true, { point, kind, unavailable: 'C7.2' }, image);
        ctx.say(`STEP=snapshot snapshot ${point} taken, ${image} available again`);
        return { next: 'local-copy' };
      },
      'local-copy': () => {
        const ok = !faults.has('backup-local-copy-fails');
        ctx.record('copy', ok, { target: 'local', backupId, kind }, image);
        if (ok) copied.push('local');
        else failed(BACKUP_EXIT.localCopyFailed);
        return { next: 'cloud-copy' };
      },
      'cloud-copy': () => {
        const ok = !faults.has('backup-cloud-copy-fails');
        ctx.record('copy', ok, { target: 'cloud', location: cloud, backupId, kind }, image);
        if (ok) copied.push('cloud');
        else failed(BACKUP_EXIT.cloudCopyFailed);
        return { next: 'verify' };
      },
      verify: () => {
        for (const target of copied) {
          const ok = !faults.has('backup-verify-fails');
          ctx.record('verify', ok, { target, backupId }, image);
          if (ok) verified.push(target);
          else failed(BACKUP_EXIT.verifyFailed);
        }
        return snapshotTaken ? { next: 'release' } : finish();
      },
      release: () => {
        ctx.record('release', true, { point }, image);
        ctx.say(`STEP=release snapshot ${point} released`);
        return finish();
      },
    },
  };
}
