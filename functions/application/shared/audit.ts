/**
 * C10.1: audit events written by the runs. The id is derived from the event's type, subject and a
 * key that identifies the occurrence (a run key, a command id, an attempt), so replaying a run or an
 * event writes the same id and the append-only log records it once.
 */
import { createHash } from 'node:crypto';
import { type Instant, toIso } from '../../domain/calendar.ts';
import type { AuditEvent } from '../../domain/records.ts';

export type AuditDraft = {
  type: string;
  actor: string;
  at: Instant;
  subjectId: string;
  /** What makes this occurrence unique besides type and subject (run key, command id, attempt). */
  key: string;
  customerId?: string | undefined;
  clause?: string | undefined;
  data?: Record<string, unknown>;
};

export const auditIdOf = (type: string, subjectId: string, key: string): string =>
  `ev-${createHash('sha256').update(`${type}\u0000${subjectId}\u0000${key}`).digest('hex').slice(0, 32)}`;

export function auditEventOf(draft: AuditDraft): AuditEvent {
  const event: AuditEvent = {
    id: auditIdOf(draft.type, draft.subjectId, draft.key),
    at: toIso(draft.at),
    actor: draft.actor,
    type: draft.type,
    subjectId: draft.subjectId,
    data: draft.data ?? {},
  };
  if (draft.customerId) event.customerId = draft.customerId;
  if (draft.clause) event.clause = draft.clause;
  return event;
}

/** The actor of automatic work: the run or function that did it. */
export const SYSTEM_ACTOR = 'system';
