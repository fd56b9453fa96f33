/**
 * One large customer for the API bench, as the service would have stored it: `servers` servers with
 * two images each (one Active Directory image), every backup of the last `days` days from the
 * domain's own backup calendar (C9.1 weekly full of each image, C9.2 daily AD incremental), three
 * changes per server (two applied, one notified for the next window), notices of up to 2,000
 * servers each (what one notice item holds, test/adapters/store/notice-size.test.ts) and a few
 * postponement requests waiting for the CS team. Loaded with the store's own item codec and keys
 * through BatchWriteItem (no conditions, no audit events: a fixture, never a state change).
 */
import { batchPut } from '../functions/adapters/dynamodb/batch-write.ts';
import { contentHash } from '../functions/adapters/dynamodb/canonical-hash.ts';
import {
  backupKeys,
  changeKeys,
  customerKeys,
  noticeKeys,
  requestKeys,
  serverKeys,
} from '../functions/adapters/dynamodb/entity-keys.ts';
import { type Item, toItem } from '../functions/adapters/dynamodb/item-codec.ts';
import type { StoreContext } from '../functions/adapters/dynamodb/store-context.ts';
import type { EntityName, IndexKeys } from '../functions/adapters/dynamodb/table-design.ts';
import { mapConcurrently } from '../functions/application/shared/concurrency.ts';
import { backupSlots } from '../functions/domain/backup-slots.ts';
import { type Instant, toIso } from '../functions/domain/calendar.ts';
import { defaultConfig } from '../functions/domain/config.ts';
import type {
  BackupRun,
  Change,
  Customer,
  Notice,
  PostponementRequest,
  Server,
} from '../functions/domain/records.ts';

export type ApiCustomer = {
  customer: Customer;
  servers: number;
  counts: Record<'servers' | 'backups' | 'changes' | 'notices' | 'reviews', number>;
  /** A change of the customer, for the detail route. */
  changeId: string;
};

const NOTICE_LINES = 2000;
const REVIEWS = 20;
const WRITES_IN_FLIGHT = 6;
const CHUNK = 500;

/** The 12:00 notice run 8 days before a 01:00 window (C3.2), as an ISO instant. */
const noticeRunBefore = (applyAt: string, plusMs = 0): string =>
  new Date(Date.parse(applyAt) - 8 * 86_400_000 + 11 * 3_600_000 + plusMs).toISOString();

function item<R extends { id: string }>(entity: EntityName, record: R, keys: (r: R) => IndexKeys): Item {
  return toItem({ entity, id: record.id, record, createdHash: contentHash(record), keys: keys(record) });
}

export async function loadApiCustomer(
  ctx: StoreContext,
  input: { id: string; servers: number; days: number; now: Instant; firstServer: number },
): Promise<ApiCustomer> {
  const cfg = defaultConfig();
  const customer: Customer = {
    id: input.id,
    name: `Customer ${input.id}`,
    timeZone: 'Europe/London',
    contacts: [`ops@${input.id}.example`],
    maintenanceWindow: cfg.defaults.maintenanceWindow,
  };
  const images = [
    { name: 'dc01', activeDirectory: true },
    { name: 'app01', activeDirectory: false },
  ];
  const from = input.now.subtract({ hours: 24 * input.days });
  // Every server of the customer has the same images and window, so the same calendar.
  const slots = backupSlots({ from, to: input.now, server: { images }, customer, cfg });
  const servers: Server[] = Array.from({ length: input.servers }, (_, i) => ({
    id: `mi-${(input.firstServer + i).toString(16).padStart(17, '0')}`,
    customerId: customer.id,
    platform: 'vplat',
    version: '4.2.0',
    images,
    status: 'active',
  }));
  const items: Item[] = [item('customer', customer, customerKeys)];
  const changes: Change[] = [];
  const notices: Notice[] = [];
  const requests: PostponementRequest[] = [];
  let backups = 0;
  const windows = ['2026-11-04T01:00:00.000Z', '2026-11-18T01:00:00.000Z', '2026-12-02T01:00:00.000Z'];
  for (const s of servers) {
    items.push(item('server', s, serverKeys));
    for (const slot of slots) {
      const run: BackupRun = {
        id: `backup:${s.id}:${slot.image}:${slot.kind}:${toIso(slot.nominalAt)}`,
        serverId: s.id,
        customerId: customer.id,
        image: slot.image,
        kind: slot.kind,
        scheduledFor: toIso(slot.at),
        state: 'succeeded',
        copies: ['local', 'cloud'],
        attempt: 1,
        commandId: `cmd-${toIso(slot.at)}`,
        finishedAt: toIso(slot.at.add({ minutes: 25 })),
        version: 3,
      };
      items.push(item('backup', run, backupKeys));
      backups += 1;
    }
    windows.forEach((applyAt, w) => {
      const releaseId = `vplat-4.${w + 2}.0`;
      const upcoming = w === windows.length - 1;
      changes.push({
        id: `${releaseId}:${s.id}`,
        releaseId,
        serverId: s.id,
        customerId: customer.id,
        class: 'important',
        state: upcoming ? 'notified' : 'succeeded',
        applyAt,
        noticeAt: noticeRunBefore(applyAt),
        postponementCount: 0,
        attempt: 1,
        version: upcoming ? 2 : 4,
        history: [
          {
            at: '2026-10-20T10:00:00.000Z',
            from: null,
            to: 'planned',
            actor: 'system',
            reason: 'registered',
          },
          {
            at: '2026-10-27T12:00:00.000Z',
            from: 'planned',
            to: 'notified',
            actor: 'system',
            reason: 'notice sent',
          },
          ...(upcoming
            ? []
            : [
                {
                  at: applyAt,
                  from: 'notified' as const,
                  to: 'applying' as const,
                  actor: 'system',
                  reason: 'sent',
                },
                {
                  at: applyAt,
                  from: 'applying' as const,
                  to: 'succeeded' as const,
                  actor: 'system',
                  reason: 'ok',
                },
              ]),
        ],
      });
    });
  }
  for (const c of changes) items.push(item('change', c, changeKeys));
  windows.forEach((applyAt, w) => {
    const ofWindow = changes.filter((c) => c.applyAt === applyAt);
    for (let part = 0; part * NOTICE_LINES < ofWindow.length; part += 1) {
      const lines = ofWindow.slice(part * NOTICE_LINES, (part + 1) * NOTICE_LINES);
      notices.push({
        id: `notice:${customer.id}:scheduled:${applyAt}:${part}`,
        customerId: customer.id,
        kind: 'scheduled',
        to: customer.contacts,
        changes: lines.map((c) => ({
          changeId: c.id,
          serverId: c.serverId,
          releaseId: c.releaseId,
          applyAt,
        })),
        postponeUntil: new Date(Date.parse(applyAt) - 7 * 3_600_000).toISOString(),
        sendBy: noticeRunBefore(applyAt),
        status: 'sent',
        sentAt: noticeRunBefore(applyAt, 5000),
        version: 1,
      });
    }
    if (w === windows.length - 1)
      for (const c of ofWindow.slice(0, REVIEWS))
        requests.push({
          id: `request:${c.id}`,
          changeId: c.id,
          customerId: customer.id,
          via: 'api',
          requester: `user@${customer.id}`,
          reason: 'Quarter-end close',
          requestedDate: '2027-01-27',
          receivedAt: '2026-11-26T09:00:00.000Z',
          decision: {
            outcome: 'pending-review',
            clause: 'C4.4',
            reason: 'beyond 28 days',
            decidedBy: 'system',
            decidedAt: '2026-11-26T09:00:00.000Z',
          },
        });
  });
  for (const n of notices) items.push(item('notice', n, noticeKeys));
  for (const r of requests) items.push(item('request', r, requestKeys));
  const chunks = Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) =>
    items.slice(i * CHUNK, (i + 1) * CHUNK),
  );
  await mapConcurrently(chunks, WRITES_IN_FLIGHT, (chunk) => batchPut(ctx, chunk));
  return {
    customer,
    servers: servers.length,
    counts: {
      servers: servers.length,
      backups,
      changes: changes.length,
      notices: notices.length,
      reviews: requests.length,
    },
    changeId: changes.at(-1)?.id ?? '',
  };
}
