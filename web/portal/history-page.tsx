/** History: the notices your contacts received (open each as sent), and the audit trail (C10.1). */
import { useState } from 'preact/hooks';
import type { Api } from '../shared/api.ts';
import { ErrorNote, Loading, TableWrap, useLoad } from '../shared/ui.tsx';
import type { HistoryEvent, NoticeAsSent, NoticeView } from './types.ts';

const KIND_TEXT: Record<string, string> = {
  scheduled: 'Advance notice',
  urgent: 'Urgent patch notice',
  'postponement-granted': 'Postponement granted',
  'postponement-refused': 'Postponement refused',
  failure: 'Failure and repeat',
};

function Trail({ api }: { api: Api }) {
  const [events, setEvents] = useState<HistoryEvent[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const { error } = useLoad(async () => {
    const page = await api.get<{ events: HistoryEvent[]; next?: string }>('/v1/history');
    setEvents(page.events);
    setNext(page.next);
  }, 'trail');
  const more = async () => {
    if (!next) return;
    setBusy(true);
    const page = await api.get<{ events: HistoryEvent[]; next?: string }>(
      `/v1/history?next=${encodeURIComponent(next)}`,
    );
    setEvents((e) => [...e, ...page.events]);
    setNext(page.next);
    setBusy(false);
  };
  if (error) return <ErrorNote error={error} />;
  return (
    <>
      <TableWrap>
        <table>
          <caption>Requests, decisions, applications and their outcomes, last 90 days (oldest first)</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td>{e.atLocal}</td>
                <td>
                  {e.summary} {e.clause && <span class="muted">({e.clause})</span>}
                </td>
                <td>{e.actor}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {next && (
        <div class="actions">
          <button type="button" class="secondary" onClick={more} disabled={busy}>
            {busy ? 'Loading…' : 'Show more'}
          </button>
        </div>
      )}
    </>
  );
}

export function HistoryPage({ api }: { api: Api }) {
  const { data: notices, error } = useLoad(
    () => api.listAll<NoticeView>('/v1/notices', 'notices'),
    'notices',
  );
  return (
    <>
      <h1>History</h1>
      <h2>Notices received</h2>
      {error !== undefined && <ErrorNote error={error} />}
      {!notices && !error && <Loading what="notices" />}
      {notices && (
        <TableWrap>
          <table>
            <caption>Emails sent to your contacts</caption>
            <thead>
              <tr>
                <th scope="col">Sent</th>
                <th scope="col">Notice</th>
                <th scope="col">Changes</th>
              </tr>
            </thead>
            <tbody>
              {notices
                .filter((n) => n.kind !== 'postponement-review')
                .map((n) => (
                  <tr key={n.id}>
                    <td>{n.sentAtLocal ?? `not sent (${n.status})`}</td>
                    <td>
                      <a href={`#/notices/${encodeURIComponent(n.id)}`}>{KIND_TEXT[n.kind] ?? n.kind}</a>
                    </td>
                    <td>{n.changes.length}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <h2>Audit trail</h2>
      <Trail api={api} />
    </>
  );
}

export function NoticePage({ api, noticeId }: { api: Api; noticeId: string }) {
  const { data, error } = useLoad(
    () => api.get<NoticeAsSent>(`/v1/notices/${encodeURIComponent(noticeId)}`),
    noticeId,
  );
  if (error) return <ErrorNote error={error} />;
  if (!data) return <Loading what="the notice" />;
  return (
    <>
      <p class="no-print">
        <a href="#/history">Back to the history</a>
      </p>
      <h1>{data.subject}</h1>
      <p class="muted">
        Sent {data.sentAtLocal ?? '(not sent)'} to {data.to.join(', ')}. Shown as it was sent, without its
        reply address (it carried a single-use token that we do not keep).
      </p>
      <pre class="notice">{data.text}</pre>
    </>
  );
}
