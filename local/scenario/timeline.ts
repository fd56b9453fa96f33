/**
 * The simulator's timeline (issue 7): one JSON object per line, in time order, each taken from
 * the service's own records (audit log, mail store, fleet simulator) and naming that source.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type {
  BackupKind,
  DecisionOutcome,
  NoticeKind,
  ReleaseClass,
} from '../../functions/domain/records.ts';

export type Source = 'audit' | 'mail' | 'fleet';
type Base = { at: string; source?: Source };

export type NoticeChangeLine = { changeId: string; serverId: string; releaseId: string; applyAt: string };
export type ApplyOutcome = 'succeeded' | 'failed-rolled-back' | 'rollback-failed';

export type NoticeSent = Base & {
  type: 'notice.sent';
  customerId: string;
  to: string[];
  kind: NoticeKind;
  changes: NoticeChangeLine[];
  noticeId?: string;
  subject?: string;
  /** C7.1: the message says the application may cause loss of service (from the mail store). */
  saysLossOfService?: boolean;
};
export type RequestReceived = Base & {
  type: 'request.received';
  customerId: string;
  via: 'email' | 'api';
  changeId: string;
  from: string;
  requestId?: string;
};
export type PostponementDecided = Base & {
  type: 'postponement.decided';
  changeId: string;
  decision: DecisionOutcome;
  clause: string;
  newApplyAt?: string;
  customerId?: string;
  reason?: string;
  requestId?: string;
};
export type ApplyStarted = Base & {
  type: 'apply.started';
  changeId: string;
  serverId: string;
  releaseId: string;
  class: ReleaseClass;
  customerId?: string;
};
export type ApplyFinished = Omit<ApplyStarted, 'type'> & { type: 'apply.finished'; outcome: ApplyOutcome };
export type BackupFinished = Base & {
  type: 'backup.finished';
  serverId: string;
  image: string;
  kind: BackupKind;
  outcome: 'succeeded' | 'failed';
  copies: string[];
  customerId?: string;
  /** When the backup's snapshot began (C6.5 overlap check). */
  startedAt?: string;
};
export type AlertRaised = Base & {
  type: 'alert.raised';
  reason: string;
  clause?: string;
  subjectId?: string;
  customerId?: string;
};

export type TimelineEvent =
  | NoticeSent
  | RequestReceived
  | PostponementDecided
  | ApplyStarted
  | ApplyFinished
  | BackupFinished
  | AlertRaised;
export type TimelineType = TimelineEvent['type'];

/** Order matters on equal instants: a request comes before its decision, a start before its end. */
const TYPE_ORDER: Record<TimelineType, number> = {
  'request.received': 0,
  'postponement.decided': 1,
  'notice.sent': 2,
  'apply.started': 3,
  'apply.finished': 4,
  'backup.finished': 5,
  'alert.raised': 6,
};

/** Time order (then causal order on ties), stable for everything else. */
export function sortTimeline(events: readonly TimelineEvent[]): TimelineEvent[] {
  return events
    .map((event, index) => ({ event, index, ms: Date.parse(event.at) }))
    .sort((a, b) => a.ms - b.ms || TYPE_ORDER[a.event.type] - TYPE_ORDER[b.event.type] || a.index - b.index)
    .map((x) => x.event);
}

/** One line per event, `at` and `type` first. */
export const toJsonl = (events: readonly TimelineEvent[]): string =>
  events.map(({ at, type, ...rest }) => JSON.stringify({ at, type, ...rest })).join('\n') +
  (events.length ? '\n' : '');

export async function writeTimeline(path: string, events: readonly TimelineEvent[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, toJsonl(events), 'utf8');
}

export const parseJsonl = (text: string): TimelineEvent[] =>
  text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as TimelineEvent);
