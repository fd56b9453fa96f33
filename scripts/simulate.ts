/**
 * `npm run simulate -- --scenario FILE [--out DIR] [--shard-servers N]`: runs a scenario on a
 * virtual clock through the same use cases, store, mail and fleet simulator as `npm start`, as fast
 * as possible, and writes timeline.jsonl, report.json and report.html to DIR (default out/).
 * With --shard-servers, the notice, apply and backup runs fan out in shards of at most N servers
 * through the local shard queue, as the deployed functions do at fleet scale.
 */
import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { toIso } from '../functions/domain/calendar.ts';
import { ValidationError } from '../functions/domain/errors.ts';
import { simulateFile } from '../local/scenario/simulate.ts';
import { JavaMissingError } from '../local/services/java.ts';
import { PortInUseError } from '../local/services/ports.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.LOG_LEVEL ??= 'ERROR';

const program = new Command()
  .name('simulate')
  .description('Run a scenario on a virtual clock and write its timeline and compliance report')
  .requiredOption('-s, --scenario <file>', 'scenario JSON file (see scenarios/)')
  .option('-o, --out <dir>', 'output directory', 'out')
  .option('--no-progress', 'no progress bar (e.g. in CI logs)')
  .option(
    '--shard-servers <n>',
    'fan the notice, apply and backup runs out in shards of at most N servers (runs/fan-out.ts)',
    (value: string) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1)
        throw new InvalidArgumentError('a whole number of servers, at least 1');
      return n;
    },
  )
  .parse();

const opts = program.opts<{ scenario: string; out: string; progress: boolean; shardServers?: number }>();
const bar = new SingleBar({
  format: ' {bar} {percentage}% | simulated {simulated} | {duration_formatted}',
  hideCursor: true,
  stopOnComplete: true,
});
const started = Date.now();

try {
  if (opts.progress) bar.start(1000, 0, { simulated: '' });
  const result = await simulateFile(opts.scenario, {
    out: opts.out,
    ...(opts.shardServers ? { shardServers: opts.shardServers } : {}),
    onProgress: (fraction, at) => {
      if (opts.progress) bar.update(Math.round(fraction * 1000), { simulated: toIso(at).slice(0, 16) });
    },
  });
  if (opts.progress) bar.stop();
  const notHeld = result.report.clauses.filter((c) => c.status === 'not-held');
  const errors = result.log.filter((l) => l.error);
  console.log(
    `\n${result.timeline.length} timeline lines in ${((Date.now() - started) / 1000).toFixed(1)} s → ${result.files.join(', ')}`,
  );
  for (const c of result.report.clauses)
    console.log(`  ${c.clause.padEnd(4)} ${c.status.padEnd(12)} ${c.summary}`);
  if (errors.length) console.log(`  ${errors.length} action/run error(s): see run-log.json`);
  process.exitCode = notHeld.length ? 2 : 0;
} catch (error) {
  if (opts.progress) bar.stop();
  if (error instanceof ValidationError) {
    console.error(error.message.split(': ')[0]);
    for (const issue of error.issues) console.error(`  ${issue.path}: ${issue.message}`);
  } else if (error instanceof PortInUseError || error instanceof JavaMissingError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
}
