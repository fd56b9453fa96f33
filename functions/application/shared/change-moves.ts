/**
 * One step in a Change's life (change-state.ts), as the next record and its audit event. Every
 * move bumps the version (the store writes it conditionally on the old one) and appends a
 * transition to the history (C10.1: nothing is overwritten).
 */
import { type Instant, toIso } from '../../domain/calendar.ts';
import { assertTransition } from '../../domain/change-state.ts';
import { ConflictError } from '../../domain/errors.ts';
import type { AuditEvent, Change, ChangeState } from '../../domain/records.ts';
import type { ChangeUpdate, RecordStore, Write } from '../ports.ts';
import { auditEventOf } from './audit.ts';

export type Move = {
  to: ChangeState;
  at: Instant;
  actor: string;
  reason: string;
  clause?: string;
  /** Identifies the occurrence (run key, command id) for the audit id. */
  key: string;
  /** Fields that change with the move (applyAt, noticeId, commandId, attempt …). */
  patch?: Partial<Omit<Change, 'id' | 'state' | 'version' | 'history'>>;
  data?: Record<string, unknown>;
};

export type MoveResult = { update: ChangeUpdate; audit: AuditEvent; next: Change };

export function moveChange(change: Change, move: Move): MoveResult {
  assertTransition(change.state, move.to);
  const transition = {
    at: toIso(move.at),
    from: change.state,
    to: move.to,
    actor: move.actor,
    reason: move.reason,
    ...(move.clause ? { clause: move.clause } : {}),
  };
  const next: Change = {
    ...change,
    ...move.patch,
    state: move.to,
    version: change.version + 1,
    history: [...change.history, transition],
  };
  const audit = auditEventOf({
    type: `change.${move.to}`,
    actor: move.actor,
    at: move.at,
    subjectId: change.id,
    key: move.key,
    customerId: change.customerId,
    clause: move.clause,
    data: { from: change.state, reason: move.reason, applyAt: next.applyAt, ...move.data },
  });
  return { update: { next, expectedVersion: change.version }, audit, next };
}

/** Several moves of one change written as one guarded update (a transaction touches an item once). */
export function moveChain(
  change: Change,
  moves: readonly Move[],
): { update: ChangeUpdate; audit: AuditEvent[]; next: Change } {
  let current = change;
  const audit: AuditEvent[] = [];
  for (const move of moves) {
    const result = moveChange(current, move);
    audit.push(result.audit);
    current = result.next;
  }
  return { update: { next: current, expectedVersion: change.version }, audit, next: current };
}

/** A move as the writes of a transition (DESIGN.md rule 1): the change and its audit event. */
export const moveWrites = (move: Pick<MoveResult, 'update' | 'audit'>): Write[] => [
  { update: 'change', record: move.update.next, expectedVersion: move.update.expectedVersion },
  { audit: move.audit },
];

/** The writes of a field update that is not a move (same state, new version) with its event. */
export const patchWrites = (change: Change, patch: Move['patch'], audit: AuditEvent): Write[] => [
  {
    update: 'change',
    record: { ...change, ...patch, version: change.version + 1 },
    expectedVersion: change.version,
  },
  { audit },
];

const TRANSACTION_ITEMS = 100;

/**
 * Commits transitions (each a list of writes that must stay together), packed several to a
 * transaction. When a packed transaction loses a race, its transitions are committed one by one so
 * that only those that lost are skipped; returns the indexes of the units not written.
 */
export async function commitUnits(
  store: Pick<RecordStore, 'commit'>,
  units: readonly Write[][],
): Promise<number[]> {
  const lost: number[] = [];
  let batch: number[] = [];
  let size = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const indexes = batch;
    batch = [];
    size = 0;
    try {
      await store.commit(indexes.flatMap((i) => units[i] ?? []));
    } catch (error) {
      if (!(error instanceof ConflictError) || indexes.length === 1) {
        if (error instanceof ConflictError) lost.push(...indexes);
        else throw error;
        return;
      }
      for (const i of indexes) {
        try {
          await store.commit(units[i] ?? []);
        } catch (inner) {
          if (!(inner instanceof ConflictError)) throw inner;
          lost.push(i);
        }
      }
    }
  };
  for (const [i, unit] of units.entries()) {
    if (size + unit.length > TRANSACTION_ITEMS) await flush();
    batch.push(i);
    size += unit.length;
  }
  await flush();
  return lost;
}
