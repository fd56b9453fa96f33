/**
 * Alerts to the CS team (C3.5, C6.3, C9.4) as side effects (DESIGN.md rule 4): an alert is
 * recorded with the transition that raises it (`alertWrite` in the same Store.commit), then
 * published: claimed (`publishing`), sent on the Alerter (SNS), marked `published`. A replay
 * publishes what is still unpublished; one found `publishing` by a dead invocation is published
 * again (the CS channel is at least once; the message carries the alert id).
 */
import { createHash } from 'node:crypto';
import { type Instant, toIso } from '../../domain/calendar.ts';
import { claimOf, type Holder, mayTakeOver } from '../../domain/claims.ts';
import { ConflictError } from '../../domain/errors.ts';
import type { AlertRecord } from '../../domain/records.ts';
import type { Write } from '../ports.ts';
import type { AlertDeps } from './deps.ts';

export type AlertDraft = {
  /** What makes this alert unique (its clause, subject and occurrence): the same key is the same alert. */
  key: string;
  reason: string;
  clause?: string | undefined;
  subjectId?: string | undefined;
  customerId?: string | undefined;
};

export const alertIdOf = (key: string): string =>
  `alert-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;

export function alertRecordOf(draft: AlertDraft, at: Instant): AlertRecord {
  return {
    id: alertIdOf(draft.key),
    at: toIso(at),
    reason: draft.reason.slice(0, 4000),
    ...(draft.clause ? { clause: draft.clause } : {}),
    ...(draft.subjectId ? { subjectId: draft.subjectId } : {}),
    ...(draft.customerId ? { customerId: draft.customerId } : {}),
    status: 'pending',
    version: 0,
  };
}

/** The alert's record, to commit with the transition that raises it. */
export const alertWrite = (draft: AlertDraft, at: Instant): Write => ({
  create: 'alert',
  record: alertRecordOf(draft, at),
});

/**
 * Records (if new) and publishes one alert that belongs to no other transition. The same key again
 * (a replay) publishes it only if it is still unpublished.
 */
export async function raiseAlert(deps: AlertDeps, me: Holder, draft: AlertDraft): Promise<void> {
  const record = alertRecordOf(draft, deps.clock.now());
  try {
    await deps.store.commit([{ create: 'alert', record }]);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error; // already recorded (an earlier delivery)
  }
  await publishAlerts(deps, me, [record.id]);
}

/** Publishes each of these alerts that is not published yet and that `me` may claim. */
export async function publishAlerts(
  deps: AlertDeps,
  me: Holder,
  alerts: readonly (string | AlertRecord)[],
): Promise<number> {
  let published = 0;
  for (const entry of alerts) {
    const alert = typeof entry === 'string' ? await deps.store.alerts.getAlert(entry) : entry;
    if (alert && (await publishOne(deps, me, alert))) published += 1;
  }
  return published;
}

/** DESIGN.md rule 7: every unpublished alert of these customers (and of no customer). */
export async function drainAlerts(deps: AlertDeps, me: Holder, customerIds?: readonly string[]) {
  return publishAlerts(deps, me, await deps.store.alerts.listUnpublished(customerIds));
}

async function publishOne(deps: AlertDeps, me: Holder, alert: AlertRecord): Promise<boolean> {
  if (alert.status === 'published') return false;
  const now = deps.clock.now();
  if (alert.status === 'publishing' && alert.claim && !mayTakeOver(alert.claim, me, now)) return false;
  const claimed: AlertRecord = { ...alert, status: 'publishing', claim: claimOf(me, now) };
  try {
    await deps.store.commit([{ update: 'alert', record: claimed, expectedVersion: alert.version }]);
  } catch (error) {
    if (error instanceof ConflictError) return false; // another invocation has it
    throw error;
  }
  await deps.alerter.raise({
    id: alert.id,
    reason: alert.reason,
    ...(alert.clause ? { clause: alert.clause } : {}),
    ...(alert.subjectId ? { subjectId: alert.subjectId } : {}),
    ...(alert.customerId ? { customerId: alert.customerId } : {}),
  });
  const done: AlertRecord = { ...claimed, status: 'published', publishedAt: toIso(deps.clock.now()) };
  await deps.store.commit([{ update: 'alert', record: done, expectedVersion: alert.version + 1 }]);
  return true;
}
