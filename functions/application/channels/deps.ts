/**
 * What the customer and CS channels need: the runs' notice dependencies (store, clock, contract
 * configuration, mailer, alerter, mail settings), plus where review requests go. The composition
 * roots of functions/{customer-api,cs-api,inbound-mail} build it from the real adapters.
 */
import type { Store } from '../ports.ts';
import type { NoticeDeps } from '../shared/deps.ts';

export type ChannelDeps = NoticeDeps & {
  /** The records and the lists the channels serve a page at a time. */
  store: Store;
  /** C4.4: who receives postponement requests waiting for review (the CS team). */
  reviewTo?: string[];
};
