/**
 * patchctl: the CS team's command line over the HTTP API.
 *   patchctl customers add --id acme --name "Acme Ltd" --contact ops@acme.example
 *   patchctl urgent rel-2026-11 --targets all
 *   patchctl report acme --from 2026-11-01T00:00:00Z --to 2026-12-01T00:00:00Z
 * Local: --endpoint http://127.0.0.1:3000 (default) with the local CS key. Deployed: the API's
 * URL; CS requests are SigV4-signed with the default AWS credential chain.
 */
import { pathToFileURL } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_LOCAL_CS_KEY, LOCAL_CLOCK_PATH, signCustomerToken } from '../local/local-auth.ts';
import { CliError, createClient, listAll } from './api-client.ts';
import { type Registered, registrationText, reportText, table } from './format.ts';

export type Io = { out: (text: string) => void; err: (text: string) => void };

const list = (value: string, previous: string[] = []) => [
  ...previous,
  ...value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

export function buildProgram(io: Io): Command {
  const program = new Command('patchctl')
    .description('Customer Success command line for the patch promise service')
    .addOption(
      new Option('--endpoint <url>', 'API base URL')
        .env('PATCHCTL_ENDPOINT')
        .default('http://127.0.0.1:3000'),
    )
    .addOption(
      new Option('--cs-key <key>', 'local CS key (x-cs-key header; loopback endpoints only)')
        .env('PATCH_LOCAL_CS_KEY')
        .default(DEFAULT_LOCAL_CS_KEY),
    )
    .option('--region <region>', 'AWS region for SigV4 signing (deployed endpoints; default AWS_REGION)')
    .option('--json', 'print the raw JSON answer')
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride();

  const api = () => {
    const o = program.opts<{ endpoint: string; csKey: string; region?: string }>();
    return createClient({ endpoint: o.endpoint, csKey: o.csKey, ...(o.region ? { region: o.region } : {}) });
  };
  const print = (value: unknown, text: () => string) =>
    io.out(program.opts().json ? JSON.stringify(value, null, 2) : text());

  const customers = program.command('customers').description('customers: contacts, time zone, window');
  customers
    .command('add')
    .description('register a customer')
    .requiredOption('--id <id>', 'customer id (lowercase letters, digits, dashes)')
    .requiredOption('--name <name>', 'organisation name')
    .requiredOption('--contact <emails>', 'contact email(s), comma-separated or repeated', list)
    .option('--time-zone <zone>', 'IANA time zone (default Europe/London)')
    .option('--window <spec>', 'maintenance window "WED 01:00 4" (weekday, start, hours)')
    .action(async (o) => {
      const body: Record<string, unknown> = { id: o.id, name: o.name, contacts: o.contact };
      if (o.timeZone) body.timeZone = o.timeZone;
      if (o.window) body.maintenanceWindow = windowOf(o.window);
      const customer = await api()('POST', '/v1/cs/customers', body);
      print(customer, () => `added customer ${o.id}`);
    });
  customers
    .command('list')
    .description('list customers (every page)')
    .addOption(pageSizeOption())
    .action(async (o) => {
      const rows = await listAll<Record<string, unknown>>(api(), '/v1/cs/customers', 'customers', {
        limit: o.pageSize,
      });
      print(rows, () =>
        table(
          rows.map((c) => ({ ...c, window: windowText(c.maintenanceWindow) })),
          ['id', 'name', 'timeZone', 'window', 'contacts'],
        ),
      );
    });

  const servers = program.command('servers').description('customer-premises servers (SSM managed instances)');
  servers
    .command('add')
    .description('register a server')
    .requiredOption('--id <mi>', 'managed instance id, mi- + 17 hex digits')
    .requiredOption('--customer <id>', 'owning customer')
    .requiredOption('--platform <platform>', 'platform name')
    .requiredOption('--version <version>', 'platform version it runs')
    .requiredOption('--image <names>', 'image name(s), comma-separated or repeated', list)
    .option('--ad-image <name>', 'the Active Directory image (C9.2: backed up daily); one of --image')
    .action(async (o) => {
      const names = o.image as string[];
      const adImage = o.adImage as string | undefined;
      // C9.2: an AD image that is not a server image would be dropped, and never backed up daily.
      if (adImage !== undefined && !names.includes(adImage)) {
        throw new CliError(
          `--ad-image ${adImage} is not one of the images (--image ${names.join(',')}): list it in --image too`,
        );
      }
      const images = names.map((name) => ({ name, activeDirectory: name === adImage }));
      const body = {
        id: o.id,
        customerId: o.customer,
        platform: o.platform,
        version: o.version,
        images,
        // The API checks it too (a 400 names the field), for callers other than patchctl.
        ...(adImage !== undefined ? { activeDirectoryImage: adImage } : {}),
      };
      const server = await api()('POST', '/v1/cs/servers', body);
      print(server, () => `added server ${o.id} for ${o.customer}`);
    });
  servers
    .command('list')
    .description('list servers (every page)')
    .option('--customer <id>', 'only this customer')
    .addOption(pageSizeOption())
    .action(async (o) => {
      const rows = await listAll<Record<string, unknown>>(api(), '/v1/cs/servers', 'servers', {
        query: o.customer ? { customerId: o.customer } : {},
        limit: o.pageSize,
      });
      print(rows, () => table(rows, ['id', 'customerId', 'platform', 'version', 'status']));
    });

  program
    .command('releases')
    .description('validated vendor releases')
    .command('add')
    .description('register a validated release (an urgent one is planned at once, C5.1)')
    .requiredOption('--id <id>', 'release id')
    .requiredOption('--platform <platform>', 'platform')
    .requiredOption('--version <version>', 'platform version it brings')
    .addOption(
      new Option('--class <class>', 'C1 class')
        .choices(['upgrade', 'important', 'urgent'])
        .makeOptionMandatory(),
    )
    .requiredOption('--title <title>', 'what changes, for the notice')
    .option('--description <text>', 'why (C3.3)')
    .option('--vendor-ref <ref>', 'vendor reference')
    .option('--targets <targets>', 'urgent only: "all" or mi-… ids, comma-separated')
    .action(async (o) => {
      const body: Record<string, unknown> = {
        id: o.id,
        platform: o.platform,
        version: o.version,
        class: o.class,
        title: o.title,
      };
      if (o.description) body.description = o.description;
      if (o.vendorRef) body.vendorReference = o.vendorRef;
      if (o.targets) body.targets = targetsOf(o.targets);
      const out = await untilComplete(() => api()<Registered>('POST', '/v1/cs/releases', body), io.err);
      print(out, () => registrationText(`${out.created ? 'registered' : 'already registered'} ${o.id}`, out));
    });

  program
    .command('urgent')
    .description('C5.1: apply a registered urgent release as soon as possible')
    .argument('<release>', 'release id')
    .requiredOption('--targets <targets>', '"all" or mi-… ids, comma-separated')
    .action(async (release: string, o) => {
      const out = await untilComplete(
        () =>
          api()<Registered>('POST', '/v1/cs/urgent-patches', {
            releaseId: release,
            targets: targetsOf(o.targets),
          }),
        io.err,
      );
      print(out, () => registrationText(`urgent release ${release}`, out));
    });

  const reviews = program.command('reviews').description('C4.4: postponements waiting for the CS team');
  reviews
    .command('list')
    .description('list requests waiting for review (every page)')
    .addOption(pageSizeOption())
    .action(async (o) => {
      const rows = await listAll<Record<string, unknown>>(api(), '/v1/cs/reviews', 'reviews', {
        limit: o.pageSize,
      });
      print(rows, () =>
        table(
          rows.map((r) => ({
            ...r,
            proposed: (r.decision as { newApplyAt?: string } | undefined)?.newApplyAt,
          })),
          ['id', 'customerId', 'changeId', 'requester', 'receivedAt', 'proposed', 'reason'],
        ),
      );
    });
  for (const verb of ['approve', 'refuse'] as const) {
    reviews
      .command(verb)
      .description(`${verb} a request waiting for review`)
      .argument('<requestId>', 'request id (from reviews list)')
      .requiredOption('--reason <text>', 'the reason told to the customer')
      .action(async (id: string, o) => {
        const out = await api()('POST', `/v1/cs/reviews/${encodeURIComponent(id)}/${verb}`, {
          reason: o.reason,
        });
        print(out, () => `${verb === 'approve' ? 'approved' : 'refused'} ${id}`);
      });
  }

  program
    .command('report')
    .description('C10.2: whether each clause held for a customer in a period')
    .argument('<customer>', 'customer id')
    .requiredOption('--from <instant>', 'start, ISO 8601 (e.g. 2026-11-01T00:00:00Z)')
    .requiredOption('--to <instant>', 'end, ISO 8601')
    .action(async (customer: string, o) => {
      const q = new URLSearchParams({ from: o.from, to: o.to });
      const report = await api()<Parameters<typeof reportText>[0]>(
        'GET',
        `/v1/cs/reports/${encodeURIComponent(customer)}?${q}`,
      );
      print(report, () => reportText(report));
    });

  program
    .command('token')
    .description(
      'LOCAL ONLY: print a customer token (HS256 JWT) the local API server accepts, valid from the ' +
        "local system's clock (virtual under npm start, read from --endpoint)",
    )
    .argument('<customerId>', 'customer id')
    .option('--ttl <hours>', "validity in hours of the local system's clock", String(DEFAULT_TOKEN_TTL_HOURS))
    .option('--subject <sub>', 'the user named in the token')
    .action(async (customerId: string, o) => {
      const ttlSeconds = Math.round(Number(o.ttl) * 3600);
      if (!(ttlSeconds > 0)) throw new CliError('--ttl must be a positive number of hours');
      const nowSeconds = await localClockSeconds(program.opts<{ endpoint: string }>().endpoint, io.err);
      io.out(
        signCustomerToken(customerId, {
          ttlSeconds,
          nowSeconds,
          ...(o.subject ? { subject: o.subject } : {}),
        }),
      );
    });
  return program;
}

/** List commands read every page; this sets how many records each request asks for. */
const pageSizeOption = () =>
  new Option(
    '--page-size <n>',
    'records per request (the API answers a page at a time, at most 1000)',
  ).argParser((v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw new CliError('--page-size must be 1–1000');
    return n;
  });

/**
 * 30 days: under npm start the local clock runs thousands of times faster than real time during
 * the play, so a token of a few hours would expire within seconds.
 */
export const DEFAULT_TOKEN_TTL_HOURS = 720;

/**
 * The local API's clock (GET /local/clock), in epoch seconds: npm start's clock is virtual, and a
 * token is checked against it. Real time, with a note, when the API cannot be reached.
 */
async function localClockSeconds(endpoint: string, note: (line: string) => void): Promise<number> {
  try {
    const res = await fetch(new URL(LOCAL_CLOCK_PATH, endpoint), { signal: AbortSignal.timeout(3000) });
    const { now } = (await res.json()) as { now?: string };
    const ms = now ? Date.parse(now) : Number.NaN;
    if (res.ok && Number.isFinite(ms)) return Math.floor(ms / 1000);
  } catch {
    // below
  }
  note(`patchctl: could not read the local API's clock at ${endpoint}; the token starts now (real time)`);
  return Math.floor(Date.now() / 1000);
}

function windowOf(spec: string) {
  const m = /^([A-Za-z]{3})\s+(\d{2}:\d{2})\s+(\d{1,2})h?$/.exec(spec.trim());
  if (!m) throw new CliError('--window must look like "WED 01:00 4" (weekday, start, hours)');
  return { weekday: m[1]?.toUpperCase(), start: m[2], durationHours: Number(m[3]) };
}

const windowText = (w: unknown) => {
  const win = w as { weekday?: string; start?: string; durationHours?: number } | undefined;
  return win ? `${win.weekday} ${win.start} ${win.durationHours}h` : '';
};

const targetsOf = (value: string): 'all' | string[] => (value.trim() === 'all' ? 'all' : list(value));

/** Runs patchctl; returns the exit code (0 on success). */
export async function run(argv: string[], io: Io): Promise<number> {
  try {
    await buildProgram(io).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      io.err(`patchctl: ${error.message}`);
      return error.exitCode;
    }
    io.err(`patchctl: ${(error as Error).message}`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const code = await run(process.argv.slice(2), { out: (s) => console.log(s), err: (s) => console.error(s) });
  process.exitCode = code;
}

/**
 * A large platform may not fit the API's 29 s: the answer then says `complete: false` and how many
 * servers remain, and the same request again plans the rest (registration is idempotent). What the
 * calls did is added up: changes created by any of them are new, superseded and skipped are merged.
 */
export async function untilComplete(
  call: () => Promise<Registered>,
  note: (line: string) => void,
): Promise<Registered> {
  let out = await call();
  const created = out.created;
  let newChanges = out.newChanges;
  const superseded = new Set(out.superseded ?? []);
  for (let round = 1; out.complete === false; round++) {
    if (round > 1000) throw new Error('registration made no progress after 1,000 calls');
    note(`… ${out.remaining} server(s) left, continuing`);
    out = await call();
    if (newChanges !== undefined && out.newChanges !== undefined) newChanges += out.newChanges;
    for (const id of out.superseded ?? []) superseded.add(id);
  }
  return {
    ...out,
    created,
    ...(newChanges !== undefined ? { newChanges } : {}),
    ...(out.superseded !== undefined ? { superseded: [...superseded] } : {}),
  };
}
