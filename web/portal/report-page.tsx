/** The compliance report for a period (C10.2), as a printable page: print, or save it as PDF. */
import { useState } from 'preact/hooks';
import type { Api } from '../shared/api.ts';
import { Badge, ErrorNote, Loading } from '../shared/ui.tsx';
import type { Report } from './types.ts';

const STATUS_TEXT = { held: 'Held', 'not-held': 'Not held', 'no-evidence': 'Nothing to show' } as const;

const dayIso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function ReportPage({ api }: { api: Api }) {
  const [from, setFrom] = useState(() => dayIso(Date.now() - 30 * 86_400_000));
  const [to, setTo] = useState(() => dayIso(Date.now() + 86_400_000));
  const [report, setReport] = useState<Report>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const load = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const q = new URLSearchParams({ from: `${from}T00:00:00Z`, to: `${to}T00:00:00Z` });
      setReport(await api.get<Report>(`/v1/report?${q}`));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h1>Compliance report</h1>
      <form class="no-print" onSubmit={load}>
        <p>For a period, whether each clause of the service contract held, with the evidence (C10.2).</p>
        <label for="from">From (date, UTC)</label>
        <input
          id="from"
          type="date"
          value={from}
          onInput={(e) => setFrom((e.target as HTMLInputElement).value)}
        />
        <label for="to">To (date, UTC)</label>
        <input id="to" type="date" value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} />
        <div class="actions">
          <button type="submit" disabled={busy}>
            Show the report
          </button>
          {report && (
            <button type="button" class="secondary" onClick={() => window.print()}>
              Print or save as PDF
            </button>
          )}
        </div>
      </form>
      {error !== undefined && <ErrorNote error={error} />}
      {busy && <Loading what="the report" />}
      {report && (
        <section aria-labelledby="report-h">
          <h2 id="report-h">
            {report.customerId}: {report.from.slice(0, 10)} to {report.to.slice(0, 10)}
          </h2>
          <p class="muted">Generated {report.generatedAt}.</p>
          {report.clauses.map((c) => (
            <div class="card" key={c.clause}>
              <h3>
                {c.clause} {c.title} <Badge kind={c.status}>{STATUS_TEXT[c.status]}</Badge>
              </h3>
              <p>{c.summary}</p>
              {c.breaches.length > 0 && (
                <ul>
                  {c.breaches.map((b) => (
                    <li key={b.subjectId + b.explanation}>
                      {b.subjectId}: {b.explanation}
                    </li>
                  ))}
                </ul>
              )}
              <p class="muted">{c.evidence.length} records of evidence.</p>
            </div>
          ))}
        </section>
      )}
    </>
  );
}
