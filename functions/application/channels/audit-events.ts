/** C10.1: the audit events the channels write (every request, decision and refused message). */
import { createHash, randomUUID } from 'node:crypto';
import type { AuditEvent } from '../../domain/records.ts';
import { type AuditDraft, auditEventOf } from '../shared/audit.ts';

export type AuditInput = Omit<AuditDraft, 'key'> & {
  /** A deterministic key makes the id stable, so a replayed request writes the same event. */
  key?: string;
};

export const stableId = (...parts: string[]): string =>
  createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);

export const auditEvent = (input: AuditInput): AuditEvent =>
  auditEventOf({ ...input, key: input.key ?? randomUUID() });
