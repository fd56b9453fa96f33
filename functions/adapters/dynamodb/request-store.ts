/**
 * Postponement requests (C4, C5.4) and their decisions. A decision is recorded once: only a request
 * with no decision, or one pending the CS team's review (C4.4), can be decided.
 */
import type { RequestStore } from '../../application/ports.ts';
import { ConflictError, NotFoundError } from '../../domain/errors.ts';
import { PostponementDecision, PostponementRequest } from '../../domain/records.ts';
import { parseOrThrow } from '../../domain/validation.ts';
import { auditPuts } from './audit-log.ts';
import { canonicalJson } from './canonical-hash.ts';
import { requestKeys } from './entity-keys.ts';
import { fromItem, type Item, toItem } from './item-codec.ts';
import { getItem, queryAgenda, queryPartition } from './reads.ts';
import { createRecord, type RecordSpec } from './record-writes.ts';
import type { StoreContext } from './store-context.ts';
import { INDEX } from './table-definition.ts';
import { sameContent, transact } from './transact.ts';

const spec: RecordSpec<typeof PostponementRequest> = {
  entity: 'request',
  schema: PostponementRequest,
  keys: requestKeys,
};

export function createRequestStore(ctx: StoreContext): RequestStore {
  const parse = (items: Item[]) => items.map((i) => fromItem(PostponementRequest, i, 'request'));
  return {
    saveRequest: (request, audit) => createRecord(ctx, spec, request, [audit]),
    async getRequest(id) {
      const item = await getItem(ctx, 'request', id);
      return item ? fromItem(PostponementRequest, item, 'request') : undefined;
    },
    async listRequestsByChange(changeId) {
      return parse(
        await queryPartition(ctx, { index: INDEX.byParent, partition: `CHANGE#${changeId}#REQUEST` }),
      );
    },
    async listRequestsByCustomer(customerId) {
      return parse(
        await queryPartition(ctx, { index: INDEX.byOwner, partition: `CUSTOMER#${customerId}#REQUEST` }),
      );
    },
    async listPendingReviews() {
      return parse(await queryAgenda(ctx, 'review'));
    },
    async decide(requestId, input, audit) {
      const decision = parseOrThrow(PostponementDecision, input, 'decision');
      const stored = await getItem(ctx, 'request', requestId);
      if (!stored) throw new NotFoundError('request', requestId);
      const request = fromItem(PostponementRequest, stored, 'request');
      const previous = request.decision;
      if (previous && canonicalJson(previous) === canonicalJson(decision)) return; // a replay
      if (previous && previous.outcome !== 'pending-review') {
        throw new ConflictError(`request ${requestId} was already decided (${previous.outcome})`);
      }
      const next = { ...request, decision };
      const item = toItem({
        entity: 'request',
        id: requestId,
        record: next,
        createdHash: String(stored.createdHash),
        keys: requestKeys(next),
      });
      await transact(ctx, [
        {
          item,
          condition: { expression: 'contentHash = :seen', values: { ':seen': stored.contentHash } },
          role: 'record',
          label: `request ${requestId}`,
          isReplay: sameContent(item),
        },
        ...auditPuts([audit]),
      ]);
    },
  };
}
