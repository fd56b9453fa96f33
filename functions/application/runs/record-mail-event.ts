/**
 * DESIGN.md rule 4: SES's sending events for our messages (the configuration set publishes them).
 * Each is recorded by its attempt's tag (the MailTracker reads them when an invocation that sent a
 * notice died before recording it); an accepted attempt also completes its notice at once: `sent`,
 * with its changes notified, exactly as its own invocation would have done.
 */
import type { MailEventRecord } from '../ports.ts';
import type { BaseDeps } from '../shared/deps.ts';
import { confirmAttempt, type DispatchOutcome } from '../shared/notice-outbox.ts';

/** Event types that mean the mail service accepted the message. */
const ACCEPTED: readonly MailEventRecord['type'][] = [
  'send',
  'delivery',
  'bounce',
  'complaint',
  'delivery-delay',
];

export type MailEventResult = { recorded: boolean; notice?: DispatchOutcome | undefined };

export async function recordMailEvent(deps: BaseDeps, event: MailEventRecord): Promise<MailEventResult> {
  await deps.store.mailEvents.recordMailEvent(event);
  if (!event.noticeId || !ACCEPTED.includes(event.type)) return { recorded: true };
  const outcome = await confirmAttempt(deps, event.noticeId, event.attemptId, event.messageId);
  return { recorded: true, notice: outcome?.outcome };
}
