/**
 * Deterministic ids: a second delivery of the same run, or a replay of the same event, computes the
 * same ids, so the store's idempotent creates (ports.ts) turn the repeat into a no-op (C11.2).
 */
import { createHash } from 'node:crypto';
import { type Instant, localDateOf, toIso } from '../../domain/calendar.ts';
import type { BackupKind, NoticeKind } from '../../domain/records.ts';

/** Words: one release applied to one server. */
export const changeIdOf = (releaseId: string, serverId: string): string => `${releaseId}:${serverId}`;

/**
 * C3.4: one notice per customer × window (scheduled) or × night (urgent) × kind. `issuedBy` is the
 * run (its scheduled time) that sends it, so a change registered after a window's notice went out
 * gets its own notice at a later run instead of being folded into one already sent.
 */
export function noticeIdOf(input: {
  customerId: string;
  kind: Extract<NoticeKind, 'scheduled' | 'urgent'>;
  applyAt: Instant;
  timeZone: string;
  issuedBy: Instant;
}): string {
  const slot =
    input.kind === 'urgent' ? `night-${localDateOf(input.applyAt, input.timeZone)}` : toIso(input.applyAt);
  return `notice:${input.customerId}:${input.kind}:${slot}:${toIso(input.issuedBy)}`;
}

/** C8.2: one failure notice per failed attempt of a change. */
export const failureNoticeIdOf = (customerId: string, changeId: string, attempt: number): string =>
  `notice:${customerId}:failure:${changeId}:${attempt}`;

/** C4.5: one decision notice per request and outcome. */
export const decisionNoticeIdOf = (customerId: string, kind: NoticeKind, requestId: string): string =>
  `notice:${customerId}:${kind}:${requestId}`;

/** C11.2: a scheduled run is claimed once per run × zone × scheduled time. */
export const runKeyOf = (run: string, timeZone: string, scheduledTime: Instant): string =>
  `run:${run}:${timeZone}:${toIso(scheduledTime)}`;

/** C9.4: one backup per server × image × kind × calendar slot. */
export const backupIdOf = (serverId: string, image: string, kind: BackupKind, nominalAt: Instant): string =>
  `backup:${serverId}:${image}:${kind}:${toIso(nominalAt)}`;

/**
 * DESIGN.md rule 4: the Comment of the n-th command a run sends, unique to that send (the run key's
 * hash), so a send that may have happened before a crash is found on its instance and adopted.
 */
export const sendKeyOf = (what: 'patch' | 'backup', runKey: string, n: number): string =>
  `${what} ${createHash('sha256').update(runKey).digest('hex').slice(0, 16)}#${n}`;
