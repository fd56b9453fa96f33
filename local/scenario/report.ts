/**
 * The compliance report (C10.2) of a simulated period: the service's own report (the CS API's
 * GET /v1/cs/reports/{customerId}), made for every customer of the scenario from the store the
 * simulation used, merged clause by clause, its evidence and breaches pointed at the lines of
 * timeline.jsonl they are about. The rules live once, in functions/application/channels/compliance-*.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type ComplianceReport as CustomerReport,
  complianceReport,
} from '../../functions/application/channels/compliance-report.ts';
import type { BaseDeps } from '../../functions/application/shared/deps.ts';
import { type Instant, toIso } from '../../functions/domain/calendar.ts';
import { renderReportHtml } from './report-html.ts';
import { type LineIndex, lineIndex } from './report-lines.ts';
import type { ClauseResult, ClauseStatus, ComplianceReport, ReportEvidence } from './report-types.ts';
import type { TimelineEvent } from './timeline.ts';

export type { ClauseResult, ComplianceReport, ReportBreach, ReportEvidence } from './report-types.ts';

const EVIDENCE_LIMIT = 25;

export type ReportInput = {
  scenario?: string;
  /** The deps the simulation ran with: its store, its virtual clock (now = the end of the period). */
  deps: BaseDeps;
  customerIds: string[];
  timeline: readonly TimelineEvent[];
  from: Instant;
  to: Instant;
};

const worst = (statuses: ClauseStatus[]): ClauseStatus =>
  statuses.includes('not-held') ? 'not-held' : statuses.includes('held') ? 'held' : 'no-evidence';

/** One customer's summary as is; for several, the customers in breach and a count of the rest. */
function mergedSummary(verdicts: { customerId: string; v: CustomerReport['clauses'][number] }[]): string {
  if (verdicts.length === 1) return verdicts[0]?.v.summary ?? '';
  const breached = verdicts.filter(({ v }) => v.status === 'not-held');
  const held = verdicts.filter(({ v }) => v.status === 'held').length;
  const rest = `${held} of ${verdicts.length} customers held, ${verdicts.length - held - breached.length} had nothing to show`;
  return [...breached.map(({ customerId, v }) => `${customerId}: ${v.summary}`), rest].join('; ');
}

function mergeClause(reports: CustomerReport[], index: LineIndex, i: number): ClauseResult {
  const verdicts = reports.flatMap((r) => {
    const v = r.clauses[i];
    return v ? [{ customerId: r.customerId, v }] : [];
  });
  const first = verdicts[0]?.v;
  const evidence = verdicts
    .flatMap(({ v }) => v.evidence)
    .map((e): ReportEvidence => {
      const line = index.lineOf(e);
      return { ...(line ? { line } : {}), at: e.at, type: e.type, id: e.id, subjectId: e.subjectId };
    })
    .sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
  return {
    clause: first?.clause ?? '',
    title: first?.title ?? '',
    status: worst(verdicts.map(({ v }) => v.status)),
    summary: mergedSummary(verdicts),
    breaches: verdicts.flatMap(({ customerId, v }) =>
      v.breaches.map((b) => ({ customerId, ...b, lines: index.linesAbout(b.subjectId) })),
    ),
    evidence: evidence.slice(0, EVIDENCE_LIMIT),
    evidenceCount: evidence.length,
  };
}

export async function buildReport(input: ReportInput): Promise<ComplianceReport> {
  const reports: CustomerReport[] = [];
  for (const id of input.customerIds)
    reports.push(await complianceReport(input.deps, id, input.from, input.to));
  const index = lineIndex(input.timeline);
  const clauses = (reports[0]?.clauses ?? []).map((_, i) => mergeClause(reports, index, i));
  return {
    ...(input.scenario ? { scenario: input.scenario } : {}),
    customers: input.customerIds,
    from: toIso(input.from),
    to: toIso(input.to),
    generatedAt: reports[0]?.generatedAt ?? toIso(input.deps.clock.now()),
    held: clauses.every((c) => c.status !== 'not-held'),
    clauses,
  };
}

/** Writes report.json and report.html into `dir`. */
export async function writeReport(dir: string, report: ComplianceReport, timeline: readonly TimelineEvent[]) {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`, 'utf8');
  await writeFile(join(dir, 'report.html'), renderReportHtml(report, timeline), 'utf8');
}
