/**
 * `npm start` prints the timeline as it happens: it reads the service's own records back every
 * few seconds (the same collector as the simulator) and prints the lines it has not shown yet,
 * in words, with times in UTC and in the customer's zone.
 */
import type { Store } from '../functions/application/ports.ts';
import { formatLocal, type Instant, toInstant } from '../functions/domain/calendar.ts';
import type { RaisedAlert } from './recording-alerter.ts';
import type { TimelineEvent } from './scenario/timeline.ts';
import { collectTimeline } from './scenario/timeline-collector.ts';
import type { SesLocalStore } from './services/ses-local.ts';

const short = (iso: string) => iso.replace('T', ' ').slice(0, 16);

export function describeEvent(e: TimelineEvent, zoneOf: (customerId?: string) => string | undefined): string {
  const local = (iso: string, customerId?: string) => {
    const zone = zoneOf(customerId);
    return zone ? formatLocal(toInstant(iso), zone) : `${short(iso)} UTC`;
  };
  switch (e.type) {
    case 'notice.sent':
      return `✉  ${e.kind} notice to ${e.to.join(', ')} (${e.customerId}): ${e.changes
        .map((c) => `${c.releaseId} on ${c.serverId} at ${local(c.applyAt, e.customerId)}`)
        .join('; ')}`;
    case 'request.received':
      return `⇠  postponement request by ${e.via} from ${e.from} (${e.customerId}) for ${e.changeId}`;
    case 'postponement.decided':
      return `⚖  ${e.decision} (${e.clause}) ${e.changeId}${e.newApplyAt ? ` → ${local(e.newApplyAt, e.customerId)}` : ''}${e.reason ? `: ${e.reason}` : ''}`;
    case 'apply.started':
      return `▶  applying ${e.releaseId} (${e.class}) on ${e.serverId} (${e.customerId})`;
    case 'apply.finished':
      return `${e.outcome === 'succeeded' ? '✔' : '✖'}  ${e.releaseId} on ${e.serverId}: ${e.outcome}`;
    case 'backup.finished':
      return `${e.outcome === 'succeeded' ? '⛁' : '✖'}  ${e.kind} backup of ${e.image} on ${e.serverId}: ${e.outcome} (${e.copies.join(' + ') || 'no copy'})`;
    case 'alert.raised':
      return `⚠  ALERT to CS${e.clause ? ` [${e.clause}]` : ''}: ${e.reason}`;
  }
}

export class LiveTimeline {
  #shown = new Set<string>();
  #zones = new Map<string, string>();

  constructor(
    private readonly deps: { store: Store; mail: SesLocalStore; alerts: RaisedAlert[]; from: Instant },
    private readonly print: (line: string) => void = console.log,
  ) {}

  /** Prints the lines that appeared since the last call, up to `upTo`. */
  async flush(upTo: Instant, options: { skipBackups?: boolean } = {}): Promise<void> {
    if (!this.#zones.size) {
      for (const c of await this.deps.store.directory.listCustomers()) this.#zones.set(c.id, c.timeZone);
    }
    const lines = await collectTimeline({
      store: this.deps.store,
      emails: await this.deps.mail.list(),
      alerts: this.deps.alerts,
      from: this.deps.from,
      to: upTo,
    });
    for (const e of lines) {
      const key = JSON.stringify(e);
      if (this.#shown.has(key)) continue;
      this.#shown.add(key);
      if (options.skipBackups && e.type === 'backup.finished' && e.outcome === 'succeeded') continue;
      this.print(`${short(e.at)} UTC  ${describeEvent(e, (id) => (id ? this.#zones.get(id) : undefined))}`);
    }
  }
}
