/**
 * Lambda bundles: each catalog entry bundled with esbuild exactly as the stack does (lib/bundling.ts:
 * ESM, minified, target node24, platform node, mainFields module/main, the createRequire banner,
 * the AWS SDK bundled, external source map), its size from the metafile, and its
 * module-initialisation time measured in fresh Node processes. A second build with the SDK external
 * gives the function's own weight, the figure its byte budget (lib/bundling.ts) holds.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_BUDGET_BYTES, BUNDLING, SDK_PACKAGES } from '../lib/bundling.ts';
import { entryOf, FUNCTION_NAMES, type FunctionName } from '../lib/function-catalog.ts';
import { median } from './stats.ts';

/** Dummy local values for every variable a handler may read (lib/function-catalog.ts ENV_VARS). */
export const DUMMY_ENV: Record<string, string> = {
  TABLE_NAME: 'bench-table',
  ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-2:000000000000:bench-alerts',
  SENDER_ADDRESS: 'notices@bench.example',
  REPLY_DOMAIN: 'reply.bench.example',
  SES_CONFIGURATION_SET: 'bench-events',
  PATCH_DOCUMENT_NAME: 'PatchServer',
  BACKUP_DOCUMENT_NAME: 'BackupImage',
  BACKUP_BUCKET: 'bench-backups',
  INBOUND_BUCKET: 'bench-inbound',
  POWERTOOLS_SERVICE_NAME: 'bench',
  LOG_LEVEL: 'ERROR',
  AWS_REGION: 'eu-west-2',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

export type BundleResult = {
  name: FunctionName;
  /** Output JavaScript bytes (metafile) with the SDK external: the function's own weight. */
  bytes: number;
  /** Its budget (lib/bundling.ts). */
  budgetBytes: number;
  /** Output JavaScript bytes of the bundle as deployed (the SDK bundled). */
  deployedBytes: number;
  /** Bytes of input source that went in, by top-level package ("<project>" for our own files), SDK excluded. */
  topInputs: { source: string; bytes: number }[];
  /** Median time to import the bundle in a fresh Node process (ms); undefined if it threw. */
  initMs?: number;
  initRuns: number[];
  /**
   * The same, with the SDK loaded from node_modules as the runtime's would be (the bundle with the
   * SDK external): the other side of the bundle-the-SDK decision (lib/bundling.ts).
   */
  initMsSdkExternal?: number;
  /** What the import threw (a placeholder handler still imports; only init errors land here). */
  initError?: string;
  /** Whether the handler is still the placeholder (`handler not written yet`). */
  placeholder: boolean;
};

const packageOf = (path: string): string => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return m?.[1] ?? '<project>';
};

/** Bundles one function as lib/bundling.ts says; `sdk: 'external'` leaves the AWS SDK out. */
export async function bundleFunction(
  root: string,
  outfile: string,
  name: FunctionName,
  sdk: 'bundled' | 'external',
) {
  return build({
    entryPoints: [join(root, entryOf(name))],
    outfile,
    bundle: true,
    format: BUNDLING.format,
    target: BUNDLING.target,
    platform: BUNDLING.platform,
    mainFields: [...BUNDLING.mainFields],
    minify: BUNDLING.minify,
    sourcemap: 'external',
    banner: { js: BUNDLING.banner },
    external: sdk === 'external' ? [...SDK_PACKAGES] : [...BUNDLING.externalModules],
    metafile: true,
    logLevel: 'silent',
  });
}

/** Output JavaScript bytes of a build (metafile; the source map excluded). */
export const outputBytes = (result: Awaited<ReturnType<typeof bundleFunction>>): number =>
  Object.entries(result.metafile.outputs)
    .filter(([path]) => path.endsWith('.mjs'))
    .reduce((sum, [, o]) => sum + o.bytes, 0);

async function bundleOne(root: string, outDir: string, name: FunctionName) {
  const outfile = join(outDir, name, 'index.mjs');
  const deployed = await bundleFunction(root, outfile, name, 'bundled');
  const result = await bundleFunction(root, join(outDir, name, 'own', 'index.mjs'), name, 'external');
  const outputs = Object.entries(result.metafile.outputs).filter(([path]) => path.endsWith('.mjs'));
  const bytes = outputBytes(result);
  const bySource = new Map<string, number>();
  for (const [, out] of outputs) {
    for (const [path, input] of Object.entries(out.inputs)) {
      const key = packageOf(path);
      bySource.set(key, (bySource.get(key) ?? 0) + input.bytesInOutput);
    }
  }
  const topInputs = [...bySource.entries()]
    .map(([source, b]) => ({ source, bytes: b }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 5);
  writeFileSync(join(outDir, name, 'meta.json'), JSON.stringify(deployed.metafile));
  const ownFile = join(outDir, name, 'own', 'index.mjs');
  return { outfile, ownFile, bytes, deployedBytes: outputBytes(deployed), topInputs };
}

/** One fresh `node` that imports the bundle and prints how long the import took. */
function measureInit(outfile: string, cwd: string): { ms?: number; error?: string } {
  const script = [
    'const t0 = performance.now();',
    `try { await import(${JSON.stringify(pathToFileURL(outfile).href)}); }`,
    'catch (e) { console.log(JSON.stringify({ error: String(e && e.message || e) })); process.exit(0); }',
    'console.log(JSON.stringify({ ms: performance.now() - t0 }));',
  ].join('\n');
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...DUMMY_ENV },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as { ms?: number; error?: string };
  } catch {
    return { error: `no result (exit ${run.status}): ${run.stderr.slice(0, 300)}` };
  }
}

export async function measureBundles(options: {
  root: string;
  outDir: string;
  runs?: number;
}): Promise<BundleResult[]> {
  const runs = options.runs ?? 9;
  const dir = join(options.outDir, 'bundles');
  mkdirSync(dir, { recursive: true });
  const results: BundleResult[] = [];
  for (const name of FUNCTION_NAMES) {
    const { outfile, ownFile, bytes, deployedBytes, topInputs } = await bundleOne(options.root, dir, name);
    const samples: number[] = [];
    const external: number[] = [];
    let initError: string | undefined;
    // Alternated, so that both see the same load on a shared machine.
    for (let i = 0; i < runs; i++) {
      const r = measureInit(outfile, options.root);
      if (r.ms === undefined) {
        initError = r.error;
        break;
      }
      samples.push(r.ms);
      const e = measureInit(ownFile, options.root);
      if (e.ms !== undefined) external.push(e.ms);
    }
    const placeholder = bytes < 200 && topInputs.every((t) => t.source === '<project>');
    results.push({
      name,
      bytes,
      budgetBytes: BUNDLE_BUDGET_BYTES[name],
      deployedBytes,
      topInputs,
      initMs: samples.length ? median(samples) : undefined,
      initRuns: samples.map((s) => Math.round(s * 10) / 10),
      initMsSdkExternal: external.length ? median(external) : undefined,
      initError,
      placeholder,
    });
  }
  return results;
}
