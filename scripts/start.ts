/**
 * `npm start`: the whole service on this machine. Starts DynamoDB Local, the local SES (with its
 * mail UI), the fleet simulator, the HTTP API and the local scheduler (reading lib/schedules.ts),
 * seeds a demo fleet and plays its schedule on an accelerated clock, printing the timeline as it
 * happens. Ctrl-C stops every process it started.
 */
import { Command, InvalidArgumentError } from 'commander';
import { toInstant, toIso } from '../functions/domain/calendar.ts';
import { loadConfig } from '../functions/domain/config.ts';
import { demoScenario, demoServerId } from '../local/demo-fleet.ts';
import { LiveTimeline } from '../local/live-timeline.ts';
import { signCustomerToken } from '../local/local-auth.ts';
import { createPacer } from '../local/pacer.ts';
import { startLocalRuntime } from '../local/runtime.ts';
import { runScenario } from '../local/scenario/runner.ts';
import { JavaMissingError } from '../local/services/java.ts';
import { PortInUseError } from '../local/services/ports.ts';
import { onShutdownSignal } from '../local/services/processes.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.LOG_LEVEL ??= 'ERROR';

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

console.log('patch-promise: starting DynamoDB Local, the local SES, the fleet simulator and the API…');
let runtime: Awaited<ReturnType<typeof startLocalRuntime>>;
try {
  runtime = await startLocalRuntime({
    start,
    cfg: loadConfig({}),
    tableName: 'patch-promise-local',
    ports: { dynamodb: opts.dynamodbPort, ses: opts.sesPort, api: opts.apiPort, fleet: opts.fleetPort },
    onAlert: (a) => console.log(`${a.at.replace('T', ' ').slice(0, 16)} UTC  ⚠  ALERT to CS: ${a.reason}`),
  });
} catch (error) {
  console.error(error instanceof PortInUseError || error instanceof JavaMissingError ? error.message : error);
  process.exit(1);
}
onShutdownSignal(async () => {
  console.log('\nstopping…');
  abort.abort();
  await runtime.stop();
  console.log('stopped: every local service is down.');
});

const nowSeconds = Math.floor(start.epochMilliseconds / 1000);
const token = (customerId: string) =>
  signCustomerToken(customerId, {
    nowSeconds,
    ttlSeconds: (opts.days + 30) * 86_400,
    subject: `ops@${customerId}.example`,
  });
const { api, ses, dynamodb, ssm } = runtime.endpoints;
console.log(`
  Mail UI (every email sent):  ${ses}/
  HTTP API:                    ${api}
  DynamoDB Local:              ${dynamodb}   (table patch-promise-local)
  Fleet simulator (SSM API):   ${ssm}
  Customer tokens (JWT, as Cognito's), e.g. for acme:
    export TOKEN=${token('acme')}
    curl -s -H "Authorization: Bearer $TOKEN" ${api}/v1/changes
    curl -s -X POST -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
      -d '{"reason":"quarter end","acceptRisk":true}' ${api}/v1/changes/vplat-7.2:${demoServerId(0, 0)}/postponements
  Other customers: bolt, globex, initech (ops@<id>.example); CS routes: header x-cs-key: patch-promise-local-cs-key
  Playing ${opts.days} virtual days from ${toIso(start)} in about ${opts.minutes} minutes (×${Math.round(speed)}). Ctrl-C stops everything.
`);

const live = new LiveTimeline({ store: runtime.service.store, mail: runtime.mail, alerts: [], from: start });
let lastFlush = 0;
const pacer = createPacer({
  clock: runtime.clock,
  fleet: runtime.fleet,
  speed,
  signal: abort.signal,
  onIdle: async (now) => {
    if (Date.now() - lastFlush < 1500) return;
    lastFlush = Date.now();
    await live.flush(now, { skipBackups: !opts.showBackups });
  },
});

const result = await runScenario(scenario, runtime, {
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
  console.log('The services keep running (mail UI and API above). Ctrl-C stops everything.');
}
