/**
 * What a delivery leaves behind, as the crash suite compares it (DESIGN.md "How it is tested"):
 * records by id with the fields that matter to the customer and the CS team (times of the service's
 * own clock and random ids left out), the emails per recipient and kind, the SSM commands per
 * target, the alerts, and the rules every end state must keep whatever its history.
 */
import type { Item } from '../../functions/adapters/dynamodb/item-codec.ts';
import type {
  AlertRecord,
  AuditEvent,
  BackupRun,
  Change,
  Notice,
  PostponementRequest,
  Server,
} from '../../functions/domain/records.ts';
import type { SesEventLog } from '../../local/services/ses-events.ts';
import type { SesLocalStore } from '../../local/services/ses-local.ts';
import { tableItems, type World } from './world.ts';

export type EndState = {
  records: Record<string, unknown>;
  /** `<recipient> <kind>` → how many emails. */
  emails: Record<string, number>;
  /** `<document> <instance> <parameters>` → how many SendCommand. */
  commands: Record<string, number>;
  /** Alerts published to the CS team, by id (the CS channel is at least once: DESIGN.md rule 4). */
  alerts: Record<string, true>;
  /** Alerts published more than once (a crash between the publish and its record). */
  repeatedAlerts: number;
  /** Broken rules of the end state on its own (an intermediate state left, a transition without its event). */
  problems: string[];
};

const byEntity = (items: Item[], entity: string) =>
  items.filter((i) => i.entity === entity).map((i) => i.record as Record<string, unknown>);

export async function endState(world: World, ses: SesLocalStore, events: SesEventLog): Promise<EndState> {
  const items = await tableItems(world);
  const records: Record<string, unknown> = {};
  const problems: string[] = [];
  const audit = byEntity(items, 'audit') as AuditEvent[];
  for (const c of byEntity(items, 'change') as Change[]) {
    records[`change ${c.id}`] = {
      state: c.state,
      applyAt: c.applyAt,
      originalApplyAt: c.originalApplyAt,
      attempt: c.attempt,
      postponementCount: c.postponementCount,
      noticeId: c.noticeId,
      command: c.commandId ? 'sent' : undefined,
      moves: c.history.map((t) => `${t.from ?? '-'}>${t.to}`).join(' '),
    };
    if (c.state === 'applying' && !c.commandId) problems.push(`change ${c.id} applying with no command`);
    const events = audit.filter(
      (e) => e.subjectId === c.id && e.type.startsWith('change.') && !/command/.test(e.type),
    );
    if (events.length < c.history.length) {
      problems.push(`change ${c.id}: ${c.history.length} transitions, ${events.length} audit events`);
    }
  }
  for (const s of byEntity(items, 'server') as Server[])
    records[`server ${s.id}`] = { status: s.status, version: s.version };
  for (const b of byEntity(items, 'backup') as BackupRun[]) {
    records[`backup ${b.id}`] = {
      state: b.state,
      attempt: b.attempt,
      copies: b.copies,
      command: b.commandId ? 'sent' : undefined,
    };
    if (b.state === 'running' && !b.commandId) problems.push(`backup ${b.id} running with no command`);
  }
  for (const n of byEntity(items, 'notice') as Notice[]) {
    records[`notice ${n.id}`] = {
      status: n.status,
      kind: n.kind,
      to: n.to,
      lines: n.changes.map((l) => l.changeId),
    };
    if (n.status === 'pending' || n.status === 'sending') problems.push(`notice ${n.id} left ${n.status}`);
  }
  for (const r of byEntity(items, 'request') as PostponementRequest[]) {
    records[`request ${r.id}`] = { outcome: r.decision?.outcome, newApplyAt: r.decision?.newApplyAt };
  }
  for (const a of byEntity(items, 'alert') as AlertRecord[]) {
    records[`alert ${a.id}`] = { status: a.status, clause: a.clause };
    if (a.status !== 'published') problems.push(`alert ${a.id} left ${a.status}`);
  }
  const tokens = items.filter((i) => i.entity === 'token').length;
  records.tokens = tokens;

  const emails: Record<string, number> = {};
  for (const email of events.sent) {
    const kind =
      email.headers['x-notice-kind'] ??
      (email.headers['auto-submitted'] === 'auto-replied' ? 'reply' : 'other');
    for (const to of email.destinations) emails[`${to} ${kind}`] = (emails[`${to} ${kind}`] ?? 0) + 1;
  }
  const stored = (await ses.list()).length;
  if (stored !== events.sent.length)
    problems.push(`the SES store holds ${stored} emails, its events ${events.sent.length}`);
  const commands: Record<string, number> = {};
  for (const command of world.fleet.fleet.listCommands()) {
    for (const instance of command.instanceIds) {
      const key = `${command.documentName} ${instance} ${JSON.stringify(command.parameters)}`;
      commands[key] = (commands[key] ?? 0) + 1;
    }
  }
  for (const [key, n] of Object.entries(commands)) if (n > 1) problems.push(`${n} SendCommand for ${key}`);
  const alerts: Record<string, true> = {};
  for (const a of world.alerts) alerts[a.id ?? a.reason] = true;
  const repeatedAlerts = world.alerts.length - Object.keys(alerts).length;
  return { records, emails, commands, alerts, repeatedAlerts, problems };
}

/** How `got` differs from `want`: one line per difference (empty when they agree). */
export function differences(want: EndState, got: EndState): string[] {
  const out: string[] = [...got.problems.filter((p) => !want.problems.includes(p))];
  const compare = (what: string, a: Record<string, unknown>, b: Record<string, unknown>) => {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const x = JSON.stringify(a[key]);
      const y = JSON.stringify(b[key]);
      if (x !== y) out.push(`${what} ${key}: want ${x ?? 'nothing'}, got ${y ?? 'nothing'}`);
    }
  };
  compare('record', want.records, got.records);
  compare('emails', want.emails, got.emails);
  compare('commands', want.commands, got.commands);
  compare('alerts', want.alerts, got.alerts);
  return out;
}
