/** Reviews to decide (C4.4): the request, the customer's words and the limits passed; approve or refuse with a reason. */
import { useState } from 'preact/hooks';
import type { Api } from '../shared/api.ts';
import { ErrorNote, Loading, useLoad } from '../shared/ui.tsx';
import type { Review } from './types.ts';

function ReviewCard({
  api,
  review,
  onDecided,
}: {
  api: Api;
  review: Review;
  onDecided: (text: string) => void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const id = `r-${review.id}`;
  const decide = async (verb: 'approve' | 'refuse') => {
    if (!reason.trim())
      return setError(new Error('Give the reason for your decision: the customer reads it.'));
    setBusy(true);
    try {
      const { body } = await api.send<{ outcome: string; newApplyAt?: string }>(
        'POST',
        `/v1/cs/reviews/${encodeURIComponent(review.id)}/${verb}`,
        { reason: reason.trim() },
      );
      onDecided(
        `${review.id}: ${body.outcome}${body.newApplyAt ? `, the change moves to ${body.newApplyAt}` : ''}.`,
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>
        {review.customerId}: {review.changeId}
      </h2>
      <dl>
        <dt>Received</dt>
        <dd>
          {review.receivedAt} by {review.requester} ({review.via})
        </dd>
        <dt>The customer's reason</dt>
        <dd>
          <blockquote>{review.reason}</blockquote>
        </dd>
        <dt>Date asked for</dt>
        <dd>{review.requestedDate ?? 'the next window'}</dd>
        <dt>Risks accepted (C4.3)</dt>
        <dd>
          {review.riskAcceptance
            ? `“${review.riskAcceptance.words}” (${review.riskAcceptance.by}, ${review.riskAcceptance.at})`
            : 'no'}
        </dd>
        <dt>Why it needs you</dt>
        <dd>{review.decision?.reason}</dd>
      </dl>
      {error !== undefined && <ErrorNote error={error} />}
      <label for={`${id}-reason`}>Your reason (sent to the customer)</label>
      <textarea
        id={`${id}-reason`}
        value={reason}
        onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
      />
      <div class="actions">
        <button type="button" disabled={busy} onClick={() => decide('approve')}>
          Approve
        </button>
        <button type="button" class="danger" disabled={busy} onClick={() => decide('refuse')}>
          Refuse
        </button>
      </div>
    </section>
  );
}

export function ReviewsPage({ api }: { api: Api }) {
  const [done, setDone] = useState<string[]>([]);
  const { data, error, reload } = useLoad(() => api.listAll<Review>('/v1/cs/reviews', 'reviews'), 'reviews');
  return (
    <>
      <h1>Reviews to decide</h1>
      <p>
        Postponement requests beyond the minor-adjustment limits (C4.4) wait here until you approve or refuse
        them.
      </p>
      {done.length > 0 && (
        <div class="status ok" role="status" data-testid="review-decided">
          {done.map((d) => (
            <p key={d}>Decided: {d}</p>
          ))}
        </div>
      )}
      {error !== undefined && <ErrorNote error={error} />}
      {!data && !error && <Loading what="reviews" />}
      {data?.length === 0 && <p>No request waits for review.</p>}
      {data?.map((r) => (
        <ReviewCard
          key={r.id}
          api={api}
          review={r}
          onDecided={(text) => {
            setDone((d) => [...d, text]);
            reload();
          }}
        />
      ))}
    </>
  );
}
