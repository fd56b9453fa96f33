/**
 * C10.2: the report points each evidence record at its timeline line. The index is built in one
 * pass (issue 15: it scanned the whole timeline per evidence line, quadratic); here it must give
 * the same lines as that scan, on timelines of the ids the service really makes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EvidenceRef, lineIndex } from '../../../local/scenario/report-lines.ts';
import type { TimelineEvent } from '../../../local/scenario/timeline.ts';

/** The scan the index replaces (report-lines.ts before issue 15), kept as the reference. */
function scanLineOf(timeline: readonly TimelineEvent[], keys: string[][], ref: EvidenceRef) {
  const at = Date.parse(ref.at);
  const same = timeline.findIndex(
    (e, j) => Date.parse(e.at) === at && (keys[j] ?? []).includes(ref.subjectId),
  );
  if (same >= 0) return same + 1;
  const i = timeline.findIndex(
    (e, j) =>
      Date.parse(e.at) === at && (keys[j] ?? []).some((k) => k.length > 3 && ref.subjectId.includes(k)),
  );
  return i < 0 ? undefined : i + 1;
}

const SERVERS = ['mi-0a0000000000000a1', 'mi-0a0000000000000a2', 'mi-0a0000000000000b1'];
const RELEASES = ['vplat-7.2', 'vplat-7.3'];
const TIMES = ['2026-12-02T01:00:00.000Z', '2026-12-02T02:00:00.000Z', '2026-12-06T02:00:00.000Z'];

const lineArb = fc
  .record({
    kind: fc.constantFrom('apply', 'backup', 'notice', 'request', 'alert'),
    server: fc.constantFrom(...SERVERS),
    release: fc.constantFrom(...RELEASES),
    image: fc.constantFrom('dc01', 'files'),
    at: fc.constantFrom(...TIMES),
  })
  .map(({ kind, server, release, image, at }): { event: TimelineEvent; keys: string[] } => {
    const changeId = `${release}:${server}`;
    switch (kind) {
      case 'apply':
        return {
          event: {
            at,
            type: 'apply.started',
            changeId,
            serverId: server,
            releaseId: release,
            class: 'upgrade',
          },
          keys: [changeId, server],
        };
      case 'backup':
        return {
          event: {
            at,
            type: 'backup.finished',
            serverId: server,
            image,
            kind: 'full',
            outcome: 'succeeded',
            copies: [],
          },
          keys: [`${server}/${image}`, server],
        };
      case 'notice': {
        const noticeId = `notice:acme:scheduled:${at}:2026-11-23T12:00:00.000Z`;
        return {
          event: {
            at,
            type: 'notice.sent',
            customerId: 'acme',
            to: [],
            kind: 'scheduled',
            changes: [{ changeId, serverId: server, releaseId: release, applyAt: at }],
            noticeId,
          },
          keys: [noticeId, changeId, server, 'acme'],
        };
      }
      case 'request':
        return {
          event: {
            at,
            type: 'request.received',
            customerId: 'acme',
            via: 'api',
            changeId,
            from: 'x',
            requestId: `req-${server}`,
          },
          keys: [`req-${server}`, changeId],
        };
      default:
        return { event: { at, type: 'alert.raised', reason: 'r', subjectId: changeId }, keys: [changeId] };
    }
  });

const refArb = fc
  .record({
    form: fc.constantFrom('backup', 'failure-notice', 'change', 'run', 'server'),
    server: fc.constantFrom(...SERVERS),
    release: fc.constantFrom(...RELEASES),
    at: fc.constantFrom(...TIMES),
  })
  .map(({ form, server, release, at }): EvidenceRef => {
    const subjectId = {
      backup: `backup:${server}:dc01:full:${at}`,
      'failure-notice': `notice:acme:failure:${release}:${server}:1`,
      change: `${release}:${server}`,
      run: `run:apply:Europe/London:${at}`,
      server,
    }[form];
    return { id: 'e', type: 't', at, subjectId };
  });

describe('C10.2 evidence → timeline lines, in one pass', () => {
  it('C10.2 finds the same line for every evidence record as a scan of the whole timeline', () => {
    fc.assert(
      fc.property(
        fc.array(lineArb, { maxLength: 40 }),
        fc.array(refArb, { maxLength: 20 }),
        (lines, refs) => {
          const timeline = lines.map((l) => l.event);
          const keys = lines.map((l) => l.keys);
          const index = lineIndex(timeline);
          for (const ref of refs) expect(index.lineOf(ref)).toBe(scanLineOf(timeline, keys, ref));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('C10.2 is linear: four times the lines and look-ups take about four times as long, not sixteen', () => {
    const lines = (n: number): TimelineEvent[] =>
      Array.from({ length: n }, (_, i) => ({
        at: new Date(Date.UTC(2026, 9, 1) + Math.floor(i / 50) * 60_000).toISOString(),
        type: 'backup.finished',
        serverId: `mi-${(i % 5000).toString(16).padStart(17, '0')}`,
        image: 'dc01',
        kind: 'full',
        outcome: 'succeeded',
        copies: ['local', 'cloud'],
      }));
    /** The best of three timings of indexing `n` lines and looking `n / 2` evidence records up. */
    const time = (n: number) => {
      const timeline = lines(n);
      let best = Number.POSITIVE_INFINITY;
      for (let trial = 0; trial < 3; trial++) {
        const started = performance.now();
        const index = lineIndex(timeline);
        let found = 0;
        for (let i = 0; i < n / 2; i++) {
          const e = timeline[(i * 7) % n] as TimelineEvent & { serverId: string };
          const subjectId = `backup:${e.serverId}:dc01:full:${e.at}`;
          if (index.lineOf({ id: 'x', type: 'backup.succeeded', at: e.at, subjectId })) found++;
        }
        expect(found).toBe(n / 2);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    const small = time(10_000);
    const large = time(40_000);
    // Linear: about 4 times; the scan it replaces was quadratic: 16 times (and minutes at 200,000).
    expect(large / small).toBeLessThan(10);
  });
});
