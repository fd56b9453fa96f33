/**
 * Home: the next change first (what, why, when in the customer's zone, until when it can be moved),
 * then repeats after failures, stopped servers, a month of maintenance windows, every server with
 * what is next for it, and the latest backups per image.
 */
import { useState } from 'preact/hooks';
import type { Api } from '../shared/api.ts';
import { CLASS_LABEL, dateTime, localDate, STATE_LABEL, span, timeLeft } from '../shared/format.ts';
import { Badge, ErrorNote, Loading, TableWrap, useLoad } from '../shared/ui.tsx';
import type { Backup, ChangeView, Overview, Server } from './types.ts';

type Window = Overview['windows'][number];

function NextChange({ overview }: { overview: Overview }) {
  const zone = overview.customer.timeZone;
  const next = overview.windows.find((w) => w.changes > 0);
  if (!next) {
    return (
      <section class="card next" aria-labelledby="next-h">
        <h2 id="next-h">Next change</h2>
        <p>
          No change is planned for your servers. Your next maintenance window:{' '}
          {overview.windows[0]
            ? span(overview.windows[0].start.at, overview.windows[0].end.at, zone)
            : 'none'}
          .
        </p>
      </section>
    );
  }
  return (
    <section class="card next" aria-labelledby="next-h" data-testid="next-change">
      <h2 id="next-h">Next change</h2>
      <p>
        <strong>{span(next.start.at, next.end.at, zone)}</strong>
        {' · '}
        {next.servers} server{next.servers === 1 ? '' : 's'}
      </p>
      <ul>
        {next.releases.map((r) => (
          <li key={r.id}>
            <Badge kind={r.class}>{CLASS_LABEL[r.class] ?? r.class}</Badge> <strong>{r.title}</strong>{' '}
            (version {r.version}){r.description && <p class="muted">Why: {r.description}</p>}
          </li>
        ))}
      </ul>
      <p>Applying it may cause partial or complete loss of service while it runs (C7.1).</p>
      {next.postponeUntil && (
        <p>
          You can ask to move it until <strong>{dateTime(next.postponeUntil.at, zone)}</strong>
          {next.msLeft !== undefined && <> ({timeLeft(next.msLeft)})</>}.
        </p>
      )}
      {next.firstChangeId && (
        <p>
          <a class="button" href={`#/changes/${encodeURIComponent(next.firstChangeId)}`}>
            See the change and ask to move it
          </a>
        </p>
      )}
    </section>
  );
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function MonthCalendar({ overview }: { overview: Overview }) {
  const zone = overview.customer.timeZone;
  const today = localDate(overview.now.at, zone);
  const [offset, setOffset] = useState(0);
  const [y0, m0] = today.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y0, m0 - 1 + offset, 1));
  const year = first.getUTCFullYear();
  const month = first.getUTCMonth();
  const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const byDate = new Map<string, Window>(overview.windows.map((w) => [w.date, w]));
  const cells: (number | undefined)[] = [
    ...Array(lead).fill(undefined),
    ...Array.from({ length: days }, (_, i) => i + 1),
  ];
  while (cells.length % 7) cells.push(undefined);
  const weeks = Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));
  const title = first.toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const iso = (d: number) => `${year}-${String(month + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return (
    <section aria-labelledby="cal-h">
      <h2 id="cal-h">Maintenance windows</h2>
      <p class="muted">
        Your window: every {overview.customer.maintenanceWindow.weekday} from{' '}
        {overview.customer.maintenanceWindow.start} for {overview.customer.maintenanceWindow.durationHours}{' '}
        hours, {zone} time.
      </p>
      <div class="actions no-print">
        <button type="button" class="secondary" disabled={offset <= 0} onClick={() => setOffset(offset - 1)}>
          Previous month
        </button>
        <button type="button" class="secondary" disabled={offset >= 2} onClick={() => setOffset(offset + 1)}>
          Next month
        </button>
      </div>
      <TableWrap>
        <table class="month">
          <caption aria-live="polite">{title}</caption>
          <thead>
            <tr>
              {WEEKDAYS.map((d) => (
                <th key={d} scope="col">
                  {d}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr key={week.join()}>
                {week.map((d, i) => {
                  if (!d) return <td key={`e${i}`} class="other" />;
                  const w = byDate.get(iso(d));
                  const cls = w ? (w.changes > 0 ? 'planned' : 'window') : '';
                  const label = w
                    ? `${iso(d)}: ${w.kind === 'night' ? 'urgent night' : 'maintenance window'}${w.changes ? `, ${w.changes} change${w.changes === 1 ? '' : 's'} planned` : ', nothing planned'}`
                    : undefined;
                  return (
                    <td
                      key={d}
                      class={cls}
                      aria-label={label}
                      aria-current={iso(d) === today ? 'date' : undefined}
                    >
                      {d}
                      {w && (
                        <span class="n">
                          {w.changes ? `${w.changes} change${w.changes === 1 ? '' : 's'}` : 'window'}
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

function Servers({ api, zone }: { api: Api; zone: string }) {
  const { data, error } = useLoad(
    () =>
      Promise.all([
        api.listAll<Server>('/v1/servers', 'servers'),
        api.listAll<ChangeView>('/v1/changes?when=upcoming', 'changes'),
      ]),
    'servers',
  );
  if (error) return <ErrorNote error={error} />;
  if (!data) return <Loading what="your servers" />;
  const [servers, changes] = data;
  const nextOf = new Map<string, ChangeView>();
  for (const c of changes) if (!nextOf.has(c.serverId)) nextOf.set(c.serverId, c);
  return (
    <TableWrap>
      <table>
        <caption>Your servers ({servers.length}) and what is next for each</caption>
        <thead>
          <tr>
            <th scope="col">Server</th>
            <th scope="col">Platform</th>
            <th scope="col">Status</th>
            <th scope="col">Next change</th>
          </tr>
        </thead>
        <tbody>
          {servers.map((s) => {
            const c = nextOf.get(s.id);
            return (
              <tr key={s.id}>
                <th scope="row">{s.id}</th>
                <td>
                  {s.platform} {s.version}
                </td>
                <td>
                  {s.status === 'needs-attention' ? <Badge kind="bad">Needs attention</Badge> : 'Active'}
                </td>
                <td>
                  {c ? (
                    <>
                      <a href={`#/changes/${encodeURIComponent(c.id)}`}>{c.releaseId}</a>{' '}
                      <Badge kind={c.class}>{CLASS_LABEL[c.class] ?? c.class}</Badge>
                      <br />
                      {dateTime(c.applyAt, zone)} · {STATE_LABEL[c.state] ?? c.state}
                    </>
                  ) : (
                    <span class="muted">Nothing planned</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}

function Backups({ api, overview }: { api: Api; overview: Overview }) {
  const zone = overview.customer.timeZone;
  const from = new Date(Date.parse(overview.now.at) - 9 * 86_400_000).toISOString();
  const { data, error } = useLoad(
    () =>
      api.listAll<Backup>(
        `/v1/backups?from=${encodeURIComponent(from)}&to=${encodeURIComponent(overview.now.at)}`,
        'backups',
      ),
    'backups',
  );
  if (error) return <ErrorNote error={error} />;
  if (!data) return <Loading what="backups" />;
  const latest = new Map<string, Backup>();
  for (const b of data) {
    if (b.state !== 'succeeded' && b.state !== 'failed') continue;
    const key = `${b.serverId}|${b.image}|${b.kind}`;
    const seen = latest.get(key);
    if (!seen || seen.scheduledFor < b.scheduledFor) latest.set(key, b);
  }
  const rows = [...latest.values()].sort((a, b) =>
    `${a.serverId}${a.image}${a.kind}`.localeCompare(`${b.serverId}${b.image}${b.kind}`),
  );
  if (rows.length === 0) return <p class="muted">No backup has run in the last nine days.</p>;
  return (
    <TableWrap>
      <table>
        <caption>
          Latest full backup of each image and incremental backup of each Active Directory image (C9)
        </caption>
        <thead>
          <tr>
            <th scope="col">Server</th>
            <th scope="col">Image</th>
            <th scope="col">Kind</th>
            <th scope="col">When</th>
            <th scope="col">Outcome</th>
            <th scope="col">Copies</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((b) => (
            <tr key={b.id}>
              <td>{b.serverId}</td>
              <td>{b.image}</td>
              <td>{b.kind === 'full' ? 'Full (weekly)' : 'Incremental (daily, AD)'}</td>
              <td>{dateTime(b.scheduledFor, zone)}</td>
              <td>
                {b.state === 'succeeded' ? (
                  <Badge kind="ok">Succeeded</Badge>
                ) : (
                  <Badge kind="bad">Failed (retried, attempt {b.attempt})</Badge>
                )}
              </td>
              <td>{b.copies.length ? b.copies.join(' and ') : 'none'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function HomePage({ api }: { api: Api }) {
  const { data: overview, error } = useLoad(() => api.get<Overview>('/v1/overview'), 'overview');
  if (error) return <ErrorNote error={error} />;
  if (!overview) return <Loading what="your overview" />;
  const zone = overview.customer.timeZone;
  return (
    <>
      <h1>{overview.customer.name}</h1>
      <p class="muted">
        All times are in your time zone, {zone}. Now: {dateTime(overview.now.at, zone)}.
      </p>
      <NextChange overview={overview} />
      {overview.repeats.length > 0 && (
        <section class="card" aria-labelledby="rep-h">
          <h2 id="rep-h">Failed and to be repeated</h2>
          <ul>
            {overview.repeats.map((r) => (
              <li key={r.changeId}>
                <a href={`#/changes/${encodeURIComponent(r.changeId)}`}>{r.releaseId}</a> on {r.serverId}{' '}
                failed
                {r.failedAt ? ` on ${dateTime(r.failedAt.at, zone)}` : ''} and was reversed automatically; the
                server works as before. It will be repeated on{' '}
                <strong>{dateTime(r.repeatAt.at, zone)}</strong> (attempt {r.attempt}).
              </li>
            ))}
          </ul>
        </section>
      )}
      {overview.needsAttention.length > 0 && (
        <section class="status bad" aria-labelledby="att-h">
          <h2 id="att-h">Servers our team is working on</h2>
          <ul>
            {overview.needsAttention.map((n) => (
              <li key={n.serverId}>
                {n.serverId}: a change failed and its rollback failed too
                {n.since ? ` (${dateTime(n.since.at, zone)})` : ''}. No automatic work runs on it until our
                Customer Success team has made it healthy (C6.3).
              </li>
            ))}
          </ul>
        </section>
      )}
      <MonthCalendar overview={overview} />
      <h2>Servers</h2>
      <Servers api={api} zone={zone} />
      <h2>Backups</h2>
      <Backups api={api} overview={overview} />
    </>
  );
}
