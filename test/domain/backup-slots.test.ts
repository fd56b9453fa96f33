import { describe, expect, it } from 'vitest';
import { backupSlots } from '../../functions/domain/backup-slots.ts';
import { formatLocal } from '../../functions/domain/calendar.ts';
import { planUrgentChange } from '../../functions/domain/change-plans.ts';
import { backupInterval, overlaps, patchInterval } from '../../functions/domain/intervals.ts';
import { at, cfg, customerIn, iso, london } from './support.ts';

const server = {
  images: [
    { name: 'dc01', activeDirectory: true },
    { name: 'files', activeDirectory: false },
  ],
};
const week = { from: at('2026-11-22T00:00:00Z'), to: at('2026-11-29T00:00:00Z') };

describe('C9 backups', () => {
  it('C9.1 / C9.2 a week holds one full backup per image (Sunday 02:00) and seven AD incrementals (23:00)', () => {
    const slots = backupSlots({ ...week, server, customer: london, cfg });
    const fulls = slots.filter((s) => s.kind === 'full');
    expect(fulls.map((s) => [s.image, iso(s.at)])).toEqual([
      ['dc01', '2026-11-22T02:00:00.000Z'],
      ['files', '2026-11-22T02:00:00.000Z'],
    ]);
    const incrementals = slots.filter((s) => s.kind === 'incremental');
    expect(incrementals).toHaveLength(7);
    expect(incrementals.every((s) => s.image === 'dc01')).toBe(true);
    expect(incrementals.map((s) => formatLocal(s.at, 'Europe/London'))).toContain(
      'Wednesday, 25 November 2026 at 23:00 GMT (Europe/London)',
    );
  });

  it('C9.2 a server without an Active Directory image has no incrementals', () => {
    const plain = { images: [{ name: 'web', activeDirectory: false }] };
    expect(backupSlots({ ...week, server: plain, customer: london, cfg }).map((s) => s.kind)).toEqual([
      'full',
    ]);
  });

  it('C9.4 a full backup that falls inside a Sunday 01:00–05:00 window runs when the window ends', () => {
    const sunday = customerIn('Europe/London', 'SUN', '01:00', 4);
    const slots = backupSlots({ ...week, server, customer: sunday, cfg }).filter((s) => s.kind === 'full');
    expect(slots.map((s) => [iso(s.nominalAt), iso(s.at)])).toEqual([
      ['2026-11-22T02:00:00.000Z', '2026-11-22T05:00:00.000Z'],
      ['2026-11-22T02:00:00.000Z', '2026-11-22T05:00:00.000Z'],
    ]);
  });

  it('C6.5 a full backup of two images (assumed 2 h each until learned) that would run into a 04:00 window starts when the window ends', () => {
    const sunday = customerIn('Europe/London', 'SUN', '04:00', 2);
    const [full] = backupSlots({ ...week, server, customer: sunday, cfg }).filter((s) => s.kind === 'full');
    expect(iso(full?.at)).toBe('2026-11-22T06:00:00.000Z');
  });

  it('C6.5 a backup never runs during an urgent patch passed as busy work', () => {
    const urgent = planUrgentChange({ validatedAt: at('2026-11-21T09:00:00Z'), customer: london, cfg });
    expect(iso(urgent.applyAt)).toBe('2026-11-22T01:00:00.000Z');
    const urgentWork = patchInterval(urgent, london);
    const busy = [urgentWork];
    const slots = backupSlots({ ...week, server, customer: london, cfg, busy });
    expect(slots.filter((s) => s.kind === 'full').map((s) => iso(s.at))).toEqual([
      '2026-11-22T05:00:00.000Z',
      '2026-11-22T05:00:00.000Z',
    ]);
    for (const s of slots) expect(overlaps(backupInterval(s.at, s.minutes), urgentWork)).toBe(false);
  });

  it('C9.4 / C11.2 the full backup on the spring-forward Sunday 2026-03-29 runs at 02:00 BST', () => {
    const slots = backupSlots({
      from: at('2026-03-29T00:00:00Z'),
      to: at('2026-03-30T00:00:00Z'),
      server,
      customer: london,
      cfg,
    });
    expect(slots.map((s) => [s.kind, iso(s.at)])).toEqual([
      ['full', '2026-03-29T01:00:00.000Z'],
      ['full', '2026-03-29T01:00:00.000Z'],
      ['incremental', '2026-03-29T22:00:00.000Z'],
    ]);
  });

  it('C6.5 touching intervals do not overlap; sharing an instant does', () => {
    const a = { start: at('2026-11-22T01:00:00Z'), end: at('2026-11-22T02:00:00Z') };
    expect(overlaps(a, { start: at('2026-11-22T02:00:00Z'), end: at('2026-11-22T03:00:00Z') })).toBe(false);
    expect(overlaps(a, { start: at('2026-11-22T01:59:59Z'), end: at('2026-11-22T03:00:00Z') })).toBe(true);
  });
});
