/**
 * C6.5 C9.4: how long a server's backups take, learned from its own results (issue 15 #3, #4).
 *
 * The contract names no duration, and a constant guess is wrong both ways: an image the fleet backs
 * up in 71 minutes overran an assumed hour into the next maintenance window (the change was held,
 * C6.5, and replanned a week out, every week), and four such images in one command overran a fixed
 * 4-hour script timeout every week. So each server's backups are planned with the time its own
 * recent backups took: the images of one command run one after the other, so a command's span
 * (sent → result) divided by its images is the time per image. The planner takes the longest of
 * the recent spans with a margin; until a server has a result, a conservative assumption stands.
 */
import { type Instant, toInstant } from './calendar.ts';
import type { BackupKind, BackupRun } from './records.ts';

/** Minutes per image, by kind of backup. */
export type BackupMinutes = Readonly<Record<BackupKind, number>>;

/** Until a server has results: longer than any image the fleet has been seen to take (C6.5). */
export const ASSUMED_MINUTES_PER_IMAGE: BackupMinutes = { full: 120, incremental: 90 };

/** The planning margin over the longest recent span, and the step it is rounded up to. */
const PLAN_MARGIN = 1.25;
const STEP_MINUTES = 5;
/** How many recent commands of each kind count (about two months of fulls, a week of incrementals). */
const SAMPLES = 8;

/** The script timeout's margin over the planned time, and its bounds (SSM allows up to 48 h). */
const TIMEOUT_MARGIN = 1.5;
const MIN_TIMEOUT_SECONDS = 3600;
export const MAX_TIMEOUT_SECONDS = 48 * 3600;

const roundUp = (minutes: number): number => Math.ceil(minutes / STEP_MINUTES) * STEP_MINUTES;

/**
 * C6.5: minutes per image of each kind for one server, from its backups (any order, any state):
 * per command, the span from the send to the result over the number of its images on the server;
 * the longest of the latest SAMPLES commands that finished (succeeded or failed: the time was
 * spent either way; a timed-out command shows the timeout, never less than the truth), times the
 * margin, rounded up to 5 minutes. A kind with no finished command keeps the assumption.
 */
export function learnedBackupMinutes(history: readonly BackupRun[]): BackupMinutes {
  const commands = new Map<string, { kind: BackupKind; start: Instant; end: Instant; images: number }>();
  for (const b of history) {
    if (!b.commandId || !b.send || !b.finishedAt) continue;
    if (b.state !== 'succeeded' && b.state !== 'failed') continue;
    const known = commands.get(b.commandId);
    if (known) {
      known.images += 1;
      continue;
    }
    const start = toInstant(b.send.at);
    const end = toInstant(b.finishedAt);
    if (end.epochMilliseconds <= start.epochMilliseconds) continue;
    commands.set(b.commandId, { kind: b.kind, start, end, images: 1 });
  }
  const learned = (kind: BackupKind): number => {
    const spans = [...commands.values()]
      .filter((c) => c.kind === kind)
      .sort((a, b) => b.start.epochMilliseconds - a.start.epochMilliseconds)
      .slice(0, SAMPLES)
      .map((c) => (c.end.epochMilliseconds - c.start.epochMilliseconds) / 60_000 / c.images);
    return spans.length ? roundUp(Math.max(...spans) * PLAN_MARGIN) : ASSUMED_MINUTES_PER_IMAGE[kind];
  };
  return { full: learned('full'), incremental: learned('incremental') };
}

/** C6.5 C9.1: how long a slot of `images` images of this kind occupies its server (run one after the other). */
export const slotMinutes = (perImage: BackupMinutes, kind: BackupKind, images: number): number =>
  perImage[kind] * Math.max(1, images);

/**
 * C9.1 C9.4 (#4): the script timeout of a command backing up images planned to take `minutes` in
 * all: half as long again, in whole hours, between 1 and 48 hours (so servers of the same size
 * still share one SendCommand per 50).
 */
export function backupTimeoutSeconds(minutes: number): number {
  const hours = Math.ceil((minutes * TIMEOUT_MARGIN) / 60);
  return Math.min(MAX_TIMEOUT_SECONDS, Math.max(MIN_TIMEOUT_SECONDS, hours * 3600));
}
