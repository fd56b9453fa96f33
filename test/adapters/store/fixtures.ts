/** Small builders of valid domain records for the store tests. */
import { randomUUID } from 'node:crypto';
import type {
  AuditEvent,
  BackupRun,
  Change,
  Customer,
  Notice,
  PostponementRequest,
  Release,
  Server,
} from '../../../functions/domain/records.ts';

/** A unique suffix per test, so tests sharing a table never see each other's records. */
export const uniq = (): string => randomUUID().slice(0, 8);

export const serverId = (n: number): string => `mi-${n.toString(16).padStart(17, '0')}`;

let serverCounter = Math.floor(Math.random() * 1e9);
export function nextServerId(): string {
  serverCounter += 1;
  return serverId(serverCounter);
}

export const customer = (id: string, over: Partial<Customer> = {}): Customer => ({
  id,
  name: `Customer ${id}`,
  timeZone: 'Europe/London',
  contacts: [`ops@${id}.example`],
  maintenanceWindow: { weekday: 'WED', start: '01:00', durationHours: 4 },
  ...over,
});

export const server = (
  id: string,
  customerId: string,
  platform: string,
  over: Partial<Server> = {},
): Server => ({
  id,
  customerId,
  platform,
  version: '1.0.0',
  images: [{ name: 'dc1', activeDirectory: true }],
  status: 'active',
  ...over,
});

export const release = (id: string, platform: string, over: Partial<Release> = {}): Release => ({
  id,
  platform,
  version: '1.1.0',
  class: 'important',
  title: `Release ${id}`,
  description: 'Fixes things',
  validatedBy: 'cs@provider.example',
  validatedAt: '2026-11-20T10:00:00.000Z',
  ...over,
});

export const change = (over: Partial<Change> & { serverId: string; customerId: string }): Change => ({
  id: `rel-${uniq()}:${over.serverId}`,
  releaseId: 'rel-1',
  class: 'important',
  state: 'planned',
  applyAt: '2026-12-02T01:00:00.000Z',
  noticeAt: '2026-11-24T12:00:00.000Z',
  postponementCount: 0,
  attempt: 1,
  version: 0,
  history: [],
  ...over,
});

export const audit = (subjectId: string, over: Partial<AuditEvent> = {}): AuditEvent => ({
  id: `evt-${randomUUID()}`,
  at: '2026-11-24T12:00:00.000Z',
  actor: 'system',
  type: 'change.planned',
  subjectId,
  data: {},
  ...over,
});

export const notice = (id: string, customerId: string, over: Partial<Notice> = {}): Notice => ({
  id,
  customerId,
  kind: 'scheduled',
  to: [`ops@${customerId}.example`],
  changes: [],
  sendBy: '2026-11-24T12:00:00.000Z',
  status: 'pending',
  version: 0,
  ...over,
});

export const request = (
  id: string,
  changeId: string,
  customerId: string,
  over: Partial<PostponementRequest> = {},
): PostponementRequest => ({
  id,
  changeId,
  customerId,
  via: 'api',
  requester: `ops@${customerId}.example`,
  reason: 'Quarter-end close',
  receivedAt: '2026-11-25T09:00:00.000Z',
  ...over,
});

export const backup = (
  id: string,
  serverIdValue: string,
  customerId: string,
  over: Partial<BackupRun> = {},
): BackupRun => ({
  id,
  serverId: serverIdValue,
  customerId,
  image: 'dc1',
  kind: 'full',
  scheduledFor: '2026-11-29T02:00:00.000Z',
  state: 'planned',
  copies: [],
  attempt: 1,
  version: 0,
  ...over,
});
