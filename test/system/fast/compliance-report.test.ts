import { describe, expect, it } from 'vitest';
import { checkExpectation, Expectation } from '../../../local/scenario/expectation.ts';
import type { ClauseResult, ComplianceReport } from '../../../local/scenario/report.ts';
import { renderReportHtml } from '../../../local/scenario/report-html.ts';
import { lineIndex } from '../../../local/scenario/report-lines.ts';
import type { NoticeSent, TimelineEvent } from '../../../local/scenario/timeline.ts';
import { sortTimeline, toJsonl } from '../../../local/scenario/timeline.ts';

const SERVER = 'mi-0a0000000000000a1';
const CHANGE = `vplat-7.2:${SERVER}`;
const NOTICE = 'notice:acme:scheduled:2026-12-02T01:00:00.000Z:2026-11-23T12:00:00.000Z';
const line = { changeId: CHANGE, serverId: SERVER, releaseId: 'vplat-7.2' };
const base = {
  changeId: CHANGE,
  serverId: SERVER,
  releaseId: 'vplat-7.2',
  class: 'upgrade' as const,
  customerId: 'acme',
};

const noticed = (at: string, applyAt: string): TimelineEvent => ({
  at,
  type: 'notice.sent',
  customerId: 'acme',
  to: ['ops@acme.example'],
  kind: 'scheduled',
  changes: [{ ...line, applyAt }],
  saysLossOfService: true,
});

// The clause checks themselves are the service's (test/use-cases/channels/compliance-report.test.ts);
// here: how the simulator points their evidence at timeline lines and renders the report.
const clauseOf = (over: Partial<ClauseResult>): ClauseResult => ({
  clause: 'C3',
  title: 'Scheduled work',
  status: 'held',
  summary: '1 applied changes checked, none in breach',
  breaches: [],
  evidence: [],
  evidenceCount: 0,
  ...over,
});
const reportOf = (clauses: ClauseResult[]): ComplianceReport => ({
  customers: ['acme'],
  from: '2026-11-23T00:00:00.000Z',
  to: '2026-12-03T00:00:00.000Z',
  generatedAt: '2026-12-03T00:00:00.000Z',
  held: clauses.every((c) => c.status !== 'not-held'),
  clauses,
});

describe('compliance report evidence as timeline lines (C10.2)', () => {
  const timeline: TimelineEvent[] = [
    { ...(noticed('2026-11-23T12:00:00Z', '2026-12-02T01:00:00Z') as NoticeSent), noticeId: NOTICE },
    { at: '2026-12-02T01:00:00Z', type: 'apply.started', ...base },
    { at: '2026-12-02T01:40:00Z', type: 'apply.finished', ...base, outcome: 'succeeded' },
    {
      at: '2026-12-02T00:11:05Z',
      type: 'backup.finished',
      serverId: SERVER,
      image: 'files',
      kind: 'incremental',
      outcome: 'succeeded',
      copies: ['local', 'cloud'],
    },
  ];
  const index = lineIndex(timeline);

  it('C10.2 points a notice record at its notice.sent line and a change record at the line of that instant', () => {
    expect(
      index.lineOf({ id: 'ev-1', type: 'notice.sent', at: '2026-11-23T12:00:00.000Z', subjectId: NOTICE }),
    ).toBe(1);
    expect(
      index.lineOf({
        id: 'ev-2',
        type: 'change.succeeded',
        at: '2026-12-02T01:40:00.000Z',
        subjectId: CHANGE,
      }),
    ).toBe(3);
  });

  it('C10.2 points a backup record, whose id the timeline does not carry, at its server line of that instant', () => {
    const subjectId = `backup:${SERVER}:files:incremental:2026-12-01T23:00:00.000Z`;
    expect(
      index.lineOf({ id: 'ev-3', type: 'backup.succeeded', at: '2026-12-02T00:11:05.000Z', subjectId }),
    ).toBe(4);
    expect(
      index.lineOf({ id: 'ev-4', type: 'inbound.accepted', at: '2026-12-02T00:11:05.000Z', subjectId: 'x' }),
    ).toBe(undefined);
  });

  it('C10.2 gives a breach the lines about its subject (a change, or the server of a server/image)', () => {
    expect(index.linesAbout(CHANGE)).toEqual([1, 2, 3]);
    expect(index.linesAbout(`${SERVER}/dc01`)).toEqual([1, 2, 3, 4]);
  });

  it('C10.2 renders every clause in report.html with its breaches, and its evidence lines escaped', () => {
    const html = renderReportHtml(
      reportOf([
        clauseOf({
          evidence: [
            { line: 1, at: timeline[0]?.at ?? '', type: 'notice.sent', id: 'ev-1', subjectId: NOTICE },
          ],
          evidenceCount: 1,
        }),
        clauseOf({
          clause: 'C12',
          title: 'Trust',
          status: 'not-held',
          breaches: [
            {
              customerId: 'acme',
              subjectId: NOTICE,
              explanation: 'sent to x@evil.example (C12.2)',
              lines: [1],
            },
          ],
        }),
      ]),
      timeline,
    );
    expect(html).toContain('C12 Trust');
    expect(html).toContain('sent to x@evil.example (C12.2)');
    expect(html).toContain('#1 {&quot;at&quot;:&quot;2026-11-23T12:00:00Z&quot;');
    expect(html).toContain('at least one clause was not held');
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
    expect(
      checkExpectation(ok, timeline, reportOf([clauseOf({ clause: 'C8', status: 'no-evidence' })])),
    ).toEqual([]);
    const bad = Expectation.parse({
      timeline: [{ type: 'notice.sent', after: '2026-11-24T00:00:00Z' }],
      clauses: { C8: 'not-held' },
    });
    const failures = checkExpectation(
      bad,
      timeline,
      reportOf([clauseOf({ clause: 'C8', status: 'no-evidence' })]),
    );
    expect(failures[0]).toMatch(/expected at least 1 timeline line/);
    expect(failures[1]).toBe('expected C8 not-held, report says no-evidence');
  });
});
