/** The compliance report's shapes (report.ts builds it, report-html.ts renders it, expectation.ts checks it). */
import * as z from 'zod';

/** What a scenario expects, or the report finds, of one clause. */
export const ClauseStatus = z.enum(['held', 'not-held', 'no-evidence']);
export type ClauseStatus = z.infer<typeof ClauseStatus>;

export type ReportBreach = { customerId: string; subjectId: string; explanation: string; lines: number[] };
/** One audit event (or notice) the service cites, and the timeline.jsonl line (1-based) it became. */
export type ReportEvidence = { line?: number; at: string; type: string; id: string; subjectId: string };

export type ClauseResult = {
  clause: string;
  title: string;
  status: ClauseStatus;
  summary: string;
  breaches: ReportBreach[];
  /** At most EVIDENCE_LIMIT items, those with a timeline line first; evidenceCount is the total. */
  evidence: ReportEvidence[];
  evidenceCount: number;
};

export type ComplianceReport = {
  scenario?: string;
  customers: string[];
  from: string;
  to: string;
  generatedAt: string;
  held: boolean;
  clauses: ClauseResult[];
};
