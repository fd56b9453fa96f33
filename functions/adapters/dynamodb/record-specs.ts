/**
 * How each record is stored: its entity, schema and index keys (entity-keys.ts). The stores and the
 * unit of work (unit-of-work.ts) share these, so a record is written the same way by both.
 */
import {
  AlertRecord,
  BackupRun,
  Change,
  Notice,
  PostponementRequest,
  Release,
  Server,
} from '../../domain/records.ts';
import {
  alertKeys,
  backupKeys,
  changeKeys,
  noticeKeys,
  releaseKeys,
  requestKeys,
  serverKeys,
} from './entity-keys.ts';
import { noticeHead } from './notice-lines.ts';
import type { RecordSpec } from './record-writes.ts';
import { HISTORY_CAP } from './table-design.ts';

/** The item keeps the latest HISTORY_CAP transitions; the audit log keeps them all (C10.1). */
const capHistory = (change: Change): Change =>
  change.history.length > HISTORY_CAP ? { ...change, history: change.history.slice(-HISTORY_CAP) } : change;

export const changeSpec: RecordSpec<typeof Change> = {
  entity: 'change',
  schema: Change,
  keys: changeKeys,
  prepare: capHistory,
};
/** A notice's own item keeps its first lines; the rest are written beside it (notice-lines.ts). */
export const noticeSpec: RecordSpec<typeof Notice> = {
  entity: 'notice',
  schema: Notice,
  keys: noticeKeys,
  prepare: noticeHead,
};
export const backupSpec: RecordSpec<typeof BackupRun> = {
  entity: 'backup',
  schema: BackupRun,
  keys: backupKeys,
};
export const alertSpec: RecordSpec<typeof AlertRecord> = {
  entity: 'alert',
  schema: AlertRecord,
  keys: alertKeys,
};
export const requestSpec: RecordSpec<typeof PostponementRequest> = {
  entity: 'request',
  schema: PostponementRequest,
  keys: requestKeys,
};
export const releaseSpec: RecordSpec<typeof Release> = {
  entity: 'release',
  schema: Release,
  keys: releaseKeys,
};
export const serverSpec: RecordSpec<typeof Server> = { entity: 'server', schema: Server, keys: serverKeys };
