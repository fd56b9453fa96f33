/**
 * The calendar subscription: a read-only webcal address that Outlook and Google Calendar follow,
 * listing every window with changes; it follows every move. The address is shown once (only its
 * hash is kept); making a new one, or revoking, stops the old one.
 */
import { useState } from 'preact/hooks';
import type { Api } from '../shared/api.ts';
import { ErrorNote, Loading, useLoad } from '../shared/ui.tsx';
import type { FeedStatus } from './types.ts';

export function CalendarPage({ api }: { api: Api }) {
  const [made, setMade] = useState<FeedStatus>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const { data, error, reload } = useLoad(() => api.get<FeedStatus>('/v1/calendar-feed'), 'feed');
  const act = async (method: 'POST' | 'DELETE') => {
    setBusy(true);
    setFailure(undefined);
    try {
      const { body } = await api.send<FeedStatus>(method, '/v1/calendar-feed');
      setMade(method === 'POST' ? body : undefined);
      reload();
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h1>Calendar subscription</h1>
      <p>
        Subscribe your calendar (Outlook, Google Calendar, Apple Calendar) to your maintenance windows: every
        window with changes planned, what they are and until when you can move them. It updates as changes
        move. The address is a secret: anyone who has it can read the calendar, so share it only inside your
        organisation.
      </p>
      {error !== undefined && <ErrorNote error={error} />}
      {failure !== undefined && <ErrorNote error={failure} />}
      {!data && !error && <Loading what="your subscription" />}
      {made?.url && (
        <div class="status ok" role="status" data-testid="feed-url">
          <h2>Your subscription address</h2>
          <p>Copy it now: for your security it is not shown again.</p>
          <p>
            <code class="url">{made.webcalUrl}</code>
          </p>
          <div class="actions">
            <a class="button" href={made.webcalUrl}>
              Open in my calendar program
            </a>
            <button
              type="button"
              class="secondary"
              onClick={() => navigator.clipboard?.writeText(made.webcalUrl ?? '')}
            >
              Copy the address
            </button>
          </div>
          <p class="hint">
            Google Calendar: Other calendars → From URL, and paste the address. Outlook: Add calendar →
            Subscribe from web.
          </p>
        </div>
      )}
      {data && (
        <>
          <p>
            {data.active
              ? `A subscription address is active (made ${data.createdAtLocal}).`
              : 'You have no subscription address.'}
          </p>
          <div class="actions">
            <button type="button" onClick={() => act('POST')} disabled={busy}>
              {data.active ? 'Make a new address (the old one stops working)' : 'Make a subscription address'}
            </button>
            {data.active && (
              <button type="button" class="danger" onClick={() => act('DELETE')} disabled={busy}>
                Revoke the address
              </button>
            )}
          </div>
        </>
      )}
    </>
  );
}
