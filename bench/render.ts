/**
 * Re-derives the plan, cost and checks from the measurements in bench/results.json and rewrites
 * bench/RESULTS.md, without measuring again: `npx tsx bench/render.ts [--ses-rate 14]`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type BenchResults, renderMarkdown } from './report.ts';
import { DEFAULT_SHARD_OPTIONS } from './shards.ts';
import { summarise } from './summary.ts';

const BENCH = fileURLToPath(new URL('./', import.meta.url));
const stored = JSON.parse(readFileSync(`${BENCH}results.json`, 'utf8')) as BenchResults;
const sesAt = process.argv.indexOf('--ses-rate');
const sesRate = sesAt > 0 ? Number(process.argv[sesAt + 1]) : stored.shardOptions.sesRatePerSecond;
const derived = summarise({
  fleets: stored.fleets,
  bundles: stored.bundles,
  shardOptions: { ...DEFAULT_SHARD_OPTIONS, ...stored.shardOptions, sesRatePerSecond: sesRate },
  started: performance.now() - stored.durationSeconds * 1000,
  loadBefore: stored.machine.loadAverageBefore,
});
const results: BenchResults = {
  ...derived,
  generatedAt: stored.generatedAt,
  machine: stored.machine,
  ...(stored.bundlesMeasured ? { bundlesMeasured: stored.bundlesMeasured } : {}),
  durationSeconds: stored.durationSeconds,
};
writeFileSync(`${BENCH}results.json`, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(`${BENCH}RESULTS.md`, renderMarkdown(results));
console.log(renderMarkdown(results));
