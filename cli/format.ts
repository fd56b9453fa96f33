/** Plain-text tables and the compliance report, for people reading a terminal. */
export function table(rows: Record<string, unknown>[], columns: string[]): string {
  if (rows.length === 0) return '(none)';
  const cell = (v: unknown) =>
    v === undefined || v === null ? '' : Array.isArray(v) ? v.join(',') : String(v);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    line(columns),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(columns.map((c) => cell(r[c])))),
  ].join('\n');
}

type ClauseVerdict = {
  clause: string;
  title: string;
  status: string;
  summary: string;
  breaches: { subjectId: string; explanation: string }[];
  evidence: unknown[];
};

export function reportText(report: {
  customerId: string;
  from: string;
  to: string;
  clauses: ClauseVerdict[];
}): string {
  const lines = [`Compliance report for ${report.customerId}, ${report.from} – ${report.to}`, ''];
  for (const c of report.clauses) {
    lines.push(
      `${c.clause.padEnd(4)} ${c.status.padEnd(11)} ${c.title}: ${c.summary} (${c.evidence.length} evidence events)`,
    );
    for (const b of c.breaches) lines.push(`       ✗ ${b.subjectId}: ${b.explanation}`);
  }
  return lines.join('\n');
}

/** What the API answers to a release registration or an urgent patch (ReleaseResult). */
export type Registered = {
  created: boolean;
  /** Changes the release has on the targeted servers, created now or before. */
  changes: number;
  /** Changes this call created (absent from an older API). */
  newChanges?: number;
  complete?: boolean;
  remaining?: number;
  skipped?: { serverId: string; reason: string }[];
  superseded?: string[];
};

const LISTED = 10;
const listed = (ids: string[]) =>
  ids.length > LISTED ? `${ids.slice(0, LISTED).join(', ')} and ${ids.length - LISTED} more` : ids.join(', ');

/**
 * What a registration really did: changes created by this call apart from those that existed
 * before it (a repeat plans nothing new), older changes superseded (C2.1), servers skipped with
 * the reason, and servers not planned yet.
 */
export function registrationText(subject: string, out: Registered): string {
  const lines: string[] = [];
  if (out.newChanges === undefined) lines.push(`${subject}: ${out.changes} change(s) on its servers`);
  else {
    const before = out.changes - out.newChanges;
    lines.push(
      `${subject}: ${out.newChanges} new change(s) planned` +
        (before > 0 ? `; ${before} already planned before (unchanged)` : '') +
        `; ${out.changes} in all`,
    );
  }
  const superseded = out.superseded ?? [];
  if (superseded.length > 0)
    lines.push(`  superseded (C2.1): ${superseded.length} older change(s): ${listed(superseded)}`);
  const skipped = out.skipped ?? [];
  if (skipped.length > 0) {
    lines.push(`  skipped: ${skipped.length} server(s)`);
    for (const s of skipped.slice(0, LISTED)) lines.push(`    ${s.serverId}: ${s.reason}`);
    if (skipped.length > LISTED) lines.push(`    … and ${skipped.length - LISTED} more (--json lists them)`);
  }
  if (out.complete === false && (out.remaining ?? 0) > 0)
    lines.push(`  ${out.remaining} server(s) not planned yet: run the same command again`);
  return lines.join('\n');
}
