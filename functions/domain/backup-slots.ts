/**
 * C9: the backup calendar of one server. C9.1 a weekly full backup of every image (Sunday 02:00
 * local); C9.2 a daily incremental of the Active Directory image (23:00 local); C9.4 a slot that
 * would run inside a maintenance window runs when that window ends, and (C6.5) one that would
 * overlap other patch work (`busy`, e.g. an urgent change) runs when that work ends. A slot lasts
 * what the server's own backups take (backup-durations.ts): a full slot backs up every image one
 * after the other, so it lasts the sum.
 */

import { ASSUMED_MINUTES_PER_IMAGE, type BackupMinutes, slotMinutes } from './backup-durations.ts';
import {
  compareInstants,
  type Instant,
  isBefore,
  localDateOf,
  localToInstant,
  Temporal,
  weekdayOf,
} from './calendar.ts';
import type { ContractConfig } from './config.ts';
import { backupInterval, type Interval, overlaps } from './intervals.ts';
import { type CustomerCalendar, windowsFrom } from './maintenance-windows.ts';
import type { BackupKind, Image } from './records.ts';

/**
 * One backup: `nominalAt` is its calendar slot (a stable key); `at` is when it runs after C9.4;
 * `minutes` how long its server is planned to be busy with the slot (all its images of that kind).
 */
export type BackupSlot = {
  image: string;
  kind: BackupKind;
  nominalAt: Instant;
  at: Instant;
  minutes: number;
};

/** A moved slot can hit a later window or busy interval; a handful of moves settles any real week. */
const MAX_MOVES = 16;

/** C9.4 / C6.5: the first start at or after `at` at which the backup overlaps no window or busy work. */
export function moveOutOfWork(
  at: Instant,
  minutes: number,
  customer: CustomerCalendar,
  busy: readonly Interval[] = [],
): Instant {
  let start = at;
  for (let i = 0; i < MAX_MOVES; i++) {
    const mine = backupInterval(start, minutes);
    const windows: Interval[] = windowsFrom(start.subtract({ hours: 24 }), customer, 3);
    const hit = [...windows, ...busy].filter((w) => overlaps(mine, w));
    if (hit.length === 0) return start;
    start = hit.map((w) => w.end).reduce((a, b) => (isBefore(a, b) ? b : a));
  }
  return start;
}

/** C9.1 / C9.2 / C9.4: the backups whose calendar slot is in [from, to), sorted by run time. */
export function backupSlots(input: {
  from: Instant;
  to: Instant;
  server: { images: readonly Image[] };
  customer: CustomerCalendar;
  cfg: ContractConfig;
  busy?: readonly Interval[];
  /** Minutes per image this server's backups take (learnedBackupMinutes), else the assumption. */
  perImage?: BackupMinutes;
  /**
   * C9.4 C11.2: no slot runs before this instant (a run catching up slots after their time starts
   * them now, so a slot is judged against the windows from now, not from its nominal time).
   */
  notBefore?: Instant;
}): BackupSlot[] {
  const { from, to, server, customer, cfg, busy = [], perImage = ASSUMED_MINUTES_PER_IMAGE } = input;
  // A slot that fits from when it can start keeps its nominal time (it is due, and runs now);
  // one that would run into a window or other work from then moves to where that ends.
  const placed = (nominalAt: Instant, length: number): Instant => {
    const start = input.notBefore && isBefore(nominalAt, input.notBefore) ? input.notBefore : nominalAt;
    const at = moveOutOfWork(start, length, customer, busy);
    return compareInstants(at, start) === 0 ? nominalAt : at;
  };
  const zone = customer.timeZone;
  const adImage = server.images.find((i) => i.activeDirectory);
  const nominal: Omit<BackupSlot, 'at' | 'minutes'>[] = [];
  const minutes = (kind: BackupKind) =>
    slotMinutes(perImage, kind, kind === 'full' ? server.images.length : 1);
  const last = localDateOf(to, zone);
  for (
    let date = localDateOf(from, zone);
    Temporal.PlainDate.compare(date, last) <= 0;
    date = date.add({ days: 1 })
  ) {
    if (weekdayOf(date) === cfg.backups.fullWeekday) {
      const at = localToInstant(date, cfg.backups.fullTime, zone);
      for (const image of server.images) nominal.push({ image: image.name, kind: 'full', nominalAt: at });
    }
    if (adImage) {
      const at = localToInstant(date, cfg.backups.incrementalTime, zone);
      nominal.push({ image: adImage.name, kind: 'incremental', nominalAt: at });
    }
  }
  return nominal
    .filter((s) => !isBefore(s.nominalAt, from) && isBefore(s.nominalAt, to))
    .map((s) => ({
      ...s,
      minutes: minutes(s.kind),
      at: placed(s.nominalAt, minutes(s.kind)),
    }))
    .sort(
      (a, b) => compareInstants(a.at, b.at) || a.image.localeCompare(b.image) || a.kind.localeCompare(b.kind),
    );
}
