/**
 * Times for people (C11.1): always in the customer's zone, with the zone named. The instants come
 * from the API; only their rendering happens here.
 */
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string, kind: 'date' | 'time' | 'dateTime' | 'zone'): Intl.DateTimeFormat {
  const key = `${zone}|${kind}`;
  let f = cache.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'date'
        ? { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }
        : kind === 'time'
          ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
          : kind === 'zone'
            ? { timeZoneName: 'short' }
            : {
                weekday: 'short',
                day: 'numeric',
                month: 'short',
                year: 'numeric',
                hour: '2-digit',
                minute: '2-digit',
                hourCycle: 'h23',
              };
    f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, ...options });
    cache.set(key, f);
  }
  return f;
}

const zoneAbbrev = (iso: string, zone: string): string =>
  formatter(zone, 'zone')
    .formatToParts(new Date(iso))
    .find((p) => p.type === 'timeZoneName')?.value ?? '';

/** `Wed, 2 Dec 2026, 01:00 GMT (Europe/London)` */
export const dateTime = (iso: string, zone: string): string =>
  `${formatter(zone, 'dateTime').format(new Date(iso))} ${zoneAbbrev(iso, zone)} (${zone})`;

/** `Wed, 2 Dec 2026, 01:00–05:00 GMT (Europe/London)` */
export function span(startIso: string, endIso: string, zone: string): string {
  const start = new Date(startIso);
  const end = new Date(endIso);
  const sameDay = formatter(zone, 'date').format(start) === formatter(zone, 'date').format(end);
  const tail = sameDay ? formatter(zone, 'time').format(end) : formatter(zone, 'dateTime').format(end);
  return `${formatter(zone, 'dateTime').format(start)}–${tail} ${zoneAbbrev(endIso, zone)} (${zone})`;
}

/** `2 days 4 hours left`, `35 minutes left`, or `passed`. */
export function timeLeft(ms: number): string {
  if (ms <= 0) return 'passed';
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const parts =
    days > 0
      ? [`${days} day${days === 1 ? '' : 's'}`, `${hours} hour${hours === 1 ? '' : 's'}`]
      : hours > 0
        ? [`${hours} hour${hours === 1 ? '' : 's'}`, `${minutes % 60} min`]
        : [`${minutes} minute${minutes === 1 ? '' : 's'}`];
  return `${parts.join(' ')} left`;
}

/** The local calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(iso: string, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));
  return parts;
}

export const CLASS_LABEL: Record<string, string> = {
  upgrade: 'Upgrade',
  important: 'Important patch',
  urgent: 'Urgent patch',
};

export const STATE_LABEL: Record<string, string> = {
  planned: 'Planned',
  notified: 'Notified',
  postponed: 'Postponed',
  applying: 'Being applied',
  succeeded: 'Applied',
  'failed-rolled-back': 'Failed, reversed',
  'rollback-failed': 'Rollback failed',
  superseded: 'Replaced by a newer release',
};
