/**
 * Runs the documents' real bash scripts, rendered as SSM renders them, against a fake platformctl
 * that logs its calls and fails the subcommands named in FAIL. Exercises the exit codes, the
 * revert on every failure (C6.2), the generation-id-safe AD revert (C6.3) and the backup copies
 * (C9.3).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../functions/domain/errors.ts';
import {
  BACKUP_IMAGE_DOCUMENT,
  FLEET_DOCUMENTS,
  PATCH_SERVER_DOCUMENT,
  type SsmCommandDocument,
} from '../../../functions/fleet/documents.ts';
import { BACKUP_EXIT, PATCH_EXIT } from '../../../functions/fleet/exit-codes.ts';
import { renderScript, renderTimeout, resolveParameters } from '../../../functions/fleet/render-document.ts';

const dir = mkdtempSync(join(tmpdir(), 'platformctl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// FAIL names the steps that fail: snapshot apply check revert release copy-local copy-cloud verify;
// apply-term makes apply kill its caller with SIGTERM (the agent's timeout).
writeFileSync(
  join(dir, 'platformctl'),
  `#!/usr/bin/env bash
echo "$*" >> "$CALLS"
sub=$1
if [[ "$sub" == images ]]; then
  if [[ "\${2:-}" == --role ]]; then echo dc; else echo app,dc; fi
  exit 0
fi
if [[ "$sub" == copy ]]; then
  if [[ "$*" == *"--to local"* ]]; then sub=copy-local; else sub=copy-cloud; fi
fi
if [[ " \${FAIL:-} " == *" apply-term "* && "$sub" == apply ]]; then kill -TERM "$PPID"; exit 0; fi
if [[ -n "\${FAIL_IMAGE:-}" && "$sub" != images && "$*" != *":\${FAIL_IMAGE}:"* && "$*" != *"--images \${FAIL_IMAGE}"* ]]; then exit 0; fi
if [[ " \${FAIL:-} " == *" $sub "* ]]; then echo "platformctl: $sub failed" >&2; exit 1; fi
exit 0
`,
);
chmodSync(join(dir, 'platformctl'), 0o755);

let runs = 0;
function run(
  document: SsmCommandDocument,
  params: Record<string, string>,
  fail = '',
  env: Record<string, string> = {},
) {
  const calls = join(dir, `calls-${++runs}.log`);
  writeFileSync(calls, '');
  const given = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, [v]]));
  const script = renderScript(document, resolveParameters(document, given));
  const result = spawnSync('bash', ['-c', script], {
    encoding: 'utf8',
    env: { PATH: `${dir}:${process.env.PATH}`, CALLS: calls, FAIL: fail, ...env },
  });
  const log = readFileSync(calls, 'utf8').trim().split('\n').filter(Boolean);
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    calls: log,
    subcommands: log.map((l) => l.split(' ')[0]),
  };
}

const patch = (fail = '', params: Record<string, string> = {}) =>
  run(PATCH_SERVER_DOCUMENT, { releaseId: 'r-2026-11', version: '7.4.1', ...params }, fail);

describe('PatchServer script', () => {
  it('C6.1 takes the rollback point of every image before applying, checks, then releases it', () => {
    const r = patch();
    expect(r.code).toBe(PATCH_EXIT.ok);
    expect(r.subcommands).toEqual(['images', 'images', 'snapshot', 'apply', 'check', 'release']);
    expect(r.calls[2]).toBe('snapshot --point pre-r-2026-11 --images app,dc');
    expect(r.calls[3]).toBe('apply --release r-2026-11 --version 7.4.1');
    expect(r.stdout).toContain('OUTCOME=succeeded');
  });

  it('C6.1 exits 10 without applying when the rollback point cannot be taken', () => {
    const r = patch('snapshot');
    expect(r.code).toBe(PATCH_EXIT.snapshotFailed);
    expect(r.subcommands).not.toContain('apply');
  });

  it('C6.2 C6.3 reverts every image after a failed apply, the AD image generation-id-safe, and exits 20', () => {
    const r = patch('apply');
    expect(r.code).toBe(PATCH_EXIT.applyFailedReverted);
    expect(r.calls).toContain('revert --point pre-r-2026-11 --image app --mode standard');
    expect(r.calls).toContain('revert --point pre-r-2026-11 --image dc --mode ad-safe');
    expect(r.subcommands.at(-1)).toBe('release');
    expect(r.subcommands).not.toContain('check');
  });

  it('C6.2 reverts after a failed post-check and exits 30', () => {
    const r = patch('check');
    expect(r.code).toBe(PATCH_EXIT.checkFailedReverted);
    expect(r.subcommands.filter((s) => s === 'revert')).toHaveLength(2);
  });

  it('C6.3 exits 40 and keeps the rollback point when the revert fails', () => {
    const r = patch('apply revert');
    expect(r.code).toBe(PATCH_EXIT.rollbackFailed);
    expect(r.subcommands).not.toContain('release');
    expect(r.stdout).toContain('OUTCOME=rollback-failed');
  });

  it('C6.2 still reverts when the script is stopped by SIGTERM during the apply', () => {
    const r = patch('apply-term');
    expect(r.code).toBe(PATCH_EXIT.applyFailedReverted);
    expect(r.subcommands).toContain('revert');
  });

  it('uses the named images and AD image, and passes the change id, when given', () => {
    const r = patch('apply', { images: 'web,db', adImage: '', changeId: 'r-2026-11:mi-0123456789abcdef0' });
    expect(r.subcommands.filter((s) => s === 'images')).toHaveLength(0);
    expect(r.calls).toContain(
      'apply --release r-2026-11 --version 7.4.1 --change r-2026-11:mi-0123456789abcdef0',
    );
    expect(r.calls.filter((c) => c.startsWith('revert')).every((c) => c.endsWith('--mode standard'))).toBe(
      true,
    );
  });
});

const INSTANCE = 'mi-00000000000000001';
const SLOT = '2026-11-08T02:00:00.000Z';
const ID = (image: string, kind = 'incremental') => `backup:${INSTANCE}:${image}:${kind}:${SLOT}`;

const backup = (fail = '', images = 'dc', env: Record<string, string> = {}) =>
  run(
    BACKUP_IMAGE_DOCUMENT,
    { images, kind: 'incremental', slot: SLOT, bucket: 'backups-eu', prefix: 'acme/' },
    fail,
    { AWS_SSM_INSTANCE_ID: INSTANCE, ...env },
  );

const resultLines = (stdout: string) => stdout.trim().split('\n');

describe('BackupImage script', () => {
  it('C9.3 snapshots, copies to local and cloud, verifies both and releases the snapshot', () => {
    const r = backup();
    expect(r.code).toBe(BACKUP_EXIT.ok);
    expect(r.subcommands).toEqual(['snapshot', 'copy', 'copy', 'verify', 'verify', 'release']);
    expect(r.calls).toContain(
      `copy --point backup-${ID('dc')} --image dc --kind incremental --backup-id ${ID('dc')} --to local`,
    );
    expect(r.calls).toContain(
      `copy --point backup-${ID('dc')} --image dc --kind incremental --backup-id ${ID('dc')} --to s3://backups-eu/acme/${ID('dc')}`,
    );
    expect(resultLines(r.stdout)).toEqual(['IMAGE=dc COPIES=local,cloud RESULT=0']);
    expect(r.stderr).toContain('STEP=release');
  });

  it('C9.3 still makes the local copy and releases the snapshot when the cloud copy fails (exit 53)', () => {
    const r = backup('copy-cloud');
    expect(r.code).toBe(BACKUP_EXIT.cloudCopyFailed);
    expect(r.subcommands.at(-1)).toBe('release');
    expect(resultLines(r.stdout)).toEqual(['IMAGE=dc COPIES=local RESULT=53']);
  });

  it('C9.3 names the first failing step: local copy 52, verify 54, snapshot 51', () => {
    expect(backup('copy-local').code).toBe(BACKUP_EXIT.localCopyFailed);
    expect(backup('copy-local').stdout).toContain('COPIES=cloud RESULT=52');
    expect(backup('verify').code).toBe(BACKUP_EXIT.verifyFailed);
    const snap = backup('snapshot');
    expect(snap.code).toBe(BACKUP_EXIT.snapshotFailed);
    expect(snap.subcommands).toEqual(['snapshot']);
    expect(resultLines(snap.stdout)).toEqual(['IMAGE=dc COPIES= RESULT=51']);
  });

  it('C9.1 images=all backs up every image platformctl names, one result line each', () => {
    const r = backup('', 'all');
    expect(r.code).toBe(BACKUP_EXIT.ok);
    expect(r.subcommands.filter((c) => c === 'snapshot' || c === 'release')).toEqual([
      'snapshot',
      'release',
      'snapshot',
      'release',
    ]);
    expect(r.calls.filter((c) => c.startsWith('snapshot'))).toEqual([
      `snapshot --point backup-${ID('app')} --images app`,
      `snapshot --point backup-${ID('dc')} --images dc`,
    ]);
    expect(resultLines(r.stdout)).toEqual([
      'IMAGE=app COPIES=local,cloud RESULT=0',
      'IMAGE=dc COPIES=local,cloud RESULT=0',
    ]);
  });

  it('C9.2 images=ad backs up the Active Directory image only', () => {
    const r = backup('', 'ad');
    expect(r.calls[0]).toBe('images --role active-directory');
    expect(resultLines(r.stdout)).toEqual(['IMAGE=dc COPIES=local,cloud RESULT=0']);
  });

  it('C9.4 one image failing still backs up the others; the exit code is the first failure', () => {
    const r = backup('copy-cloud', 'app,dc', { FAIL_IMAGE: 'app' });
    expect(r.code).toBe(BACKUP_EXIT.cloudCopyFailed);
    expect(resultLines(r.stdout)).toEqual([
      'IMAGE=app COPIES=local RESULT=53',
      'IMAGE=dc COPIES=local,cloud RESULT=0',
    ]);
    expect(r.subcommands.filter((c) => c === 'release')).toHaveLength(2);
  });

  it('C9.3 fails without touching an image when the agent gives no instance id to name the copies', () => {
    const r = backup('', 'dc', { AWS_SSM_INSTANCE_ID: '' });
    expect(r.code).toBe(BACKUP_EXIT.snapshotFailed);
    expect(r.calls).toEqual([]);
  });
});

describe('the documents as data', () => {
  it('declare every parameter their script (or its timeout) uses and use every parameter they declare', () => {
    for (const document of Object.values(FLEET_DOCUMENTS)) {
      expect(document.schemaVersion).toBe('2.2');
      const { runCommand, timeoutSeconds } = document.mainSteps[0].inputs;
      const text = [...runCommand, timeoutSeconds].join('\n');
      const used = new Set([...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]));
      expect(used).toEqual(new Set(Object.keys(document.parameters)));
    }
  });

  it('C9.1 C9.4 BackupImage takes its script timeout as a parameter, 4 h by default, at most 48 h (issue 15 #4)', () => {
    const doc = FLEET_DOCUMENTS.BackupImage;
    const base = { kind: ['full'], slot: ['2026-11-08T02:00:00.000Z'], bucket: ['backups-bucket'] };
    expect(renderTimeout(doc, resolveParameters(doc, base))).toBe('14400');
    expect(renderTimeout(doc, resolveParameters(doc, { ...base, executionTimeout: ['64800'] }))).toBe(
      '64800',
    );
    for (const bad of ['172801', '999', '3600; reboot', '1e5'])
      expect(() => resolveParameters(doc, { ...base, executionTimeout: [bad] })).toThrow(ValidationError);
    expect(renderTimeout(FLEET_DOCUMENTS.PatchServer, {})).toBe(String(3 * 3600));
  });

  it('refuse a parameter value that could break out of the script, or a missing one (allowedPattern)', () => {
    const issuesOf = (document: SsmCommandDocument, given: Record<string, string[]>): string[] => {
      try {
        resolveParameters(document, given);
        return [];
      } catch (error) {
        return error instanceof ValidationError ? error.issues.map((i) => i.path) : ['not a ValidationError'];
      }
    };
    expect(issuesOf(PATCH_SERVER_DOCUMENT, { releaseId: ["r1'; rm -rf / #"], version: ['1'] })).toEqual([
      'releaseId',
    ]);
    expect(issuesOf(PATCH_SERVER_DOCUMENT, { version: ['1'], extra: ['x'] })).toEqual(['extra', 'releaseId']);
    expect(
      issuesOf(BACKUP_IMAGE_DOCUMENT, {
        images: ['dc'],
        kind: ['weekly'],
        slot: ['2026-11-08'],
        bucket: ['bkt'],
      }),
    ).toEqual(['kind']);
    expect(
      issuesOf(BACKUP_IMAGE_DOCUMENT, {
        images: ["all'; x"],
        kind: ['full'],
        slot: ['2026-11-08'],
        bucket: ['bkt'],
      }),
    ).toEqual(['images']);
  });
});
