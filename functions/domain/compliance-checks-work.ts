/** C10.2 checks of scheduled and urgent work: C1–C7. Each returns one clause's verdict. */
import { formatLocal, hoursBetween, isAfter, localDateOf, localToInstant, toInstant } from './calendar.ts';
import { isScheduledClass, localDaysBetween } from './change-plans.ts';
import {
  appliedEarly,
  backupDuringApplication,
  grantedAfterCutoff,
  type NoticeWording,
  silentOnLossOfService,
  urgentInDaytime,
  workAfterHalt,
} from './compliance-conduct.ts';
import {
  type Breach,
  type ClauseVerdict,
  evidenceFor,
  type Facts,
  indexOf,
  inPeriod,
  sentNoticesFor,
  transitionsInPeriod,
  verdict,
} from './compliance-facts.ts';
import {
  brokenUrgentNights,
  replannedTooOften,
  staleReviews,
  unconfirmedGrants,
  unconvergedChanges,
} from './obligations-work.ts';
import type { Change } from './records.ts';

const local = (iso: string, f: Facts) => formatLocal(toInstant(iso), f.customer.timeZone);
/** Changes that started being applied in the period. */
const appliedInPeriod = (f: Facts, scheduled: boolean): { change: Change; at: string }[] =>
  f.changes.flatMap((c) =>
    isScheduledClass(c.class) === scheduled
      ? transitionsInPeriod(c, 'applying', f).map((t) => ({ change: c, at: t.at }))
      : [],
  );

export function checkClasses(f: Facts): ClauseVerdict {
  const breaches: Breach[] = [];
  const changes = f.changes.filter((c) => c.history.some((t) => inPeriod(t.at, f)));
  for (const c of changes) {
    const release = f.releases.get(c.releaseId);
    if (!release) breaches.push({ subjectId: c.id, explanation: `release ${c.releaseId} is not on record` });
    else if (release.class !== c.class)
      breaches.push({
        subjectId: c.id,
        explanation: `handled as ${c.class} but the release is ${release.class} (C1)`,
      });
    else if (release.class === 'urgent' && !release.validatedBy)
      breaches.push({ subjectId: c.id, explanation: 'urgent without the CS team declaration (C1.3)' });
  }
  return verdict('C1', 'Classes', breaches, changes.length, evidenceFor(f, 'C1', ['release.']), 'changes');
}

export function checkLatestVersion(f: Facts): ClauseVerdict {
  const breaches: Breach[] = [];
  for (const s of f.servers) {
    const latest = f.latestByPlatform.get(s.platform);
    // C6.3: a server whose rollback failed gets no automatic work until the CS team clears it.
    if (!latest || latest.version === s.version || s.status === 'needs-attention') continue;
    const change = f.changes.find((c) => c.serverId === s.id && c.releaseId === latest.id);
    if (!change)
      breaches.push({
        subjectId: s.id,
        explanation: `runs ${s.version} but release ${latest.id} (${latest.version}) has no change planned (C2.1)`,
      });
  }
  const idx = indexOf(f);
  for (const c of f.changes.filter((c) => c.state === 'superseded')) {
    const newer = (idx.changesByServer.get(c.serverId) ?? []).some(
      (o) => o.id !== c.id && o.state !== 'superseded',
    );
    if (!newer)
      breaches.push({
        subjectId: c.id,
        explanation: 'superseded without a newer change on the server (C2.2)',
      });
  }
  const optOuts = f.requests.filter((r) => r.decision?.clause === 'C2.2' && r.decision.outcome !== 'refused');
  for (const r of optOuts)
    breaches.push({ subjectId: r.id, explanation: 'an opt-out request was not refused (C2.2)' });
  const converged = unconvergedChanges(f); // C2.1 as an obligation: by a deadline the contract allows
  breaches.push(...converged.breaches);
  return verdict(
    'C2',
    'Latest version, no opt-out',
    breaches,
    f.servers.length + converged.checked,
    evidenceFor(f, 'C2', []),
    'servers',
  );
}

export function checkScheduledNotice(f: Facts): ClauseVerdict {
  const breaches: Breach[] = [];
  const applied = appliedInPeriod(f, true);
  const lead = f.cfg.noticeLeadHours;
  for (const { change, at } of applied) {
    const windowStart = toInstant(change.originalApplyAt ?? at);
    const notices = sentNoticesFor(change.id, f, ['scheduled']);
    const first = notices.map((n) => n.sentAt as string).sort()[0];
    if (!first) {
      breaches.push({
        subjectId: change.id,
        explanation: `applied ${local(at, f)} without any notice (C3.5)`,
      });
      continue;
    }
    const hours = hoursBetween(toInstant(first), windowStart);
    if (hours < lead)
      breaches.push({
        subjectId: change.id,
        explanation: `notice sent ${local(first, f)}, ${hours.toFixed(1)} h before its window at ${local(windowStart.toString(), f)}; at least ${lead} h are due (C3.2)`,
      });
  }
  const replanned = replannedTooOften(f); // C3.5: a change that keeps being moved
  breaches.push(...appliedEarly(f, 'C3.1'), ...replanned.breaches);
  return verdict(
    'C3',
    'Scheduled work',
    breaches,
    applied.length + replanned.checked,
    evidenceFor(f, 'C3', ['notice.']),
    'applied changes',
  );
}

export function checkScheduledPostponements(f: Facts): ClauseVerdict {
  const breaches: Breach[] = [];
  const limits = f.cfg.scheduledPostponement;
  const requests = f.requests.filter((r) => inPeriod(r.receivedAt, f));
  const changes = indexOf(f).changeById;
  for (const r of requests) {
    const change = changes.get(r.changeId);
    const d = r.decision;
    if (!change || !isScheduledClass(change.class) || d?.outcome !== 'granted') continue;
    if (!r.riskAcceptance)
      breaches.push({ subjectId: r.id, explanation: 'granted without a recorded risk acceptance (C4.3)' });
    const original = change.originalApplyAt ?? change.applyAt;
    if (d.decidedBy === 'policy' && d.newApplyAt) {
      const days = localDaysBetween(toInstant(original), toInstant(d.newApplyAt), f.customer.timeZone);
      if (days > limits.maxDaysAfterOriginal)
        breaches.push({
          subjectId: r.id,
          explanation: `granted automatically ${days} days after the original window, beyond ${limits.maxDaysAfterOriginal} (C4.4)`,
        });
      if (change.postponementCount > limits.maxCount && r.decision?.decidedBy === 'policy')
        breaches.push({
          subjectId: r.id,
          explanation: `postponed ${change.postponementCount} times, beyond ${limits.maxCount} without review (C4.4)`,
        });
    }
  }
  // C4.5 as an obligation: every grant (scheduled or urgent, by policy or by review) its own confirmation.
  const confirmed = unconfirmedGrants(f);
  const stale = staleReviews(f); // C4.4: a review whose change moved on closes itself
  breaches.push(
    ...grantedAfterCutoff(f, false, 'C4.2'),
    ...appliedEarly(f, 'C4.1'),
    ...confirmed.breaches,
    ...stale.breaches,
  );
  return verdict(
    'C4',
    'Postponing scheduled work',
    breaches,
    requests.length,
    evidenceFor(f, 'C4', ['postponement.']),
    'requests',
  );
}

export function checkUrgent(f: Facts): ClauseVerdict {
  const breaches: Breach[] = [];
  const applied = appliedInPeriod(f, false);
  for (const { change, at } of applied) {
    const night = toInstant(change.originalApplyAt ?? at);
    const day = localDateOf(night, f.customer.timeZone).subtract({ days: 1 });
    const deadline = localToInstant(day, f.cfg.noticeRunTime, f.customer.timeZone);
    const first = sentNoticesFor(change.id, f, ['urgent'])
      .map((n) => n.sentAt as string)
      .sort()[0];
    if (!first)
      breaches.push({
        subjectId: change.id,
        explanation: `applied ${local(at, f)} without an urgent notice (C5.2)`,
      });
    else if (isAfter(toInstant(first), deadline))
      breaches.push({
        subjectId: change.id,
        explanation: `notice sent ${local(first, f)}, after ${local(deadline.toString(), f)} (C5.2)`,
      });
    const nights = localDaysBetween(night, toInstant(at), f.customer.timeZone);
    if (nights > f.cfg.urgent.maxPostponeNights)
      breaches.push({
        subjectId: change.id,
        explanation: `applied ${nights} nights after its night, beyond ${f.cfg.urgent.maxPostponeNights} (C5.4)`,
      });
  }
  const changes = indexOf(f).changeById;
  const urgentRequests = f.requests.filter(
    (r) => inPeriod(r.receivedAt, f) && changes.get(r.changeId)?.class === 'urgent',
  );
  const nights = brokenUrgentNights(f); // C5.2 as an obligation: the night its notice announced
  breaches.push(
    ...appliedEarly(f, 'C5.2'),
    ...urgentInDaytime(f),
    ...grantedAfterCutoff(f, true, 'C5.4'),
    ...nights.breaches,
  );
  return verdict(
    'C5',
    'Urgent patches',
    breaches,
    applied.length + urgentRequests.length + nights.checked,
    evidenceFor(f, 'C5', []),
    'urgent changes applied',
  );
}

export function checkApplying(f: Facts): ClauseVerdict {
  const breaches: Breach[] = [];
  let checked = 0;
  for (const c of f.changes) {
    for (const t of transitionsInPeriod(c, 'failed-rolled-back', f)) {
      checked++;
      const replanned = c.history.some(
        (h) => h.from === 'failed-rolled-back' && h.to === 'planned' && h.at >= t.at,
      );
      if (!replanned && isAfter(f.now, toInstant(t.at).add({ hours: 24 })))
        breaches.push({
          subjectId: c.id,
          explanation: `failed at ${local(t.at, f)} and was not planned again (C6.4)`,
        });
    }
    for (const t of transitionsInPeriod(c, 'rollback-failed', f)) {
      checked++;
      const server = f.servers.find((s) => s.id === c.serverId);
      if (server?.status !== 'needs-attention')
        breaches.push({
          subjectId: c.serverId,
          explanation: `rollback failed at ${local(t.at, f)} but the server is not marked needs-attention (C6.3)`,
        });
    }
    checked += transitionsInPeriod(c, 'succeeded', f).length;
  }
  breaches.push(...workAfterHalt(f), ...backupDuringApplication(f));
  return verdict(
    'C6',
    'Applying a change',
    breaches,
    checked,
    evidenceFor(f, 'C6', [
      'change.applying',
      'change.succeeded',
      'change.failed-rolled-back',
      'change.rollback-failed',
    ]),
    'applications',
  );
}

export function checkLossOfService(f: Facts, wordingOf: NoticeWording): ClauseVerdict {
  const { checked, breaches } = silentOnLossOfService(f, wordingOf);
  const evidence = f.notices
    .filter((n) => (n.kind === 'scheduled' || n.kind === 'urgent') && inPeriod(n.sentAt, f))
    .map((n) => ({ id: n.id, type: `notice.${n.kind}`, at: n.sentAt as string, subjectId: n.id }));
  return verdict('C7', 'Loss of service', breaches, checked, evidence, 'notices of planned work');
}
