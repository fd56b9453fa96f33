/**
 * The shapes the portal reads from the API (docs/openapi.json): test/adapters/api/web-types.test.ts
 * holds them to the API's schemas, so `npm run typecheck` fails when the two drift apart.
 */
export type LocalTime = { at: string; local: string };
export type ReleaseSummary = {
  id: string;
  title: string;
  description: string;
  version: string;
  class: string;
};

export type Overview = {
  customer: {
    id: string;
    name: string;
    timeZone: string;
    maintenanceWindow: { weekday: string; start: string; durationHours: number };
  };
  now: LocalTime;
  windows: {
    date: string;
    start: LocalTime;
    end: LocalTime;
    kind: 'window' | 'night';
    changes: number;
    servers: number;
    classes: string[];
    releases: ReleaseSummary[];
    firstChangeId?: string;
    postponeUntil?: LocalTime;
    msLeft?: number;
  }[];
  repeats: {
    changeId: string;
    serverId: string;
    releaseId: string;
    attempt: number;
    failedAt?: LocalTime;
    repeatAt: LocalTime;
  }[];
  needsAttention: { serverId: string; changeId?: string; since?: LocalTime }[];
  servers: number;
};

export type Server = {
  id: string;
  platform: string;
  version: string;
  status: string;
  images: { name: string; activeDirectory?: boolean }[];
};

export type ChangeView = {
  id: string;
  releaseId: string;
  serverId: string;
  class: string;
  state: string;
  upcoming: boolean;
  applyAt: string;
  applyAtLocal: string;
  originalApplyAt?: string;
  postponementCount: number;
  attempt: number;
};

export type ChangeDetail = ChangeView & {
  history: {
    at: string;
    atLocal: string;
    from: string | null;
    to: string;
    actor: string;
    reason: string;
    clause?: string;
  }[];
  requests: {
    id: string;
    receivedAt: string;
    reason: string;
    requestedDate?: string;
    via: string;
    decision?: { outcome: string; reason: string; clause: string; newApplyAt?: string };
  }[];
};

export type Choices = {
  changeId: string;
  serverId: string;
  class: string;
  state: string;
  release?: ReleaseSummary;
  applyAt: LocalTime;
  timeZone: string;
  now: LocalTime;
  deadline: LocalTime;
  msLeft: number;
  open: boolean;
  closedReason?: { clause: string; reason: string };
  options: {
    date: string;
    start: LocalTime;
    end: LocalTime;
    outcome: 'granted' | 'pending-review' | 'refused';
    clause: string;
    reason: string;
  }[];
  limits: {
    kind: 'scheduled' | 'urgent';
    maxDaysAfterOriginal?: number;
    maxCount?: number;
    used?: number;
    defaultNights?: number;
    maxNights?: number;
    original: LocalTime;
  };
  riskStatement: string;
};

export type PostponementResult = {
  requestId: string;
  changeId: string;
  outcome: 'granted' | 'refused' | 'pending-review';
  clause: string;
  reason: string;
  newApplyAt?: string;
  newApplyAtLocal?: string;
};

export type Backup = {
  id: string;
  serverId: string;
  image: string;
  kind: 'full' | 'incremental';
  scheduledFor: string;
  scheduledForLocal: string;
  state: string;
  copies: string[];
  attempt: number;
  finishedAt?: string;
};

export type NoticeView = {
  id: string;
  kind: string;
  to: string[];
  status: string;
  sentAt?: string;
  sentAtLocal?: string;
  postponeUntilLocal?: string;
  changes: { changeId: string; serverId: string; releaseId: string; applyAt: string }[];
};

export type NoticeAsSent = {
  id: string;
  kind: string;
  subject: string;
  text: string;
  sentAtLocal?: string;
  to: string[];
};

export type HistoryEvent = {
  id: string;
  at: string;
  atLocal: string;
  type: string;
  actor: string;
  subjectId: string;
  clause?: string;
  summary: string;
};

export type FeedStatus = {
  active: boolean;
  createdAt?: string;
  createdAtLocal?: string;
  url?: string;
  webcalUrl?: string;
};

export type Report = {
  customerId: string;
  from: string;
  to: string;
  generatedAt: string;
  clauses: {
    clause: string;
    title: string;
    status: 'held' | 'not-held' | 'no-evidence';
    summary: string;
    breaches: { subjectId: string; explanation: string }[];
    evidence: { id: string; type: string; at: string; subjectId: string }[];
  }[];
};
