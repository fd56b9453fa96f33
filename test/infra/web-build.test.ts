/**
 * The portal and console build (scripts/build-web.ts) is run by `npm start`, the browser tests, the
 * bench and `cdk synth`, sometimes at the same time (the lifecycle tests start five `npm start`s
 * at once; the infra tests synthesize beside the browser tests). Builds that overlap must neither
 * fail nor leave a directory mixed from two builds or missing a file.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWeb, WEB_APPS } from '../../scripts/build-web.ts';

const parent = mkdtempSync(join(tmpdir(), 'web-build-'));
const BUILD_WEB = new URL('../../scripts/build-web.ts', import.meta.url).href;

function runNode(script: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}
afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe('web build', () => {
  it('overlapping builds into one directory, from separate processes, all succeed and leave one whole build', async () => {
    const outdir = join(parent, 'dist');
    // Four processes (as four `npm start`s would), each building three times in a row.
    const script = `const { buildWeb } = await import(${JSON.stringify(BUILD_WEB)});
      for (let i = 0; i < 3; i += 1) await buildWeb({ outdir: ${JSON.stringify(outdir)} });`;
    const results = await Promise.all(Array.from({ length: 4 }, () => runNode(script)));
    for (const r of results) expect(r.code, r.output).toBe(0);
    for (const app of WEB_APPS) {
      expect(existsSync(join(outdir, app, 'index.html')), `${app}/index.html`).toBe(true);
      expect(existsSync(join(outdir, app, 'app.js')), `${app}/app.js`).toBe(true);
    }
    expect(readdirSync(parent), 'no staging directory is left behind').toEqual(['dist']);
  });

  it('names the first view files as published, relative to the project', async () => {
    const outdir = join(parent, 'named');
    const built = await buildWeb({ outdir });
    for (const app of WEB_APPS) {
      const files = built.firstView[app].files;
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) expect(existsSync(f) || existsSync(join(process.cwd(), f)), f).toBe(true);
    }
  });
});
