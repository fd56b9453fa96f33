/**
 * What the compliance checks read: the timeline (numbered lines, the evidence), the customers'
 * zones and contacts, the servers' images, the releases' classes, the contract configuration and
 * the period. Helpers here find the lines a clause is about.
 */
import { type Instant, toInstant } from '../../../functions/domain/calendar.ts';
import type { ContractConfig } from '../../../functions/domain/config.ts';
import type { ReleaseClass } from '../../../functions/domain/records.ts';
import type { NoticeSent, TimelineEvent, TimelineType } from '../timeline.ts';

export type Line<E extends TimelineEvent = TimelineEvent> = { n: number; event: E };

export type CheckContext = {
  lines: Line[];
  customers: Map<
    string,
    { timeZone: string; contacts: string[]; maintenanceWindow?: { durationHours: number } }
  >;
  servers: Map<string, { customerId: string; images: { name: string; activeDirectory?: boolean }[] }>;
  releaseClass: Map<string, ReleaseClass>;
  cfg: ContractConfig;
  /** C2.1: changes replaced by a newer release before they were applied (from the change records). */
  superseded: ReadonlySet<string>;
  from: Instant;
  to: Instant;
};

export type Breach = { subjectId: string; explanation: string; lines: number[] };
export type ClauseOutcome = { breaches: Breach[]; evidence: number[]; summary: string };

export function ofType<T extends TimelineType>(
  ctx: CheckContext,
  type: T,
): Line<Extract<TimelineEvent, { type: T }>>[] {
  return ctx.lines.filter((l) => l.event.type === type) as Line<Extract<TimelineEvent, { type: T }>>[];
}

export const atOf = (line: Line): Instant => toInstant(line.event.at);
export const ms = (iso: string): number => Date.parse(iso);
export const HOUR = 3_600_000;

/** The notices that carry `changeId`, in time order. */
export const noticesOf = (ctx: CheckContext, changeId: string): Line<NoticeSent>[] =>
  ofType(ctx, 'notice.sent').filter((l) => l.event.changes.some((c) => c.changeId === changeId));

/** The apply time a notice line gives for `changeId`. */
export const applyAtIn = (notice: NoticeSent, changeId: string): string | undefined =>
  notice.changes.find((c) => c.changeId === changeId)?.applyAt;

/** Kinds of notice that set (or move) when a change is applied. */
export const PLANNING_KINDS = new Set(['scheduled', 'urgent', 'postponement-granted', 'failure']);

/** The latest apply time notified for `changeId` at or before `at` (by planning notices). */
export function notifiedApplyAt(ctx: CheckContext, changeId: string, atMs: number): string | undefined {
  const notices = noticesOf(ctx, changeId).filter(
    (l) => PLANNING_KINDS.has(l.event.kind) && ms(l.event.at) <= atMs,
  );
  const last = notices.at(-1);
  return last ? applyAtIn(last.event, changeId) : undefined;
}

export const releaseOfChange = (changeId: string): string => changeId.split(':')[0] ?? changeId;

export const outcome = (breaches: Breach[], evidence: number[], what: string): ClauseOutcome => ({
  breaches,
  evidence,
  summary: breaches.length
    ? `${breaches.length} breach(es) of ${what}`
    : evidence.length
      ? `${what}: held on ${evidence.length} line(s) of evidence`
      : `${what}: nothing in the period exercised it`,
});
