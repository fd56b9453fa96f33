/**
 * Store.commit (DESIGN.md rule 1): the writes of one transition — records, their audit events and
 * the intents of side effects — in ONE TransactWriteItems, all or nothing. Each write is built the
 * way its store builds it (record-specs.ts), so a record written here reads back as from its store.
 */
import type * as z from 'zod/v4/core';
import type { CommitOutcome, Write } from '../../application/ports.ts';
import { ValidationError } from '../../domain/errors.ts';
import { parseOrThrow } from '../../domain/validation.ts';
import { auditPuts } from './audit-log.ts';
import { contentHash } from './canonical-hash.ts';
import { feedTokenPut, feedTokenRevokePut } from './feed-token-store.ts';
import { toItem } from './item-codec.ts';
import { linePuts } from './notice-lines.ts';
import {
  alertSpec,
  backupSpec,
  changeSpec,
  noticeSpec,
  releaseSpec,
  requestSpec,
  serverSpec,
} from './record-specs.ts';
import { creationPut, type RecordSpec, updatePut } from './record-writes.ts';
import { tokenPut, tokenRevokePut } from './reply-token-store.ts';
import type { StoreContext } from './store-context.ts';
import { sameContent, TRANSACTION_LIMIT, type TxPut, transact } from './transact.ts';

const VERSIONED = { change: changeSpec, notice: noticeSpec, backup: backupSpec, alert: alertSpec } as const;
const CREATABLE = { ...VERSIONED, request: requestSpec, release: releaseSpec } as const;

export async function commit(ctx: StoreContext, writes: readonly Write[]): Promise<CommitOutcome> {
  const puts = writes.flatMap(putsOf);
  if (puts.length > TRANSACTION_LIMIT) {
    throw new ValidationError(
      `a transition holds at most ${TRANSACTION_LIMIT} items, this one ${puts.length}`,
      [{ path: 'writes', message: 'split the transition' }],
    );
  }
  const keys = puts.map((p) => `${String(p.item.pk)}|${String(p.item.sk)}`);
  if (new Set(keys).size !== keys.length) {
    throw new ValidationError('a transition writes each item once', [
      { path: 'writes', message: 'duplicate item' },
    ]);
  }
  return transact(ctx, puts);
}

function putsOf(write: Write): TxPut[] {
  if ('audit' in write) return auditPuts([write.audit]);
  if ('revoke' in write)
    return [write.revoke === 'feed' ? feedTokenRevokePut(write.hash) : tokenRevokePut(write.hash)];
  if ('create' in write) {
    if (write.create === 'token') return [tokenPut(write.record)];
    if (write.create === 'notice')
      return [creationPut(noticeSpec, write.record).put, ...linePuts(write.record)];
    if (write.create === 'feed') return [feedTokenPut(write.record)];
    const spec = CREATABLE[write.create] as RecordSpec<never>;
    return [creationPut(spec, write.record).put];
  }
  if ('update' in write) {
    const spec = VERSIONED[write.update] as RecordSpec<never>;
    return [updatePut(spec, write.record, write.expectedVersion).put];
  }
  const spec = (write.replace === 'server' ? serverSpec : requestSpec) as RecordSpec<z.$ZodType>;
  return [replacePut(spec, write.record, write.seen)];
}

/** An unversioned record, conditional on its stored content being what was read (`seen`). */
function replacePut(spec: RecordSpec<z.$ZodType>, record: object, seen: object): TxPut {
  const parsed = parseOrThrow(spec.schema, record, spec.entity) as { id: string };
  const item = toItem({
    entity: spec.entity,
    id: parsed.id,
    record: parsed,
    createdHash: '',
    keys: spec.keys(parsed as never),
  });
  const seenHash = contentHash(parseOrThrow(spec.schema, seen, spec.entity));
  return {
    item,
    mode: 'update',
    condition: { expression: 'contentHash = :seen', values: { ':seen': seenHash } },
    role: 'record',
    label: `${spec.entity} ${parsed.id}`,
    isReplay: sameContent(item),
    notFound: { entity: spec.entity, id: parsed.id },
  };
}
