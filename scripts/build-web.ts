/**
 * Builds the customer portal and the CS console (web/) with esbuild into web/dist/{portal,console}:
 * index.html, app.js (ES module; the CS console's AWS signing code is a separate chunk loaded only
 * in that mode) and app.css. Static assets only; `npm start`, the browser tests, the bench and
 * `cdk synth` build them (web/dist is not committed). `npx tsx scripts/build-web.ts` builds them.
 */
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

export const WEB_APPS = ['portal', 'console'] as const;
export type WebApp = (typeof WEB_APPS)[number];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_DIST = join(root, 'web', 'dist');

export type WebBuild = {
  outdir: string;
  /** Per app: the JavaScript the first view loads (the entry and its static imports), raw and gzip bytes. */
  firstView: Record<WebApp, { files: string[]; bytes: number; gzipBytes: number }>;
};

const optionsFor = (
  app: WebApp,
  dir: string,
  minify: boolean,
): esbuild.BuildOptions & { metafile: true } => ({
  absWorkingDir: root,
  entryPoints: { app: `web/${app}/main.tsx` },
  outdir: dir,
  bundle: true,
  splitting: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  minify,
  sourcemap: false,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  metafile: true,
  logLevel: 'silent',
  define: { 'process.env.NODE_ENV': '"production"' },
});

export async function buildWeb(options: { outdir?: string; minify?: boolean } = {}): Promise<WebBuild> {
  const outdir = options.outdir ?? WEB_DIST;
  const staging = stagingFor(outdir);
  const firstView = {} as WebBuild['firstView'];
  try {
    for (const app of WEB_APPS) {
      const dir = join(staging, app);
      mkdirSync(dir, { recursive: true });
      const result = await esbuild.build(optionsFor(app, dir, options.minify ?? true));
      copyFileSync(join(root, 'web', app, 'index.html'), join(dir, 'index.html'));
      firstView[app] = measureFirstView(result.metafile, join(dir, 'app.js'), staging, outdir);
    }
    publish(staging, outdir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { outdir, firstView };
}

/** The same build, synchronously: `cdk synth` stages web/dist as the hosting bucket's content. */
export function buildWebSync(outdir = WEB_DIST): string {
  const staging = stagingFor(outdir);
  try {
    for (const app of WEB_APPS) {
      const dir = join(staging, app);
      mkdirSync(dir, { recursive: true });
      esbuild.buildSync(optionsFor(app, dir, true));
      copyFileSync(join(root, 'web', app, 'index.html'), join(dir, 'index.html'));
    }
    publish(staging, outdir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return outdir;
}

/**
 * A build writes into its own staging directory beside `outdir` and then takes `outdir`'s place,
 * so builds that run at once (two `npm start`s, `cdk synth` in the infra tests beside the browser
 * tests) never delete or half-write each other's files: `outdir` is always one whole build.
 */
const stagingFor = (outdir: string): string =>
  join(dirname(outdir), `.${basename(outdir)}.${process.pid}.${Math.random().toString(36).slice(2)}`);

/** Moves `staging` to `outdir`, replacing an earlier build (two renames; retried if another build publishes between them). */
function publish(staging: string, outdir: string): void {
  for (let attempt = 0; ; attempt += 1) {
    try {
      renameSync(staging, outdir);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt >= 20) throw error;
    }
    const old = `${staging}.old`;
    try {
      renameSync(outdir, old);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // another build moved it first
    }
    rmSync(old, { recursive: true, force: true });
  }
}

/** The entry and every chunk it imports statically (dynamic imports load later, on demand). */
function measureFirstView(meta: esbuild.Metafile, entry: string, staging: string, outdir: string) {
  const key = (abs: string) => Object.keys(meta.outputs).find((k) => join(root, k) === abs);
  const seen = new Set<string>();
  const visit = (k: string | undefined) => {
    if (!k || seen.has(k)) return;
    seen.add(k);
    for (const imp of meta.outputs[k]?.imports ?? []) if (imp.kind === 'import-statement') visit(imp.path);
  };
  visit(key(entry));
  const files = [...seen];
  const bodies = files.map((f) => readFileSync(join(root, f)));
  return {
    // named as they will be once published, relative to the project like esbuild's own names
    files: files.map((f) => relative(root, join(root, f).replace(staging, outdir))),
    bytes: bodies.reduce((n, b) => n + b.byteLength, 0),
    gzipBytes: bodies.reduce((n, b) => n + gzipSync(b, { level: 9 }).byteLength, 0),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const built = await buildWeb();
  for (const app of WEB_APPS) {
    const v = built.firstView[app];
    console.log(
      `${app}: first view ${(v.bytes / 1024).toFixed(1)} KB of JavaScript, ${(v.gzipBytes / 1024).toFixed(1)} KB gzip`,
    );
  }
  console.log(`built into ${built.outdir}`);
}
