/** report.html: the compliance report (C10.2) as one self-contained page. */
import type { ComplianceReport } from './report-types.ts';
import type { TimelineEvent } from './timeline.ts';

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const COLOURS = { held: '#1a7f37', 'not-held': '#cf222e', 'no-evidence': '#6e7781' } as const;

function lineText(timeline: readonly TimelineEvent[], n: number): string {
  const event = timeline[n - 1];
  return event ? `#${n} ${JSON.stringify(event)}` : `#${n}`;
}

export function renderReportHtml(report: ComplianceReport, timeline: readonly TimelineEvent[]): string {
  const rows = report.clauses
    .map((c) => {
      const breaches = c.breaches
        .map(
          (b) =>
            `<li><strong>${escapeHtml(b.customerId)} ${escapeHtml(b.subjectId)}</strong>: ${escapeHtml(b.explanation)}${b.lines
              .map((n) => `<pre>${escapeHtml(lineText(timeline, n))}</pre>`)
              .join('')}</li>`,
        )
        .join('');
      const evidence = c.evidence
        .map(
          (e) =>
            `<pre>${escapeHtml(e.line ? lineText(timeline, e.line) : `${e.at} ${e.type} ${e.subjectId} (audit ${e.id})`)}</pre>`,
        )
        .join('');
      const more =
        c.evidenceCount > c.evidence.length
          ? `<p>… and ${c.evidenceCount - c.evidence.length} more records</p>`
          : '';
      return `<section id="${c.clause}">
<h2><span class="status" style="background:${COLOURS[c.status]}">${c.status}</span> ${c.clause} ${escapeHtml(c.title)}</h2>
<p>${escapeHtml(c.summary)}</p>
${breaches ? `<h3>Breaches</h3><ul>${breaches}</ul>` : ''}
${evidence ? `<details><summary>Evidence (${c.evidenceCount} records)</summary>${evidence}${more}</details>` : ''}
</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Compliance report${report.scenario ? ` — ${escapeHtml(report.scenario)}` : ''}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#1f2328}
.status{color:#fff;border-radius:.3rem;padding:.1rem .5rem;font-size:.8em;text-transform:uppercase}
pre{background:#f6f8fa;padding:.4rem;overflow-x:auto;font-size:.8em;white-space:pre-wrap}
section{border-top:1px solid #d0d7de;padding:.5rem 0}
</style></head>
<body>
<h1>Compliance report (C10.2)${report.scenario ? `: ${escapeHtml(report.scenario)}` : ''}</h1>
<p>Period ${escapeHtml(report.from)} to ${escapeHtml(report.to)}, generated ${escapeHtml(report.generatedAt)}.
Overall: <strong>${report.held ? 'every clause held' : 'at least one clause was not held'}</strong>.
Customers: ${escapeHtml(report.customers.join(', '))}. Evidence is the service's audit records, numbered
as in timeline.jsonl where the timeline shows them.</p>
${rows}
</body></html>
`;
}
