/** C10.2 checks of failure notices, records, time and trust: C8, C10–C12 (C9: compliance-backups.ts). */
import { formatLocal, isAfter, toInstant } from './calendar.ts';
import { applications, doneTwice, noticesToStrangers } from './compliance-conduct.ts';
import {
  type Breach,
  type ClauseVerdict,
  evidenceFor,
  type Facts,
  indexOf,
  inPeriod,
  transitionsInPeriod,
  verdict,
} from './compliance-facts.ts';
import { workingHoursBetween } from './working-hours.ts';

const local = (iso: string, f: Facts) => formatLocal(toInstant(iso), f.customer.timeZone);

export function checkFailureNotices(f: Facts): ClauseVerdict {
  const breaches: Breach[] = [];
  let checked = 0;
  const limit = f.cfg.failureNoticeWorkingHours;
  const idx = indexOf(f);
  for (const c of f.changes) {
    for (const t of transitionsInPeriod(c, 'failed-rolled-back', f)) {
      checked++;
      const notice = (idx.sentNoticesByChange.get(c.id) ?? [])
        .filter((n) => n.kind === 'failure' && n.sentAt && n.sentAt >= t.at)
        .sort((a, b) => (a.sentAt ?? '').localeCompare(b.sentAt ?? ''))[0];
      const failedAt = toInstant(t.at);
      if (!notice?.sentAt) {
        if (workingHoursBetween(failedAt, f.now, f.cfg) > limit)
          breaches.push({
            subjectId: c.id,
            explanation: `failed at ${local(t.at, f)} and no failure notice was sent (C8.1)`,
          });
        continue;
      }
      const took = workingHoursBetween(failedAt, toInstant(notice.sentAt), f.cfg);
      if (took > limit)
        breaches.push({
          subjectId: c.id,
          explanation: `failure notice sent ${local(notice.sentAt, f)}, ${took.toFixed(2)} working hours after the failure; at most ${limit} are allowed (C8.2)`,
        });
    }
  }
  // C8.1: a success sends nothing.
  for (const n of f.notices.filter((n) => n.kind === 'failure' && inPeriod(n.sentAt, f))) {
    checked++;
    for (const line of n.changes) {
      const change = idx.changeById.get(line.changeId);
      if (change && !change.history.some((h) => h.to === 'failed-rolled-back'))
        breaches.push({
          subjectId: n.id,
          explanation: `failure notice for ${line.changeId}, which never failed (C8.1)`,
        });
    }
  }
  return verdict(
    'C8',
    'Notice after application',
    breaches,
    checked,
    evidenceFor(f, 'C8', []),
    'failures and failure notices',
  );
}

export function checkRecords(f: Facts): ClauseVerdict {
  const breaches: Breach[] = [];
  const requests = f.requests.filter((r) => inPeriod(r.receivedAt, f));
  const subjects = new Set(f.audit.map((e) => e.subjectId));
  for (const r of requests) {
    if (!subjects.has(r.id))
      breaches.push({ subjectId: r.id, explanation: 'request without an audit record (C10.1)' });
    if (!r.decision)
      breaches.push({ subjectId: r.id, explanation: 'request without a recorded decision (C10.1)' });
  }
  const sent = f.notices.filter((n) => inPeriod(n.sentAt, f));
  for (const n of sent) {
    if (!subjects.has(n.id))
      breaches.push({ subjectId: n.id, explanation: 'notice without an audit record (C10.1)' });
  }
  return verdict(
    'C10',
    'Records',
    breaches,
    requests.length + sent.length,
    evidenceFor(f, 'C10', []),
    'requests and notices',
  );
}

export function checkTime(f: Facts): ClauseVerdict {
  const breaches: Breach[] = [];
  const decided = f.requests.filter((r) => inPeriod(r.receivedAt, f) && r.decision);
  for (const r of decided) {
    if (r.decision && isAfter(toInstant(r.receivedAt), toInstant(r.decision.decidedAt)))
      breaches.push({
        subjectId: r.id,
        explanation: 'decided before the service received it: not judged on receipt time (C11.3)',
      });
  }
  breaches.push(...doneTwice(f));
  const sent = f.notices.filter((n) => n.status === 'sent' && inPeriod(n.sentAt, f));
  const applied = applications(f).filter((a) => inPeriod(a.from, f));
  return verdict(
    'C11',
    'Time',
    breaches,
    decided.length + sent.length + applied.length,
    evidenceFor(f, 'C11', ['run.']),
    'decisions, notices and applications',
  );
}

export function checkTrust(f: Facts): ClauseVerdict {
  const breaches: Breach[] = [];
  const contacts = new Set(f.customer.contacts);
  const emailed = f.requests.filter((r) => r.via === 'email' && inPeriod(r.receivedAt, f));
  for (const r of emailed) {
    if (!contacts.has(r.requester.toLowerCase()))
      breaches.push({
        subjectId: r.id,
        explanation: `accepted from ${r.requester}, not a registered contact (C12.2)`,
      });
  }
  const changes = indexOf(f).changeById;
  const foreign = f.requests.filter((r) => !changes.has(r.changeId));
  for (const r of foreign)
    breaches.push({ subjectId: r.id, explanation: "request on another customer's change (C12.1)" });
  const strangers = noticesToStrangers(f);
  breaches.push(...strangers);
  const sent = f.notices.filter((n) => n.status === 'sent' && inPeriod(n.sentAt, f));
  const evidence = evidenceFor(f, 'C12', ['inbound.']);
  return verdict(
    'C12',
    'Trust',
    breaches,
    emailed.length + sent.length + evidence.length,
    evidence,
    'emailed requests, notices and refused messages',
  );
}
