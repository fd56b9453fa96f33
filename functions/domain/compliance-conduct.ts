/**
 * C10.2: how the work was carried out, from the change histories, the notices and the backup
 * records: when each change ran, what ran beside it, what was sent twice or to whom. The clause
 * checks (compliance-checks-*.ts) add these breaches to their own.
 */
import { formatLocal, inZone, isAfter, isBefore, toInstant } from './calendar.ts';
import { postponementDeadline } from './change-plans.ts';
import { type Breach, type Facts, indexOf, inPeriod } from './compliance-facts.ts';
import type { Change, NoticeKind } from './records.ts';

const local = (iso: string, f: Facts) => formatLocal(toInstant(iso), f.customer.timeZone);
const ms = (iso: string) => Date.parse(iso);
const FINISHED = new Set(['succeeded', 'failed-rolled-back', 'rollback-failed']);
/** C7.1: the words by which a notice says that applying may cause loss of service. */
const LOSS_OF_SERVICE =
  /loss of service|service (?:will|may) be (?:partially |completely )?(?:unavailable|interrupted)/i;

/** Each time a change was being applied: from `applying` to its next transition (or still open). */
export function applications(f: Facts): { change: Change; from: string; to?: string }[] {
  return f.changes.flatMap((c) =>
    c.history.flatMap((t, i) =>
      t.to === 'applying'
        ? [{ change: c, from: t.at, ...(c.history[i + 1] ? { to: c.history[i + 1]?.at } : {}) }]
        : [],
    ),
  );
}

/** When each server's rollback failed (C6.3: all automatic work on it stops). */
export const haltedServers = (f: Facts): Map<string, string> => indexOf(f).haltedAt;

/**
 * C3.1 / C4.1 / C5.2: the last application of a change started no earlier than the window it was
 * given (C4.1 when it had been postponed, C5.2 for urgent, C3.1 otherwise).
 */
export function appliedEarly(f: Facts, clause: 'C3.1' | 'C4.1' | 'C5.2'): Breach[] {
  const breaches: Breach[] = [];
  for (const c of f.changes) {
    const i = c.history.findLastIndex((t) => t.to === 'applying');
    const last = c.history[i];
    // After a failure the change is planned again (C6.4): its applyAt is the repeat's, not this run's.
    const replanned = c.history.slice(i + 1).some((t) => t.to === 'failed-rolled-back');
    if (!last || replanned || !inPeriod(last.at, f) || !isBefore(toInstant(last.at), toInstant(c.applyAt)))
      continue;
    const its = c.postponementCount > 0 ? 'C4.1' : c.class === 'urgent' ? 'C5.2' : 'C3.1';
    if (its !== clause) continue;
    breaches.push({
      subjectId: c.id,
      explanation: `applied ${local(last.at, f)}, before its window at ${local(c.applyAt, f)} (${clause})`,
    });
  }
  return breaches;
}

/**
 * C4.2 / C5.4: a granted request was received by the cutoff before the date it moved (the
 * `change.postponed` record says from which date); `urgent` picks which class is judged.
 */
export function grantedAfterCutoff(f: Facts, urgent: boolean, clause: 'C4.2' | 'C5.4'): Breach[] {
  const breaches: Breach[] = [];
  const idx = indexOf(f);
  for (const r of f.requests.filter((r) => inPeriod(r.receivedAt, f) && r.decision?.outcome === 'granted')) {
    const change = idx.changeById.get(r.changeId);
    if (!change || (change.class === 'urgent') !== urgent) continue;
    const moved = idx.postponedByRequest.get(r.id);
    const from = typeof moved?.data.from === 'string' ? moved.data.from : undefined;
    if (from && isAfter(toInstant(r.receivedAt), postponementDeadline(toInstant(from), f.customer, f.cfg)))
      breaches.push({
        subjectId: r.id,
        explanation: `granted although received after the cutoff, ${local(r.receivedAt, f)} (${clause})`,
      });
  }
  return breaches;
}

/** C5.2: an urgent change is applied overnight (it starts before 06:00 local). */
export function urgentInDaytime(f: Facts): Breach[] {
  return applications(f)
    .filter(({ change, from }) => change.class === 'urgent' && inPeriod(from, f))
    .filter(({ from }) => inZone(toInstant(from), f.customer.timeZone).hour >= 6)
    .map(({ change, from }) => ({
      subjectId: change.id,
      explanation: `urgent change applied ${local(from, f)}, not overnight (C5.2)`,
    }));
}

/** C6.3: nothing automatic starts on a server after its rollback failed (no change, no backup). */
export function workAfterHalt(f: Facts): Breach[] {
  const breaches: Breach[] = [];
  const halted = haltedServers(f);
  for (const { change, from } of applications(f)) {
    const since = halted.get(change.serverId);
    if (since && from > since && inPeriod(from, f))
      breaches.push({
        subjectId: change.serverId,
        explanation: `change ${change.id} started ${local(from, f)}, after the rollback failed at ${local(since, f)} (C6.3)`,
      });
  }
  return breaches;
}

/** C6.5: no backup of a server runs while a change is being applied to it. */
export function backupDuringApplication(f: Facts): Breach[] {
  const breaches: Breach[] = [];
  const started = new Map(f.audit.filter((e) => e.type === 'backup.started').map((e) => [e.subjectId, e.at]));
  const appsByServer = new Map<string, ReturnType<typeof applications>>();
  for (const app of applications(f)) {
    const list = appsByServer.get(app.change.serverId) ?? [];
    if (list.length === 0) appsByServer.set(app.change.serverId, list);
    list.push(app);
  }
  for (const b of f.backups) {
    const begin = started.get(b.id);
    if (!begin || !b.finishedAt) continue;
    const clash = (appsByServer.get(b.serverId) ?? []).find(
      ({ from, to }) => ms(begin) < ms(to ?? f.to.toString()) && ms(b.finishedAt ?? begin) > ms(from),
    );
    if (clash)
      breaches.push({
        subjectId: b.serverId,
        explanation: `backup ${b.id} ran ${local(begin, f)}–${local(b.finishedAt, f)} while ${clash.change.id} was applying (C6.5)`,
      });
  }
  return breaches;
}

/**
 * What a sent notice said (its subject and text), as the service composes it. The mail module
 * renders it; the application passes it in (application/channels/notice-wording.ts), so the
 * domain stays below the mail module.
 */
export type NoticeWording = (notice: Facts['notices'][number], f: Facts) => string;

/** C7.1: each notice of planned work, as the service composes it, says it may cause loss of service. */
export function silentOnLossOfService(
  f: Facts,
  wordingOf: NoticeWording,
): { checked: number; breaches: Breach[] } {
  const notices = f.notices.filter(
    (n) => (n.kind === 'scheduled' || n.kind === 'urgent') && n.status === 'sent' && inPeriod(n.sentAt, f),
  );
  const breaches: Breach[] = [];
  for (const n of notices) {
    if (!LOSS_OF_SERVICE.test(wordingOf(n, f)))
      breaches.push({
        subjectId: n.id,
        explanation: 'the notice does not say it may cause loss of service (C7.1)',
      });
  }
  return { checked: notices.length, breaches };
}

/** C9.3: each successful backup is kept both locally and in the cloud. */
export function singleCopyBackups(f: Facts): Breach[] {
  return f.backups
    .filter((b) => b.state === 'succeeded' && inPeriod(b.finishedAt, f))
    .filter((b) => !(b.copies.includes('local') && b.copies.includes('cloud')))
    .map((b) => ({
      subjectId: `${b.serverId}/${b.image}`,
      explanation: `backup ${b.id} copied to ${b.copies.join(', ') || 'nowhere'}, not both local and cloud (C9.3)`,
    }));
}

/** Kinds of notice that only answer a request: one per request and outcome, never a duplicate. */
const ANSWERS: ReadonlySet<NoticeKind> = new Set(['postponement-refused', 'postponement-review']);

/** C11.2: a run delivered twice does its work once: no notice sent twice, no change started twice. */
export function doneTwice(f: Facts): Breach[] {
  const breaches: Breach[] = [];
  const seen = new Map<string, string>();
  const sent = f.notices
    .filter((n) => n.status === 'sent' && inPeriod(n.sentAt, f) && !ANSWERS.has(n.kind))
    .sort((a, b) => (a.sentAt ?? '').localeCompare(b.sentAt ?? ''));
  for (const n of sent) {
    const key = JSON.stringify([n.kind, n.changes.map((c) => [c.changeId, c.applyAt]).sort()]);
    const first = seen.get(key);
    if (first)
      breaches.push({ subjectId: n.id, explanation: `the same notice as ${first} was sent again (C11.2)` });
    else seen.set(key, n.id);
  }
  for (const c of f.changes) {
    let open = false;
    for (const t of c.history) {
      if (t.to === 'applying' && open && inPeriod(t.at, f))
        breaches.push({
          subjectId: c.id,
          explanation: `started again at ${local(t.at, f)} before it finished (C11.2)`,
        });
      if (t.to === 'applying') open = true;
      else if (FINISHED.has(t.to)) open = false;
    }
  }
  return breaches;
}

/** C12.2: notices go to the customer's contacts only (a review request goes to the CS team). */
export function noticesToStrangers(f: Facts): Breach[] {
  const contacts = new Set(f.customer.contacts.map((c) => c.toLowerCase()));
  return f.notices
    .filter((n) => n.status === 'sent' && inPeriod(n.sentAt, f) && n.kind !== 'postponement-review')
    .flatMap((n) => {
      const strangers = n.to.filter((t) => !contacts.has(t.toLowerCase()));
      return strangers.length
        ? [
            {
              subjectId: n.id,
              explanation: `sent to ${strangers.join(', ')}, not a registered contact (C12.2)`,
            },
          ]
        : [];
    });
}
