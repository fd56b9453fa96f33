/**
 * C4.3: the words a customer accepts through the API. They are recorded verbatim with who and
 * when; a request without them is refused with this text, so the caller sees exactly what to accept.
 */
export const RISK_STATEMENT =
  'I accept, on behalf of my organisation, responsibility for the interim risks of postponing this ' +
  "change: to the server's reliability and to the availability, privacy and integrity of its data, " +
  'until the change is applied.';
