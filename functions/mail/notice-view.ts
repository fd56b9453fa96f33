/**
 * What a notice says, as plain data: the use case that decides what to send fills it in, and
 * composeNotice turns it into a MIME message. Nothing here reads the store or the clock.
 */
import type { Instant } from '../domain/calendar.ts';
import type { ContractConfig } from '../domain/config.ts';
import type { Customer, NoticeKind, ReleaseClass } from '../domain/records.ts';

/** C3.2, C4.4, C5.4: the limits a notice states, from the contract configuration. */
export type NoticeLimits = {
  noticeLeadHours: number;
  /** C4.4: a scheduled change moves at most this many days after the window first notified… */
  maxDaysAfterOriginal: number;
  /** …and at most this many times, automatically. */
  maxCount: number;
  /** C5.4: an urgent change moves by this many nights unless a date is named, at most `urgentMaxNights`. */
  urgentDefaultNights: number;
  urgentMaxNights: number;
};

export const noticeLimits = (cfg: ContractConfig): NoticeLimits => ({
  noticeLeadHours: cfg.noticeLeadHours,
  maxDaysAfterOriginal: cfg.scheduledPostponement.maxDaysAfterOriginal,
  maxCount: cfg.scheduledPostponement.maxCount,
  urgentDefaultNights: cfg.urgent.defaultPostponeNights,
  urgentMaxNights: cfg.urgent.maxPostponeNights,
});

/** One change the notice is about (C3.4: several changes of one window go out as one notice). */
export type NoticeViewLine = {
  change: { id: string; applyAt: Instant; class: ReleaseClass };
  server: { id: string; images: { name: string; activeDirectory?: boolean }[] };
  release: { id: string; title: string; version: string; class: ReleaseClass; description: string };
};

/** The request a `postponement-review` notice asks the CS team to decide (C4.4). */
export type NoticeViewRequest = {
  id: string;
  requester: string;
  receivedAt: Instant;
  reason: string;
  requestedDate?: string;
  riskAcceptanceWords?: string;
};

export type NoticeView = {
  kind: NoticeKind;
  /** Stable per notice: the Message-ID and the calendar UID derive from it. */
  noticeId: string;
  /** The sending attempt (DESIGN.md rule 4): its events name it; an `X-Notice-Attempt` header. */
  attemptId?: string | undefined;
  customer: Customer;
  /** Recipients; the customer's contacts when absent (the CS team for `postponement-review`). */
  to?: string[];
  /** The sender address (a verified SES identity). */
  from: string;
  /** C12.2: the address carrying the reply token, or undefined when no reply is expected. */
  replyTo: string | undefined;
  /** Domain of the Message-ID and calendar UID; the domain of `from` when absent. */
  messageIdDomain?: string;
  /** The Date header: when the notice is composed (the run's `now`). */
  date: Instant;
  lines: NoticeViewLine[];
  /** C3.3 / C5.2: the maintenance window (scheduled) or overnight slot (urgent) notified. */
  window?: { start: Instant; end: Instant };
  /** C4.2 / C5.4: the last instant a postponement request is accepted. */
  postponeUntil?: Instant;
  /** C4.5: the new date of a granted postponement. */
  newApplyAt?: Instant;
  /** C2.2 / C4.2 / C5.4: why a request was refused, and the clause that refuses it. */
  refusal?: { clause: string; reason: string };
  /** C8.3: when a failed change will be repeated. */
  repeatAt?: Instant;
  /** C4.4: the request the CS team must review. */
  request?: NoticeViewRequest;
  /** C4.4 / C5.4: the postponement limits the advance notices state. */
  limits: NoticeLimits;
};
