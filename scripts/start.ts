/**
 * `npm start`: the whole service on this machine. Starts DynamoDB Local, the local SES (with its
 * mail UI), the fleet simulator, the HTTP API and the local scheduler (reading lib/schedules.ts),
 * seeds a demo fleet and plays its schedule on an accelerated clock, printing the timeline as it
 * happens; then the clock goes on in real time.
 *
 * Stopping: Ctrl-C (SIGINT to the whole process group), SIGINT or SIGTERM to the npm process
 * (npm passes them on: the start script `exec`s node, so no shell stands between), closing the
 * terminal (SIGHUP), or the parent dying (even killed with SIGKILL) all stop every service this
 * process started; and each service also exits by itself if this process dies (its stdin is a
 * pipe from here: local/services/processes.ts).
 */
import { Command, InvalidArgumentError } from 'commander';
import { toInstant, toIso } from '../functions/domain/calendar.ts';
import { loadConfig } from '../functions/domain/config.ts';
import { demoScenario, demoServerId } from '../local/demo-fleet.ts';
import { LiveTimeline } from '../local/live-timeline.ts';
import { createPacer } from '../local/pacer.ts';
import { keepRunningInRealTime } from '../local/real-time.ts';
import { startLocalRuntime } from '../local/runtime.ts';
import { runScenario } from '../local/scenario/runner.ts';
import { JavaMissingError } from '../local/services/java.ts';
import { PortInUseError } from '../local/services/ports.ts';
import { onShutdownSignal } from '../local/services/processes.ts';
import { buildWeb } from './build-web.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.LOG_LEVEL ??= 'ERROR';
// A closed terminal makes writes fail (EIO, EPIPE): that must not stop the shutdown half-way.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

const number = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive number`);
  return n;
};
const port = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InvalidArgumentError('a port is 1–65535');
  return n;
};

const opts = new Command()
  .name('start')
  .description('Run the service locally on an accelerated clock with a demo fleet')
  .option('--days <n>', 'virtual days to play', number('--days'), 10)
  .option('--minutes <n>', 'real minutes those days take', number('--minutes'), 5)
  .option('--start <instant>', 'virtual start (ISO 8601); default: today 00:00 UTC')
  .option('--dynamodb-port <port>', 'DynamoDB Local port', port, 8000)
  .option('--ses-port <port>', 'local SES (mail UI) port', port, 8005)
  .option('--api-port <port>', 'HTTP API port', port, 3000)
  .option('--fleet-port <port>', 'fleet simulator (SSM endpoint) port', port, 8010)
  .option('--show-backups', 'also print every successful backup')
  .parse()
  .opts<{
    days: number;
    minutes: number;
    start?: string;
    dynamodbPort: number;
    sesPort: number;
    apiPort: number;
    fleetPort: number;
    showBackups?: boolean;
  }>();

const start = toInstant(opts.start ?? `${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
const speed = (opts.days * 86_400) / (opts.minutes * 60);
const scenario = demoScenario(start, opts.days);
const abort = new AbortController();

let runtime: Awaited<ReturnType<typeof startLocalRuntime>> | undefined;
// Installed first: a stop while the services are still starting stops those already started
// (the rest are killed on exit, local/services/processes.ts).
onShutdownSignal(async (cause) => {
  if (cause !== 'SIGHUP') console.log(`\nstopping (${cause})…`);
  abort.abort();
  await runtime?.stop();
  if (cause !== 'SIGHUP') console.log('stopped: every local service is down.');
});

console.log('patch-promise: starting DynamoDB Local, the local SES, the fleet simulator and the API…');
try {
  await buildWeb(); // the portal and the console, served by the local API (web/dist)
  runtime = await startLocalRuntime({
    start,
    cfg: loadConfig({}),
    tableName: 'patch-promise-local',
    ports: { dynamodb: opts.dynamodbPort, ses: opts.sesPort, api: opts.apiPort, fleet: opts.fleetPort },
    onAlert: (a) => console.log(`${a.at.replace('T', ' ').slice(0, 16)} UTC  ⚠  ALERT to CS: ${a.reason}`),
  });
} catch (error) {
  if (abort.signal.aborted) await new Promise(() => {}); // stopping: the shutdown handler exits
  console.error(error instanceof PortInUseError || error instanceof JavaMissingError ? error.message : error);
  process.exit(1);
}
const rt = runtime;

const { api, ses, dynamodb, ssm } = rt.endpoints;
const where = rt.dynamodbListensOn === '127.0.0.1' ? 'loopback only' : 'EVERY interface: no javac to bind it';
const customers = scenario.customers.map((c) => c.id);
console.log(`
  Customer portal:             ${api}/portal/    (sign in as any demo customer)
  CS console:                  ${api}/console/   (CS key: patch-promise-local-cs-key)
  Mail UI (every email sent):  ${ses}/
  HTTP API:                    ${api}
  DynamoDB Local:              ${dynamodb}   (table patch-promise-local; ${where})
  Fleet simulator (SSM API):   ${ssm}
  Customer tokens (JWT, as Cognito's, valid on this system's clock), for ${customers.join(', ')}:
    export TOKEN=$(npx patchctl token acme --endpoint ${api})
    curl -s -H "Authorization: Bearer $TOKEN" ${api}/v1/changes
    curl -s -X POST -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
      -d '{"reason":"quarter end","acceptRisk":true}' ${api}/v1/changes/vplat-7.2:${demoServerId(0, 0)}/postponements
  CS routes: header x-cs-key: patch-promise-local-cs-key (npx patchctl --endpoint ${api} --help)
  Playing ${opts.days} virtual days from ${toIso(start)} in about ${opts.minutes} minutes (×${Math.round(speed)}), then real time. Ctrl-C stops everything.
`);

const live = new LiveTimeline({ store: rt.service.store, mail: rt.mail, alerts: [], from: start });
let lastFlush = 0;
const onIdle = async (now: ReturnType<typeof toInstant>) => {
  if (Date.now() - lastFlush < 1500) return;
  lastFlush = Date.now();
  await live.flush(now, { skipBackups: !opts.showBackups });
};
const pacer = createPacer({ clock: rt.clock, fleet: rt.fleet, speed, signal: abort.signal, onIdle });

const result = await runScenario(scenario, rt, {
  pace: (at) => pacer.pace(at),
  signal: abort.signal,
  onLog: (entry) => {
    if (entry.error)
      console.log(`${entry.at.slice(0, 16).replace('T', ' ')} UTC  ✖  ${entry.what}: ${entry.error}`);
  },
}).catch((error: unknown) => {
  // Ctrl-C stops the services under the scenario's last reads: that is the stop, not a failure.
  if (abort.signal.aborted) return undefined;
  throw error;
});
if (result && !abort.signal.aborted) {
  await live.flush(toInstant(scenario.end), { skipBackups: !opts.showBackups });
  const notHeld = result.report.clauses.filter((c) => c.status === 'not-held');
  console.log(
    `\n${opts.days} virtual days played: ${result.timeline.length} timeline lines; ` +
      `compliance: ${notHeld.length ? `NOT held: ${notHeld.map((c) => c.clause).join(', ')}` : 'every clause held or not exercised'}.`,
  );
  console.log(
    `The clock now runs in real time from ${scenario.end}: commands finish and the scheduled runs go on. ` +
      'The services keep running (mail UI and API above). Ctrl-C stops everything.',
  );
  await keepRunningInRealTime({
    clock: rt.clock,
    fleet: rt.fleet,
    cfg: rt.cfg,
    timeZones: scenario.customers.map((c) => c.timeZone),
    runScheduled: (input) => rt.service.runScheduled(input),
    signal: abort.signal,
    onIdle,
    onRunError: (tick, error) => {
      if (!abort.signal.aborted)
        console.log(`${toIso(tick.scheduledTime).slice(0, 16)} UTC  ✖  ${tick.run} run: ${error}`);
    },
  });
}
