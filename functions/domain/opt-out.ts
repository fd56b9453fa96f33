/**
 * C2.2: a customer can never opt out of a change or cancel it; it can only ask to move its date.
 * A message that asks to skip or cancel (and does not also ask to move the date) gets a clear
 * refusal that says why and what the customer can do instead.
 */

const OPT_OUT_WORDS: readonly RegExp[] = [
  /\bcancel\w*/i,
  /\bskip\w*/i,
  /\bopt(?:ing)?[\s-]*out\b/i,
  /\bnever\b/i,
  /\b(?:do not|don't|dont|do n't)\s+(?:apply|install|patch|upgrade|update|deploy|touch)\b/i,
  /\bnot\s+(?:want|need)\s+(?:this|these|that|the|any)\b/i,
  /\bexempt\w*/i,
  /\bexclude\w*/i,
  /\bwithdraw\w*/i,
];

const MOVE_WORDS: readonly RegExp[] = [
  /\bpostpon\w*/i,
  /\bmov(?:e|ed|ing)\b/i,
  /\bdelay\w*/i,
  /\breschedul\w*/i,
  /\bdefer\w*/i,
  /\blater\b/i,
  /\bnext\s+(?:week|window|night|day|month)\b/i,
  /\b(?:another|different|other)\s+(?:date|day|night|week|window|time)\b/i,
];

/** C2.2: the opt-out words found in `text` (e.g. "cancel", "do not apply"), or undefined. */
export function detectOptOut(text: string): string | undefined {
  const found = OPT_OUT_WORDS.map((re) => re.exec(text)?.[0]).filter((w): w is string => w !== undefined);
  return found.length ? found.join(', ') : undefined;
}

/** C4.1: true when `text` asks to move the date (postpone, delay, reschedule, next week …). */
export const asksToMove = (text: string): boolean => MOVE_WORDS.some((re) => re.test(text));

/**
 * C2.2: true for a request to skip or cancel: opt-out words, no requested date, and no words
 * asking to move the date ("please cancel and move it to next week" is a postponement request).
 */
export const isOptOutRequest = (text: string, requestedDate?: string): boolean =>
  detectOptOut(text) !== undefined && !requestedDate && !asksToMove(text);

/** C2.2: the customer-readable refusal of a skip or cancel request, naming what they can do instead. */
export function optOutRefusalReason(deadline?: string): string {
  const until = deadline ? `, before ${deadline}` : '';
  return (
    'We cannot cancel or skip this change. Under the service contract every server is kept on the ' +
    'latest validated release, and a change can never be opted out of or cancelled. What you can do ' +
    'is ask to move its date: reply to the notice (or use the API) with an important business ' +
    'reason, the date you would prefer, and a sentence accepting responsibility for the interim ' +
    `risks to the server's reliability and to the availability, privacy and integrity of its data${until}.`
  );
}

/** C2.2: a refusal when `text` asks to skip or cancel, otherwise undefined. */
export function refuseOptOut(
  text: string,
  deadline?: string,
): { outcome: 'refused'; clause: 'C2.2'; reason: string } | undefined {
  if (!isOptOutRequest(text)) return undefined;
  return { outcome: 'refused', clause: 'C2.2', reason: optOutRefusalReason(deadline) };
}
