/** The backup runs' coordinator (fan-out.ts): it imports the backup run and no other. */
import type { BackupKind } from '../../domain/records.ts';
import type { BackupDeps } from '../shared/deps.ts';
import type { RunInput } from '../shared/run-input.ts';
import { coordinateRun, type FanOutDeps, serversPerCustomer } from './fan-out.ts';
import { runBackups } from './run-backups.ts';

/** C9.1, C9.2: weight = the zone's servers. */
export const startBackupRun = (deps: BackupDeps & FanOutDeps, input: RunInput & { kind: BackupKind }) =>
  coordinateRun(deps, `backup-${input.kind}`, input, serversPerCustomer(deps.store), () =>
    runBackups(deps, input),
  );
