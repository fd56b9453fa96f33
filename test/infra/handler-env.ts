/**
 * Which catalog variables a handler's code reads, found in its tree-shaken esbuild bundle (so only
 * code Lambda would run counts): member reads (`process.env.X`, `env.X`, `source.X`) and quoted
 * names (`readEnv(['X'])`, `process.env['X']`) of the catalog's variables.
 */
import { build } from 'esbuild';
import { ENV_VARS, entryOf, type FunctionName } from '../../lib/function-catalog.ts';

const repoFile = (path: string): string => new URL(`../../${path}`, import.meta.url).pathname;

export async function envReadBy(name: FunctionName): Promise<string[]> {
  const result = await build({
    entryPoints: [repoFile(entryOf(name))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    treeShaking: true,
    minify: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles.map((f) => f.text).join('\n');
  return ENV_VARS.filter((v) => new RegExp(`\\.${v}\\b|['"\`]${v}['"\`]`).test(code)).sort();
}
