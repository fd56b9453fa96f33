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
