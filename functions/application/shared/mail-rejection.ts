/**
 * A permanent rejection by the mail service: the notice is marked failed and the CS team alerted.
 * Anything else (MailUnavailableError after the retries, a network error) is transient: the notice
 * stays pending and the next run tries again, or replans it (C3.5).
 */
import { MailRejectedError } from '../mail-errors.ts';

export const isMailRejected = (error: unknown): error is MailRejectedError =>
  error instanceof MailRejectedError;
