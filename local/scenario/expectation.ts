/**
 * What a worked scenario promises (its optional `expect` field), checked by the system tests
 * against the timeline and the compliance report. A pattern matches a timeline line when every
 * field it names is equal (objects by their named fields, arrays element by element as subsets).
 */
import * as z from 'zod';
import { InstantString } from '../../functions/domain/records.ts';
import { ClauseStatus, type ComplianceReport } from './report-types.ts';
import type { TimelineEvent } from './timeline.ts';

const TIMELINE_TYPES = [
  'notice.sent',
  'request.received',
  'postponement.decided',
  'apply.started',
  'apply.finished',
  'backup.finished',
  'alert.raised',
] as const;

export const Pattern = z.looseObject({
  type: z.enum(TIMELINE_TYPES),
  /** Exactly this many lines match (default: at least one). */
  count: z.number().int().min(0).optional(),
  /** Only lines at or after / before this instant match. */
  after: z.optional(InstantString),
  before: z.optional(InstantString),
});
export type Pattern = z.output<typeof Pattern>;

export { ClauseStatus };

export const Expectation = z.strictObject({
  /** Each pattern matches at least one line (or exactly `count`). */
  timeline: z.array(Pattern).default([]),
  /** No line matches any of these. */
  absent: z.array(Pattern).default([]),
  /** The compliance report's status for these clauses (`C3`, `C8`...). */
  clauses: z.record(z.string().regex(/^C\d+$/, 'must be a clause id such as C4'), ClauseStatus).default({}),
});
export type Expectation = z.output<typeof Expectation>;

const RESERVED = new Set(['count', 'after', 'before']);

/** Subset equality: every field of `expected` is in `actual` with an equal (subset) value. */
export function subsetMatch(expected: unknown, actual: unknown): boolean {
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && expected.every((e) => actual.some((a) => subsetMatch(e, a)));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return false;
    return Object.entries(expected).every(([k, v]) => subsetMatch(v, (actual as Record<string, unknown>)[k]));
  }
  if (typeof expected === 'string' && typeof actual === 'string' && /^\d{4}-\d\d-\d\dT/.test(expected)) {
    return Date.parse(expected) === Date.parse(actual);
  }
  return expected === actual;
}

export function matches(pattern: Pattern, event: TimelineEvent): boolean {
  const t = Date.parse(event.at);
  if (pattern.after && t < Date.parse(pattern.after)) return false;
  if (pattern.before && t > Date.parse(pattern.before)) return false;
  const fields = Object.fromEntries(Object.entries(pattern).filter(([k]) => !RESERVED.has(k)));
  return subsetMatch(fields, event);
}

/** The broken promises of a scenario, each one sentence; empty when everything held. */
export function checkExpectation(
  expectation: Expectation,
  timeline: readonly TimelineEvent[],
  report: ComplianceReport,
): string[] {
  const failures: string[] = [];
  for (const pattern of expectation.timeline) {
    const n = timeline.filter((e) => matches(pattern, e)).length;
    if (pattern.count === undefined ? n === 0 : n !== pattern.count) {
      const want = pattern.count === undefined ? 'at least 1' : String(pattern.count);
      failures.push(`expected ${want} timeline line(s) matching ${JSON.stringify(pattern)}, found ${n}`);
    }
  }
  for (const pattern of expectation.absent) {
    const found = timeline.filter((e) => matches(pattern, e));
    if (found.length) {
      failures.push(
        `expected no line matching ${JSON.stringify(pattern)}, found ${JSON.stringify(found[0])}`,
      );
    }
  }
  for (const [clause, status] of Object.entries(expectation.clauses)) {
    const actual = report.clauses.find((c) => c.clause === clause);
    if (actual?.status !== status) {
      failures.push(
        `expected ${clause} ${status}, report says ${actual?.status ?? 'nothing'}` +
          (actual?.breaches.length ? `: ${actual.breaches.map((b) => b.explanation).join('; ')}` : ''),
      );
    }
  }
  return failures;
}
