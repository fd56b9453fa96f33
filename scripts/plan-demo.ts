/**
 * A readable plan for a small sample fleet, from the pure domain core (interim `npm start` until
 * the local system exists). Run: `npx tsx scripts/plan-demo.ts [--now 2026-11-23T23:00:00Z]`.
 * "now" is the real current time unless given; everything printed is in each customer's local time.
 */
import { backupSlots } from '../functions/domain/backup-slots.ts';
import { formatLocal, type Instant, toInstant } from '../functions/domain/calendar.ts';
import {
  planScheduledChange,
  planUrgentChange,
  postponementDeadline,
} from '../functions/domain/change-plans.ts';
import { defaultConfig } from '../functions/domain/config.ts';
import { patchInterval } from '../functions/domain/intervals.ts';
import { Customer, parseOrThrow, Server } from '../functions/domain/records.ts';

const cfg = defaultConfig();

const fleet = [
  {
    customer: { id: 'acme-london', name: 'Acme Ltd', contacts: ['it@acme.example'] },
    servers: [
      { id: 'mi-0a1b2c3d4e5f60718', images: [{ name: 'dc01', activeDirectory: true }, { name: 'files' }] },
      { id: 'mi-0a1b2c3d4e5f60719', images: [{ name: 'erp' }, { name: 'sql' }] },
    ],
  },
  {
    customer: {
      id: 'hudson-ny',
      name: 'Hudson Logistics',
      contacts: ['ops@hudson.example'],
      timeZone: 'America/New_York',
      maintenanceWindow: { weekday: 'SUN', start: '02:00', durationHours: 3 },
    },
    servers: [
      { id: 'mi-1b2c3d4e5f6071829', images: [{ name: 'ad', activeDirectory: true }, { name: 'web' }] },
    ],
  },
  {
    customer: {
      id: 'merlion-sg',
      name: 'Merlion Trading',
      contacts: ['admin@merlion.example'],
      timeZone: 'Asia/Singapore',
      maintenanceWindow: { weekday: 'TUE', start: '03:00', durationHours: 2 },
    },
    servers: [
      { id: 'mi-2c3d4e5f607182930', images: [{ name: 'dc-sg', activeDirectory: true }] },
      { id: 'mi-2c3d4e5f607182931', images: [{ name: 'pos' }, { name: 'stock' }] },
      { id: 'mi-2c3d4e5f607182932', images: [{ name: 'mail' }] },
    ],
  },
];

function nowFromArgs(argv: string[]): Instant {
  const i = argv.indexOf('--now');
  const given = i >= 0 ? argv[i + 1] : undefined;
  return given ? toInstant(new Date(given).toISOString()) : toInstant(new Date().toISOString());
}

const now = nowFromArgs(process.argv.slice(2));
const lines: string[] = [`Plan computed at ${formatLocal(now, 'UTC')}`, ''];

for (const entry of fleet) {
  const customer = parseOrThrow(Customer, entry.customer, 'customer');
  const zone = customer.timeZone;
  const local = (i: Instant) => formatLocal(i, zone);
  const mw = customer.maintenanceWindow;
  lines.push(`== ${customer.name} (${zone}), window ${mw.weekday} ${mw.start} for ${mw.durationHours} h`);
  lines.push(`   now here:              ${local(now)}`);

  const upgrade = planScheduledChange({ from: now, customer, cfg });
  lines.push('   Upgrade validated now (C3.1, C3.2):');
  lines.push(`     notice sent:         ${local(upgrade.noticeAt)}`);
  lines.push(`     window:              ${local(upgrade.applyAt)}`);
  lines.push(`     window ends:         ${local(upgrade.windowEnd)}`);
  lines.push(
    `     postpone until:      ${local(postponementDeadline(upgrade.applyAt, customer, cfg))} (C4.2)`,
  );

  const urgent = planUrgentChange({ validatedAt: now, customer, cfg });
  lines.push('   Urgent release validated now (C5.2, C5.3):');
  lines.push(`     notice sent:         ${local(urgent.noticeAt)}`);
  lines.push(`     applied:             ${local(urgent.applyAt)}`);
  lines.push(
    `     postpone until:      ${local(postponementDeadline(urgent.applyAt, customer, cfg))} (C5.4)`,
  );

  const busy = [patchInterval(urgent, customer)];
  for (const raw of entry.servers) {
    const server = parseOrThrow(
      Server,
      { ...raw, customerId: customer.id, platform: 'hyperplat', version: '7.2' },
      'server',
    );
    const slots = backupSlots({ from: now, to: now.add({ hours: 24 * 7 }), server, customer, cfg, busy });
    const shown = [
      ...slots.filter((s) => s.kind === 'full'),
      ...slots.filter((s) => s.kind === 'incremental').slice(0, 2),
    ];
    shown.sort((a, b) => a.at.epochMilliseconds - b.at.epochMilliseconds);
    lines.push(`   Server ${server.id}: next backups (C9: weekly full, daily AD incremental)`);
    for (const slot of shown) {
      const moved = slot.at.equals(slot.nominalAt) ? '' : ` (moved from ${local(slot.nominalAt)}, C9.4)`;
      lines.push(`     ${slot.kind.padEnd(11)} ${slot.image.padEnd(6)} ${local(slot.at)}${moved}`);
    }
  }
  lines.push('');
}

process.stdout.write(`${lines.join('\n')}\n`);
