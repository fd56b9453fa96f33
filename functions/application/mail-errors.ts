/**
 * What a Mailer (ports.ts) throws, so use cases can tell "never send this again" from "try later"
 * without knowing the mail service. C3.5: a notice that could not be sent in time moves its
 * change to the next slot and alerts the CS team, whichever of the two it was.
 */

/** The mail service refused this message for good (bad address, unverified sender, content). */
export class MailRejectedError extends Error {
  readonly retryable = false;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`the mail service rejected the message (${code}): ${message}`);
    this.name = 'MailRejectedError';
  }
}

/** The mail service is unavailable or throttling beyond the retries: the notice may be tried later. */
export class MailUnavailableError extends Error {
  readonly retryable = true;
  constructor(
    readonly code: string,
    readonly attempts: number,
    message: string,
  ) {
    super(`the mail service is unavailable after ${attempts} attempt(s) (${code}): ${message}`);
    this.name = 'MailUnavailableError';
  }
}
