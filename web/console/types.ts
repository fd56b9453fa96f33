/**
 * The shapes the console reads from the API (docs/openapi.json): test/adapters/api/web-types.test.ts
 * holds them to the API's schemas, so `npm run typecheck` fails when the two drift apart.
 */
export type Fleet = {
  now: string;
  from: string;
  customers: {
    id: string;
    name: string;
    timeZone: string;
    servers: number;
    clauses: { clause: string; title: string; status: 'held' | 'not-held' | 'no-evidence' }[];
    behind: { serverId: string; version: string; latest: string; releaseId: string; why: string }[];
    needsAttention: string[];
    failedBackups: {
      id: string;
      serverId: string;
      image: string;
      kind: string;
      scheduledForLocal: string;
      attempt: number;
    }[];
    pendingReviews: number;
  }[];
  alerts: { id: string; at: string; reason: string; clause?: string; customerId?: string; status: string }[];
  pendingReviews: number;
};

export type Review = {
  id: string;
  changeId: string;
  customerId: string;
  via: string;
  requester: string;
  reason: string;
  requestedDate?: string;
  riskAcceptance?: { by: string; at: string; words: string };
  receivedAt: string;
  decision?: {
    outcome: string;
    clause: string;
    reason: string;
    newApplyAt?: string;
    decidedAt: string;
    decidedBy: string;
  };
};

export type Preview = {
  release: {
    id: string;
    platform: string;
    version: string;
    class: string;
    title: string;
    validatedBy: string;
    validatedAt: string;
  };
  exists: boolean;
  changes: {
    serverId: string;
    customerId: string;
    timeZone: string;
    noticeAtLocal: string;
    applyAtLocal: string;
  }[];
  skipped: { serverId: string; customerId: string; reason: string }[];
};
