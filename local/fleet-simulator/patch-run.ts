/**
 * The PatchServer document's steps on a simulated server (patch-server-script.ts, platformctl.md):
 * snapshot (C6.1) → apply → check → release, and revert on any failure (C6.2), the Active Directory
 * image generation-id-safe (C6.3). Exit codes come from the same PATCH_EXIT table as the script.
 */
import { PATCH_EXIT } from '../../functions/fleet/exit-codes.ts';
import type { RunContext, RunMachine, StepOutcome } from './run-machine.ts';

export function patchRun(ctx: RunContext): RunMachine {
  const { server, params, faults } = ctx;
  const releaseId = params.releaseId ?? '';
  const version = params.version ?? '';
  const point = params.rollbackPoint || `pre-${releaseId}`;
  const images =
    params.images === 'all' || params.images === undefined
      ? server.images.map((i) => i.name)
      : params.images.split(',');
  const adImage =
    params.adImage === 'auto'
      ? (server.images.find((i) => i.activeDirectory)?.name ?? '')
      : (params.adImage ?? '');
  let revertCode: number = PATCH_EXIT.applyFailedReverted;

  const fail = (code: number): StepOutcome => {
    revertCode = code;
    return { next: 'revert' };
  };

  return {
    first: 'snapshot',
    steps: {
      snapshot: () => {
        const unknown = images.filter((name) => !server.images.some((i) => i.name === name));
        if (faults.has('snapshot-fails') || unknown.length > 0) {
          ctx.record('snapshot', false, {
            point,
            reason: unknown.length ? `unknown ${unknown.join(',')}` : 'fault',
          });
          ctx.say(`STEP=snapshot OUTCOME=not-applied EXIT=${PATCH_EXIT.snapshotFailed}`);
          return { exit: PATCH_EXIT.snapshotFailed };
        }
        server.rollbackPoints.set(point, { name: point, version: server.version, images });
        for (const image of images) ctx.record('snapshot', true, { point, version: server.version }, image);
        ctx.say(`STEP=snapshot rollback point ${point} taken for ${images.join(',')}`);
        return { next: 'apply' };
      },
      apply: () => {
        if (faults.has('apply-times-out')) {
          ctx.record('apply', false, { releaseId, version, reason: 'hung' });
          return { hang: true };
        }
        if (faults.has('apply-fails') || faults.has('rollback-fails')) {
          ctx.record('apply', false, { releaseId, version });
          ctx.say(`STEP=apply FAILED ${releaseId}`);
          return fail(PATCH_EXIT.applyFailedReverted);
        }
        server.version = version;
        ctx.record('apply', true, {
          releaseId,
          version,
          change: params.changeId || `${releaseId}:${server.instanceId}`,
        });
        ctx.say(`STEP=apply applied ${releaseId} (${version})`);
        return { next: 'check' };
      },
      check: () => {
        if (faults.has('check-fails')) {
          ctx.record('check', false, { version });
          ctx.say('STEP=check FAILED post-check');
          return fail(PATCH_EXIT.checkFailedReverted);
        }
        ctx.record('check', true, { version });
        ctx.say('STEP=check post-check passed');
        return { next: 'release' };
      },
      revert: () => {
        const restored = server.rollbackPoints.get(point);
        let failed = false;
        for (const image of images) {
          // C6.3: a domain controller is reverted with the generation-id-safe revert.
          const mode = adImage !== '' && image === adImage ? 'ad-safe' : 'standard';
          const ok = restored !== undefined && !faults.has('rollback-fails');
          ctx.record('revert', ok, { point, mode }, image);
          ctx.say(`STEP=revert ${ok ? 'reverted' : 'REVERT FAILED'} ${image} mode=${mode}`);
          failed ||= !ok;
        }
        if (failed || restored === undefined) {
          server.health = 'broken';
          ctx.say(`STEP=revert OUTCOME=rollback-failed EXIT=${PATCH_EXIT.rollbackFailed}`);
          return { exit: PATCH_EXIT.rollbackFailed };
        }
        server.version = restored.version;
        server.rollbackPoints.delete(point);
        ctx.record('release', true, { point });
        ctx.say(`STEP=revert OUTCOME=failed-rolled-back EXIT=${revertCode}`);
        return { exit: revertCode };
      },
      release: () => {
        server.rollbackPoints.delete(point);
        ctx.record('release', true, { point });
        ctx.say(`STEP=release OUTCOME=succeeded EXIT=${PATCH_EXIT.ok}`);
        return { exit: PATCH_EXIT.ok };
      },
    },
  };
}
