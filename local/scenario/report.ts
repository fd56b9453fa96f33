/**
 * The compliance report (C10.2) of a simulated period: for each clause, held or not, with the
 * timeline lines as evidence and each breach explained. Built from the timeline, i.e. from the
 * service's own records; the status words are the CS API's (`held`, `not-held`, `no-evidence`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Instant, toIso } from '../../functions/domain/calendar.ts';
import type { ContractConfig } from '../../functions/domain/config.ts';
import type { ReleaseClass } from '../../functions/domain/records.ts';
import { checkC6, checkC7, checkC8 } from './compliance/application.ts';
import { checkC9 } from './compliance/backups.ts';
import type { CheckContext, ClauseOutcome } from './compliance/context.ts';
import { checkC1, checkC10, checkC11, checkC12 } from './compliance/records-time-trust.ts';
import { checkC2, checkC3, checkC4 } from './compliance/scheduled-work.ts';
import { checkC5 } from './compliance/urgent-work.ts';
import type { ClauseStatus } from './expectation.ts';
import { renderReportHtml } from './report-html.ts';
import type { TimelineEvent } from './timeline.ts';

export type ClauseResult = {
  clause: string;
  title: string;
  status: ClauseStatus;
  summary: string;
  breaches: { subjectId: string; explanation: string; lines: number[] }[];
  /** 1-based line numbers of timeline.jsonl (at most EVIDENCE_LIMIT) and their total. */
  evidence: { line: number; at: string; type: string }[];
  evidenceCount: number;
};

export type ComplianceReport = {
  scenario?: string;
  from: string;
  to: string;
  generatedAt: string;
  held: boolean;
  clauses: ClauseResult[];
};

const EVIDENCE_LIMIT = 25;

const CLAUSES: [string, string, (ctx: CheckContext) => ClauseOutcome][] = [
  ['C1', 'Classes', checkC1],
  ['C2', 'Latest version, no opt-out', checkC2],
  ['C3', 'Scheduled work: 7 days notice', checkC3],
  ['C4', 'Postponing scheduled work', checkC4],
  ['C5', 'Urgent patches overnight', checkC5],
  ['C6', 'Applying a change, with rollback', checkC6],
  ['C7', 'Loss of service announced', checkC7],
  ['C8', 'Notice after a failed application', checkC8],
  ['C9', 'Backups', checkC9],
  ['C10', 'Records', checkC10],
  ['C11', 'Time', checkC11],
  ['C12', 'Trust', checkC12],
];

export type ReportInput = {
  scenario?: string;
  timeline: readonly TimelineEvent[];
  customers: { id: string; timeZone: string; contacts: string[] }[];
  servers: { id: string; customerId: string; images: { name: string; activeDirectory?: boolean }[] }[];
  releases: { id: string; class: ReleaseClass }[];
  cfg: ContractConfig;
  /** C2.1: ids of changes superseded by a newer release (the change records say so). */
  superseded?: Iterable<string>;
  from: Instant;
  to: Instant;
  generatedAt: Instant;
};

export function buildReport(input: ReportInput): ComplianceReport {
  const ctx: CheckContext = {
    lines: input.timeline.map((event, i) => ({ n: i + 1, event })),
    customers: new Map(input.customers.map((c) => [c.id, c])),
    servers: new Map(input.servers.map((s) => [s.id, s])),
    releaseClass: new Map(input.releases.map((r) => [r.id, r.class])),
    cfg: input.cfg,
    superseded: new Set(input.superseded ?? []),
    from: input.from,
    to: input.to,
  };
  const clauses = CLAUSES.map(([clause, title, check]): ClauseResult => {
    const result = check(ctx);
    const lines = [...new Set(result.evidence)].sort((a, b) => a - b);
    return {
      clause,
      title,
      status: result.breaches.length ? 'not-held' : lines.length ? 'held' : 'no-evidence',
      summary: result.summary,
      breaches: result.breaches,
      evidence: lines.slice(0, EVIDENCE_LIMIT).map((n) => {
        const event = ctx.lines[n - 1]?.event;
        return { line: n, at: event?.at ?? '', type: event?.type ?? '' };
      }),
      evidenceCount: lines.length,
    };
  });
  return {
    ...(input.scenario ? { scenario: input.scenario } : {}),
    from: toIso(input.from),
    to: toIso(input.to),
    generatedAt: toIso(input.generatedAt),
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
