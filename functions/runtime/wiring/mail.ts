/** Composition, sending mail: the SES client, the mailer and what notice-sending functions need (see store.ts). */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { eventMailTracker } from '../../adapters/ses/event-mail-tracker.ts';
import { PacedMailer } from '../../adapters/ses/paced-mailer.ts';
import { SesMailer } from '../../adapters/ses/ses-mailer.ts';
import type { Mailer } from '../../application/ports.ts';
import type { NoticeDeps } from '../../application/shared/deps.ts';
import { alerterFor } from './alerts.ts';
import { baseDeps, storeFor } from './store.ts';

let ses: SESv2Client | undefined;
const mailers = new Map<string, Mailer>();

/** The SES mailer, sending through the configuration set whose events name each attempt (DESIGN.md rule 4). */
export function mailer(configurationSetName: string): Mailer {
  const found = mailers.get(configurationSetName);
  if (found) return found;
  /** maxAttempts 1: the SES Mailer's own backoff is the only retry loop (ses-mailer.ts). */
  ses ??= new SESv2Client({ maxAttempts: 1 });
  const built = new SesMailer(ses, { configurationSetName });
  mailers.set(configurationSetName, built);
  return built;
}

/**
 * BaseDeps plus what sending notices needs: SES, the CS alert topic, sender and reply domain.
 * With `sendRate` (emails a second, the notice handler's SES_SEND_RATE), sending is paced at that
 * rate: the notice run's workers share the account's SES rate (bench/DESIGN.md).
 */
export function noticeDeps(
  env: {
    TABLE_NAME: string;
    ALERT_TOPIC_ARN: string;
    SENDER_ADDRESS: string;
    REPLY_DOMAIN: string;
    SES_CONFIGURATION_SET: string;
  },
  pace: { sendRate?: number | undefined } = {},
): NoticeDeps {
  const ses = mailer(env.SES_CONFIGURATION_SET);
  return {
    ...baseDeps(env),
    mailer: pace.sendRate === undefined ? ses : new PacedMailer(ses, pace.sendRate),
    // DESIGN.md rule 4: what became of an attempt, from SES's events as the mail-events function records them.
    tracker: eventMailTracker(storeFor(env.TABLE_NAME).mailEvents),
    alerter: alerterFor(env.ALERT_TOPIC_ARN),
    mail: { from: env.SENDER_ADDRESS, replyDomain: env.REPLY_DOMAIN },
  };
}
