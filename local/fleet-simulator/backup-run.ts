/**
 * The BackupImage document's steps on a simulated server (backup-image-script.ts): resolve the
 * images (`all`, `ad` or a comma list), then for each in turn snapshot it (a few minutes
 * unavailable, C7.2), copy it to the local store and to the cloud (C9.3), verify each copy and
 * release the snapshot; print `IMAGE=<name> COPIES=<verified copies> RESULT=<code>` per image and
 * exit 0 when every image succeeded, else the first failing image's BACKUP_EXIT code.
 * A backup fault of the run fails the first image only (the server's next image backup).
 */
import { resultLineOf } from '../../functions/fleet/backup-results.ts';
import { BACKUP_EXIT } from '../../functions/fleet/exit-codes.ts';
import type { RunContext, RunMachine, StepOutcome } from './run-machine.ts';
import type { FaultKind, SimServer } from './sim-types.ts';

function imagesOf(server: SimServer, param: string | undefined): string[] {
  if (!param || param === 'all') return server.images.map((i) => i.name);
  if (param === 'ad') return server.images.filter((i) => i.activeDirectory).map((i) => i.name);
  return param.split(',').filter(Boolean);
}

export function backupRun(ctx: RunContext): RunMachine {
  const { server, params } = ctx;
  const images = imagesOf(server, params.images);
  const kind = params.kind ?? 'full';
  const prefix = params.prefix ? `${params.prefix.replace(/\/$/, '')}/` : '';
  let index = 0;
  let firstFailure = 0;
  let image = '';
  let backupId = '';
  let cloud = '';
  let point = '';
  let copied: Array<'local' | 'cloud'> = [];
  let verified: Array<'local' | 'cloud'> = [];
  let imageFailure = 0;
  let snapshotTaken = false;

  const none: ReadonlySet<FaultKind> = new Set();
  const faults = (): ReadonlySet<FaultKind> => (index === 0 ? ctx.faults : none);
  const begin = (): void => {
    image = images[index] ?? '';
    backupId = `backup:${server.instanceId}:${image}:${kind}:${params.slot ?? ''}`;
    cloud = `s3://${params.bucket}/${prefix}${backupId}`;
    point = `backup-${backupId}`;
    copied = [];
    verified = [];
    imageFailure = 0;
    snapshotTaken = false;
  };
  const failed = (code: number): void => {
    if (imageFailure === 0) imageFailure = code;
  };
  /** The image's result line, then the next image or the exit. */
  const done = (): StepOutcome => {
    ctx.say(resultLineOf({ image, copies: verified, code: imageFailure }));
    if (firstFailure === 0) firstFailure = imageFailure;
    index += 1;
    if (index < images.length) {
      begin();
      return { next: 'snapshot' };
    }
    return { exit: firstFailure };
  };

  if (images.length === 0) {
    return { first: 'snapshot', steps: { snapshot: () => ({ exit: BACKUP_EXIT.snapshotFailed }) } };
  }
  begin();
  return {
    first: 'snapshot',
    steps: {
      snapshot: () => {
        const known = server.images.some((i) => i.name === image);
        if (!known || faults().has('backup-snapshot-fails')) {
          ctx.record('snapshot', false, { point, reason: known ? 'fault' : 'unknown image' }, image);
          failed(BACKUP_EXIT.snapshotFailed);
          return done();
        }
        snapshotTaken = true;
        ctx.record('snapshot', true, { point, kind, unavailable: 'C7.2' }, image);
        return { next: 'local-copy' };
      },
      'local-copy': () => {
        const ok = !faults().has('backup-local-copy-fails');
        ctx.record('copy', ok, { target: 'local', backupId, kind }, image);
        if (ok) copied.push('local');
        else failed(BACKUP_EXIT.localCopyFailed);
        return { next: 'cloud-copy' };
      },
      'cloud-copy': () => {
        const ok = !faults().has('backup-cloud-copy-fails');
        ctx.record('copy', ok, { target: 'cloud', location: cloud, backupId, kind }, image);
        if (ok) copied.push('cloud');
        else failed(BACKUP_EXIT.cloudCopyFailed);
        return { next: 'verify' };
      },
      verify: () => {
        for (const target of copied) {
          const ok = !faults().has('backup-verify-fails');
          ctx.record('verify', ok, { target, backupId }, image);
          if (ok) verified.push(target);
          else failed(BACKUP_EXIT.verifyFailed);
        }
        return snapshotTaken ? { next: 'release' } : done();
      },
      release: () => {
        ctx.record('release', true, { point }, image);
        return done();
      },
    },
  };
}
