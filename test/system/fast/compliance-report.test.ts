import { describe, expect, it } from 'vitest';
import { toInstant } from '../../../functions/domain/calendar.ts';
import { defaultConfig } from '../../../functions/domain/config.ts';
import { checkExpectation, Expectation } from '../../../local/scenario/expectation.ts';
import { buildReport } from '../../../local/scenario/report.ts';
import { renderReportHtml } from '../../../local/scenario/report-html.ts';
import type { TimelineEvent } from '../../../local/scenario/timeline.ts';
import { sortTimeline, toJsonl } from '../../../local/scenario/timeline.ts';

const SERVER = 'mi-0a0000000000000a1';
const CHANGE = `vplat-7.2:${SERVER}`;
const line = { changeId: CHANGE, serverId: SERVER, releaseId: 'vplat-7.2' };
const base = {
  changeId: CHANGE,
  serverId: SERVER,
  releaseId: 'vplat-7.2',
  class: 'upgrade' as const,
  customerId: 'acme',
};

const report = (timeline: TimelineEvent[], superseded: string[] = []) =>
  buildReport({
    timeline,
    superseded,
    customers: [{ id: 'acme', timeZone: 'Europe/London', contacts: ['ops@acme.example'] }],
    servers: [{ id: SERVER, customerId: 'acme', images: [{ name: 'files' }] }],
    releases: [{ id: 'vplat-7.2', class: 'upgrade' }],
    cfg: defaultConfig(),
    from: toInstant('2026-11-23T00:00:00Z'),
    to: toInstant('2026-12-03T00:00:00Z'),
    generatedAt: toInstant('2026-12-03T00:00:00Z'),
  });
const status = (r: ReturnType<typeof report>, clause: string) =>
  r.clauses.find((c) => c.clause === clause)?.status;

const noticed = (at: string, applyAt: string): TimelineEvent => ({
  at,
  type: 'notice.sent',
  customerId: 'acme',
  to: ['ops@acme.example'],
  kind: 'scheduled',
  changes: [{ ...line, applyAt }],
  saysLossOfService: true,
});

describe('compliance report from the timeline (C10.2)', () => {
  it('C3.2 holds for a notice 7 days before the window and the change applied in it', () => {
    const r = report([
      noticed('2026-11-23T12:00:00Z', '2026-12-02T01:00:00Z'),
      { at: '2026-12-02T01:00:00Z', type: 'apply.started', ...base },
      { at: '2026-12-02T01:40:00Z', type: 'apply.finished', ...base, outcome: 'succeeded' },
    ]);
    expect(status(r, 'C3')).toBe('held');
    expect(status(r, 'C8')).toBe('held');
    expect(status(r, 'C5')).toBe('no-evidence');
  });

  it('C3.2 is not held when the notice came less than 168 hours before the window, and says why', () => {
    const r = report([
      noticed('2026-11-26T12:00:00Z', '2026-12-02T01:00:00Z'),
      { at: '2026-12-02T01:00:00Z', type: 'apply.started', ...base },
    ]);
    const c3 = r.clauses.find((c) => c.clause === 'C3');
    expect(c3?.status).toBe('not-held');
    expect(c3?.breaches[0]?.explanation).toMatch(/133\.0 h before the window, less than 168 h/);
    expect(c3?.breaches[0]?.lines).toEqual([1]);
    expect(r.held).toBe(false);
  });

  it('C8.2 is not held when no failure notice follows a rolled-back change within 4 working hours', () => {
    const r = report([
      noticed('2026-11-23T12:00:00Z', '2026-12-02T01:00:00Z'),
      { at: '2026-12-02T01:00:00Z', type: 'apply.started', ...base },
      { at: '2026-12-02T01:40:00Z', type: 'apply.finished', ...base, outcome: 'failed-rolled-back' },
    ]);
    const c8 = r.clauses.find((c) => c.clause === 'C8');
    expect(c8?.status).toBe('not-held');
    // 4 working hours after 01:40 on Wednesday 2 December: 13:00 London.
    expect(c8?.breaches[0]?.explanation).toContain('2026-12-02T13:00:00.000Z');
  });

  it('C2 is not held when a noticed change is never applied, unless a newer release superseded it', () => {
    const timeline = [noticed('2026-11-23T12:00:00Z', '2026-12-02T01:00:00Z')];
    expect(status(report(timeline), 'C2')).toBe('not-held');
    expect(status(report(timeline, [CHANGE]), 'C2')).not.toBe('not-held');
  });

  it('C9.1 does not ask for backups of a server halted by a failed rollback (C6.3)', () => {
    const backup = (at: string): TimelineEvent => ({
      at,
      type: 'backup.finished',
      serverId: SERVER,
      image: 'files',
      kind: 'full',
      outcome: 'succeeded',
      copies: ['local', 'cloud'],
    });
    const before = [backup('2026-11-22T03:00:00Z'), noticed('2026-11-23T12:00:00Z', '2026-11-25T01:00:00Z')];
    const halted: TimelineEvent[] = [
      ...before,
      { at: '2026-11-25T01:00:00Z', type: 'apply.started', ...base },
      { at: '2026-11-25T01:40:00Z', type: 'apply.finished', ...base, outcome: 'rollback-failed' },
      {
        at: '2026-11-25T01:40:00Z',
        type: 'alert.raised',
        reason: `rollback failed on ${SERVER}`,
        subjectId: SERVER,
      },
    ];
    expect(status(report(before), 'C9')).toBe('not-held');
    expect(status(report(halted), 'C9')).toBe('held');
  });

  it('C12.2 is not held when a request from a stranger was counted', () => {
    const r = report([
      {
        at: '2026-11-24T10:00:00Z',
        type: 'request.received',
        customerId: 'acme',
        via: 'email',
        changeId: CHANGE,
        from: 'x@evil.example',
      },
    ]);
    expect(status(r, 'C12')).toBe('not-held');
  });

  it('renders every clause in report.html with its evidence lines escaped', () => {
    const timeline = [noticed('2026-11-23T12:00:00Z', '2026-12-02T01:00:00Z')];
    const html = renderReportHtml(report(timeline), timeline);
    expect(html).toContain('C12 Trust');
    expect(html).toContain('#1 {&quot;at&quot;:&quot;2026-11-23T12:00:00Z&quot;');
  });
});

describe('timeline and scenario expectations', () => {
  it('sorts by time, then a request before its decision, and writes one JSON object per line with at and type first', () => {
    const events = sortTimeline([
      {
        at: '2026-11-24T10:00:00Z',
        type: 'postponement.decided',
        changeId: CHANGE,
        decision: 'granted',
        clause: 'C4.4',
      },
      {
        at: '2026-11-24T10:00:00Z',
        type: 'request.received',
        customerId: 'acme',
        via: 'api',
        changeId: CHANGE,
        from: 'ops@acme.example',
      },
      { at: '2026-11-23T12:00:00Z', type: 'alert.raised', reason: 'x' },
    ]);
    expect(events.map((e) => e.type)).toEqual(['alert.raised', 'request.received', 'postponement.decided']);
    expect(toJsonl(events).split('\n')[1]).toMatch(
      /^\{"at":"2026-11-24T10:00:00Z","type":"request.received",/,
    );
  });

  it('matches patterns by subset, counts and time bounds, and names what is missing', () => {
    const timeline = [noticed('2026-11-23T12:00:00Z', '2026-12-02T01:00:00Z')];
    const ok = Expectation.parse({
      timeline: [{ type: 'notice.sent', count: 1, changes: [{ applyAt: '2026-12-02T01:00:00.000Z' }] }],
      absent: [{ type: 'notice.sent', kind: 'failure' }],
    });
    expect(checkExpectation(ok, timeline, report(timeline))).toEqual([]);
    const bad = Expectation.parse({
      timeline: [{ type: 'notice.sent', after: '2026-11-24T00:00:00Z' }],
      clauses: { C8: 'not-held' },
    });
    const failures = checkExpectation(bad, timeline, report(timeline));
    expect(failures[0]).toMatch(/expected at least 1 timeline line/);
    expect(failures[1]).toBe('expected C8 not-held, report says no-evidence');
  });
});
