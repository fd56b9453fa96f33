/**
 * The BackupImage document's per-image result lines (backup-image-script.ts, C9.3):
 * `IMAGE=<name> COPIES=<verified copies> RESULT=<code>`, one per image the script tried.
 */
import type { BackupRun } from '../domain/records.ts';

type BackupCopy = BackupRun['copies'][number];

export type ImageResult = { image: string; copies: BackupCopy[]; code: number };

const LINE = /^IMAGE=([A-Za-z0-9][A-Za-z0-9._-]{0,79}) COPIES=([a-z,]*) RESULT=(\d{1,3})$/;
const COPIES: readonly string[] = ['local', 'cloud'];

export const resultLineOf = (r: ImageResult): string =>
  `IMAGE=${r.image} COPIES=${r.copies.join(',')} RESULT=${r.code}`;

/** The result of each image named in the output; a line that does not parse is ignored. */
export function imageResultsOf(output: string | undefined): Map<string, ImageResult> {
  const results = new Map<string, ImageResult>();
  for (const raw of (output ?? '').split('\n')) {
    const match = LINE.exec(raw.trim());
    if (!match?.[1] || match[2] === undefined || !match[3]) continue;
    const copies = match[2].split(',').filter((c): c is BackupCopy => COPIES.includes(c));
    results.set(match[1], { image: match[1], copies, code: Number(match[3]) });
  }
  return results;
}
