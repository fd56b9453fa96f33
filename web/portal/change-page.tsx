/**
 * One change, and asking to move it (C4.1–C4.5, C5.4): the reason (required), the risk statement
 * shown in full and accepted explicitly (C4.3), a date among those allowed with what the service
 * would decide for each, the limits, and the deadline. The request is the API's own
 * `POST /v1/changes/{id}/postponements`; the page shows its decision as the service made it.
 * Cancelling or skipping is not offered (C2.2).
 */
import { useState } from 'preact/hooks';
import { type Api, ApiError } from '../shared/api.ts';
import { CLASS_LABEL, dateTime, STATE_LABEL, span, timeLeft } from '../shared/format.ts';
import { Badge, ErrorNote, Loading, TableWrap, useLoad } from '../shared/ui.tsx';
import type { ChangeDetail, Choices, PostponementResult } from './types.ts';

const OUTCOME_TEXT = {
  granted: 'granted automatically',
  'pending-review': 'goes to our Customer Success team for review',
  refused: 'refused',
} as const;

type Outcome = { status: number; result?: PostponementResult; refusal?: { clause?: string; detail: string } };

function Decision({ outcome, zone }: { outcome: Outcome; zone: string }) {
  const r = outcome.result;
  if (r?.outcome === 'granted') {
    return (
      <div class="status ok" role="status" data-testid="decision">
        <h2>Granted</h2>
        <p>
          The change is moved to{' '}
          <strong>{r.newApplyAt ? dateTime(r.newApplyAt, zone) : r.newApplyAtLocal}</strong>. {r.reason}
        </p>
        <p class="muted">
          Request {r.requestId} ({r.clause}). Your contacts receive a confirmation by email (C4.5).
        </p>
      </div>
    );
  }
  if (r?.outcome === 'pending-review') {
    return (
      <div class="status warn" role="status" data-testid="decision">
        <h2>Waiting for review</h2>
        <p>{r.reason}</p>
        <p class="muted">
          Request {r.requestId} ({r.clause}).
        </p>
      </div>
    );
  }
  return (
    <div class="status bad" role="alert" data-testid="decision">
      <h2>Refused</h2>
      <p>{outcome.refusal?.detail ?? r?.reason}</p>
      {outcome.refusal?.clause && <p class="muted">Contract clause {outcome.refusal.clause}.</p>}
    </div>
  );
}

function PostponeForm({
  api,
  choices,
  onDecided,
}: {
  api: Api;
  choices: Choices;
  onDecided: (o: Outcome) => void;
}) {
  const zone = choices.timeZone;
  const [reason, setReason] = useState('');
  const [date, setDate] = useState(choices.options[0]?.date ?? '');
  const [accepted, setAccepted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [key] = useState(() => crypto.randomUUID());
  const limits = choices.limits;
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!reason.trim()) return setProblem('Give an important business reason for moving the change (C4.1).');
    if (!accepted) return setProblem('Accept the interim risks to ask for a postponement (C4.3).');
    setProblem(undefined);
    setBusy(true);
    try {
      const { status, body } = await api.send<PostponementResult>(
        'POST',
        `/v1/changes/${encodeURIComponent(choices.changeId)}/postponements`,
        { reason: reason.trim(), newDate: date || undefined, acceptRisk: true },
        { 'idempotency-key': key },
      );
      onDecided({ status, result: body });
    } catch (error) {
      if (error instanceof ApiError && error.problem.status === 422) {
        onDecided({
          status: 422,
          refusal: {
            detail: error.problem.detail ?? error.message,
            ...(error.problem.clause ? { clause: error.problem.clause } : {}),
          },
        });
      } else setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate aria-describedby="limits">
      <h2>Ask to move this change</h2>
      <p>
        Requests are accepted until <strong>{dateTime(choices.deadline.at, zone)}</strong> (
        {timeLeft(choices.msLeft)}). The time we receive your request counts (C4.2, C5.4, C11.3).
      </p>
      <p id="limits">
        {limits.kind === 'scheduled'
          ? `Granted automatically when the new window is at most ${limits.maxDaysAfterOriginal} days after the window first notified (${dateTime(limits.original.at, zone)}) and the change has been moved at most ${limits.maxCount} times (so far: ${limits.used}). Beyond that, our Customer Success team reviews the request (C4.4).`
          : `An urgent patch moves by ${limits.defaultNights} night unless you choose one, and by at most ${limits.maxNights} nights after ${dateTime(limits.original.at, zone)} (C5.4).`}
      </p>
      {problem && (
        <div class="status bad" role="alert">
          {problem}
        </div>
      )}
      <label for="reason">Your business reason (required)</label>
      <p class="hint" id="reason-hint">
        An important reason to move it, e.g. a quarter-end close or a peak trading week.
      </p>
      <textarea
        id="reason"
        required
        aria-required="true"
        aria-describedby="reason-hint"
        maxLength={2000}
        value={reason}
        onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
      />
      <fieldset>
        <legend>New date</legend>
        {choices.options.map((o) => (
          <label class="choice" key={o.date}>
            <input
              type="radio"
              name="date"
              value={o.date}
              checked={date === o.date}
              onChange={() => setDate(o.date)}
            />
            <span>
              <strong>
                {o.start.at === o.end.at ? dateTime(o.start.at, zone) : span(o.start.at, o.end.at, zone)}
              </strong>{' '}
              <Badge kind={o.outcome}>{OUTCOME_TEXT[o.outcome]}</Badge>
              {o.outcome !== 'granted' && (
                <details class="hint">
                  <summary>Why</summary>
                  {o.reason}
                </details>
              )}
            </span>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Interim risks (C4.3)</legend>
        <blockquote id="risk">{choices.riskStatement}</blockquote>
        <label class="choice">
          <input
            type="checkbox"
            checked={accepted}
            onChange={(e) => setAccepted((e.target as HTMLInputElement).checked)}
            aria-describedby="risk"
          />
          <span>
            I accept these risks on behalf of my organisation. These exact words are recorded with my name and
            the time.
          </span>
        </label>
      </fieldset>
      <div class="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Sending…' : 'Ask to move the change'}
        </button>
      </div>
    </form>
  );
}

export function ChangePage({ api, changeId }: { api: Api; changeId: string }) {
  const [outcome, setOutcome] = useState<Outcome>();
  const path = `/v1/changes/${encodeURIComponent(changeId)}`;
  const { data, error, reload } = useLoad(
    () => Promise.all([api.get<ChangeDetail>(path), api.get<Choices>(`${path}/postponement-options`)]),
    changeId,
  );
  if (error) return <ErrorNote error={error} />;
  if (!data) return <Loading what="the change" />;
  const [change, choices] = data;
  const zone = choices.timeZone;
  const decided = (o: Outcome) => {
    setOutcome(o);
    reload();
  };
  return (
    <>
      <p class="no-print">
        <a href="#/">Back to your servers</a>
      </p>
      <h1>
        {choices.release?.title ?? change.releaseId} on {change.serverId}
      </h1>
      <p>
        <Badge kind={change.class}>{CLASS_LABEL[change.class] ?? change.class}</Badge>{' '}
        <Badge kind="neutral">{STATE_LABEL[change.state] ?? change.state}</Badge>
      </p>
      {choices.release?.description && <p>Why: {choices.release.description}</p>}
      <p>
        Planned for <strong>{dateTime(change.applyAt, zone)}</strong>
        {change.originalApplyAt && change.originalApplyAt !== change.applyAt
          ? ` (first notified for ${dateTime(change.originalApplyAt, zone)})`
          : ''}
        . Applying it may cause partial or complete loss of service while it runs (C7.1).
      </p>
      {outcome && <Decision outcome={outcome} zone={zone} />}
      {choices.open ? (
        <PostponeForm api={api} choices={choices} onDecided={decided} />
      ) : (
        <div class="status warn">
          <h2>This change can no longer be moved</h2>
          <p>{choices.closedReason?.reason}</p>
        </div>
      )}
      <p class="muted">
        A change cannot be cancelled or skipped: every server is kept on the latest validated release (C2.1,
        C2.2). You can only ask to move its date.
      </p>
      <h2>History</h2>
      <TableWrap>
        <table>
          <caption>What happened to this change, in {zone} time</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {change.history.map((t) => (
              <tr key={`${t.at}${t.to}`}>
                <td>{dateTime(t.at, zone)}</td>
                <td>
                  {t.from ? `${STATE_LABEL[t.from] ?? t.from} → ` : ''}
                  {STATE_LABEL[t.to] ?? t.to}
                </td>
                <td>
                  {t.reason} {t.clause && <span class="muted">({t.clause})</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {change.requests.length > 0 && (
        <>
          <h2>Your requests</h2>
          <ul>
            {change.requests.map((r) => (
              <li key={r.id}>
                {dateTime(r.receivedAt, zone)} by {r.via}: “{r.reason}”
                {r.requestedDate ? ` for ${r.requestedDate}` : ''} —{' '}
                <Badge kind={r.decision?.outcome ?? 'neutral'}>{r.decision?.outcome ?? 'undecided'}</Badge>{' '}
                {r.decision?.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
