/**
 * C12.2, C4.1, C2.2, C11.3: an emailed reply to a notice. It counts only when it is not automatic,
 * passes the mail service's verdicts, carries the notice's unexpired, unused reply token, and comes
 * from a registered contact of that token's customer. Anything else is recorded and ignored; a
 * registered contact gets a reply saying why and what to do, nobody else gets anything. A valid
 * request applies to every change of the notice; deadlines are judged on the receipt time.
 */
import { toInstant, toIso } from '../../domain/calendar.ts';
import { NotFoundError, PolicyRefusal, ValidationError } from '../../domain/errors.ts';
import type { Customer } from '../../domain/records.ts';
import type { InboundMail } from '../../mail/parse-inbound.ts';
import { hashToken } from '../../mail/reply-token.ts';
import { held } from '../shared/holder.ts';
import { auditEvent, stableId } from './audit-events.ts';
import { composeReply } from './compose-reply.ts';
import type { ChannelDeps } from './deps.ts';
import { exampleDate, type InboundRefusal, megabytes, replyText } from './inbound-replies.ts';
import { type PostponementResult, requestPostponement } from './request-postponement.ts';

export type InboundOutcome = {
  status: 'processed' | 'refused' | 'ignored' | 'duplicate';
  reason: string;
  replied: boolean;
  customerId?: string | undefined;
  results?: PostponementResult[];
};

export type InboundInput = {
  mail: InboundMail;
  /** The mail service's own id of the received message: the idempotency key of the request. */
  receiptId: string;
};

export async function handleInboundReply(deps: ChannelDeps, input: InboundInput): Promise<InboundOutcome> {
  const { receiptId } = input;
  const d = held(deps);
  const key = `inbound:${receiptId}`;
  // C11.2: a redelivered notification does nothing the second time; one whose invocation died is
  // taken over by Lambda's retry and resumed (DESIGN.md rule 3: its token is used by this very
  // message, its requests are found decided, its notices finished).
  if (!(await d.store.runs.claim(key, d.holder, d.clock.now()))) {
    return { status: 'duplicate', reason: 'already processed', replied: false };
  }
  let outcome: InboundOutcome;
  try {
    outcome = await processReply(d, input);
  } catch (error) {
    await d.store.runs.release(key); // the retry of this delivery resumes it
    throw error;
  }
  await d.store.runs.complete(key, d.clock.now(), { status: outcome.status });
  return outcome;
}

async function processReply(deps: ChannelDeps, input: InboundInput): Promise<InboundOutcome> {
  const { mail, receiptId } = input;
  const record = (type: string, reason: string, customerId?: string, data: Record<string, unknown> = {}) =>
    // DESIGN.md rule 6: dated by the receipt, keyed by it: every delivery writes the same event.
    deps.store.commit([
      {
        audit: auditEvent({
          type,
          actor: `email:${mail.from ?? 'unknown'}`,
          at: mail.receivedAt,
          subjectId: `inbound:${receiptId}`,
          customerId,
          clause: 'C12.2',
          data: {
            reason,
            from: mail.from,
            subject: mail.subject.slice(0, 200),
            messageId: mail.messageId,
            ...data,
          },
          key: receiptId,
        }),
      },
    ]);

  if (mail.isAutomatic) {
    await record('inbound.ignored', `automatic message: ${mail.automaticReason}`);
    return { status: 'ignored', reason: `automatic: ${mail.automaticReason}`, replied: false };
  }
  if (!mail.verdictsPass) {
    const reason = `authentication verdicts failed: ${mail.failedVerdicts.join('; ')}`;
    await record('inbound.refused', reason, undefined, { failedVerdicts: mail.failedVerdicts });
    return { status: 'refused', reason, replied: false };
  }
  const from = mail.from;
  if (!from) {
    const reason = `unreadable message: ${mail.problems.join('; ') || 'no single From address'}`;
    await record('inbound.refused', reason);
    return { status: 'refused', reason, replied: false };
  }
  // Whose contact the sender is: only needed to answer a refusal that names no customer.
  const contactOf = async () =>
    (await deps.store.directory.listCustomers()).filter((c) => c.contacts.includes(from));

  const refuse = async (
    refusal: InboundRefusal,
    detail: string,
    customer?: Customer,
  ): Promise<InboundOutcome> => {
    const candidates = customer ? [customer] : await contactOf();
    const replyable = candidates.some((c) => c.contacts.includes(from));
    const customerId = candidates.length === 1 ? candidates[0]?.id : undefined;
    // The refusal is recorded first, naming the reply it owes (DESIGN.md rule 2), then the reply.
    const attemptId = `reply-${stableId('reply', receiptId)}`;
    const recorded = await record('inbound.refused', `${refusal}: ${detail}`, customerId, {
      reply: replyable ? { to: from, attempt: attemptId } : 'none',
    });
    const text = async () =>
      replyText(refusal, detail, { exampleDate: await exampleDateFor(deps, mail, candidates) });
    const replied = replyable
      ? await sendReply(deps, mail, from, await text(), attemptId, recorded === 'replayed')
      : false;
    return { status: 'refused', reason: `${refusal}: ${detail}`, replied, customerId };
  };

  if (mail.tooLarge) {
    const { bytes, limit } = mail.tooLarge;
    return refuse('too-large', `It is ${megabytes(bytes)}; we read emails of up to ${megabytes(limit)}.`);
  }
  const command = mail.command;
  if (command.type === 'unknown') return refuse('unknown-command', 'No postponement request was found.');
  if (command.type === 'postpone' && command.dateProblem) {
    const kind = command.dateProblem.kind === 'ambiguous' ? 'ambiguous-date' : 'invalid-date';
    return refuse(kind, command.dateProblem.explanation);
  }
  if (command.type === 'postpone' && !command.reason)
    return refuse('no-reason', 'Please say why, after "because".');
  if (!mail.token) return refuse('no-token', 'Reply to the notice email itself.');

  // C12.2: a token in the hands of someone who is not its customer's contact (a forwarded notice) is
  // recorded and ignored without being used up, so the contact can still answer.
  const hash = hashToken(mail.token);
  const owner = await deps.store.tokens.owner(hash);
  const customer = owner ? await deps.store.directory.getCustomer(owner.customerId) : undefined;
  if (owner && !customer?.contacts.includes(from)) {
    const reason = `sender ${from} is not a registered contact of ${owner.customerId}`;
    await record('inbound.refused', reason, owner.customerId, { noticeId: owner.noticeId });
    return { status: 'refused', reason, replied: false, customerId: owner.customerId };
  }
  let claim: { noticeId: string; customerId: string };
  try {
    claim = await deps.store.tokens.consume(hash, mail.receivedAt, receiptId); // C11.3
  } catch (error) {
    if (!(error instanceof PolicyRefusal)) throw error;
    return refuse(
      'token-refused',
      'If the deadline has not passed, you can still use the customer API.',
      customer,
    );
  }
  // consume succeeds only for a token that exists, whose owner and customer were read above.
  if (!customer) throw new NotFoundError('customer', claim.customerId);
  const notice = await deps.store.notices.getNotice(claim.noticeId);
  if (!notice || notice.customerId !== customer.id || notice.changes.length === 0) {
    return refuse('not-found', '', customer);
  }
  try {
    const isPostpone = command.type === 'postpone';
    const words = isPostpone ? command.riskAcceptanceWords : undefined;
    const results = await requestPostponement(deps, {
      changeIds: notice.changes.map((l) => l.changeId), // every line of the notice
      customerId: customer.id,
      via: 'email',
      requester: from,
      reason: isPostpone ? command.reason : command.words, // C2.2: an opt-out is refused by the policy
      requestedDate: isPostpone ? command.requestedDate : undefined,
      riskAcceptance: words ? { by: from, at: toIso(mail.receivedAt), words } : undefined,
      receivedAt: mail.receivedAt,
      requestKey: receiptId,
    });
    await record('inbound.accepted', command.type, customer.id, {
      noticeId: notice.id,
      requests: results.map((r) => ({ id: r.requestId, outcome: r.outcome, clause: r.clause })),
    });
    return { status: 'processed', reason: command.type, replied: false, customerId: customer.id, results };
  } catch (error) {
    if (error instanceof NotFoundError) return refuse('not-found', error.message, customer);
    if (error instanceof ValidationError) return refuse('invalid-request', error.message, customer);
    throw error;
  }
}

/** The example date of a reply: from the notice the reply token names, when it is the sender's own. */
async function exampleDateFor(deps: ChannelDeps, mail: InboundMail, customers: Customer[]): Promise<string> {
  const owner = mail.token ? await deps.store.tokens.owner(hashToken(mail.token)) : undefined;
  const customer =
    customers.find((c) => c.id === owner?.customerId) ?? (customers.length === 1 ? customers[0] : undefined);
  const notice =
    owner && customer?.id === owner.customerId
      ? await deps.store.notices.getNotice(owner.noticeId)
      : undefined;
  const first = notice?.changes[0];
  return exampleDate({
    receivedAt: mail.receivedAt,
    timeZone: customer?.timeZone,
    notice: first ? { firstApplyAt: toInstant(first.applyAt), urgent: notice?.kind === 'urgent' } : undefined,
  });
}

/**
 * The courtesy reply, once: a replay asks the mail service's events whether this reply already
 * left (DESIGN.md rule 4) and sends it only when it provably did not.
 */
async function sendReply(
  deps: ChannelDeps,
  mail: InboundMail,
  to: string,
  text: string,
  attemptId: string,
  replay: boolean,
): Promise<boolean> {
  const now = deps.clock.now();
  if (replay) {
    const { outcome } = await deps.tracker.outcome({ id: attemptId, at: mail.receivedAt }, now);
    if (outcome === 'sent') return true;
    if (outcome === 'unknown') return false; // its events may still come: never risk a second copy
  }
  const reply = await composeReply({
    from: deps.mail.from,
    to,
    subject: mail.subject,
    inReplyTo: mail.messageId,
    text,
    date: now,
    attemptId,
  });
  try {
    await deps.mailer.send(reply);
    return true;
  } catch {
    return false; // the refusal is recorded either way; a lost courtesy reply is not retried
  }
}
