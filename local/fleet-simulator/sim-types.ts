/** The simulated fleet's own records: servers, faults, the per-image history, step durations. */
import type { FleetDocumentName } from '../../functions/fleet/document-types.ts';

export type SimImage = { name: string; activeDirectory: boolean };

export type SimServerInput = {
  /** A hybrid managed instance id: `mi-` + 17 hex digits. */
  instanceId: string;
  version: string;
  images: Array<{ name: string; activeDirectory?: boolean }>;
  /** The SSM agent starts online unless told otherwise. */
  online?: boolean;
};

/**
 * The server's SSM agent. Offline (PingStatus ConnectionLost), commands wait for it until their
 * delivery timeout; a script already running goes on (the server is up, its agent is not talking).
 */
export type SimAgent = {
  online: boolean;
  /** When the agent came online or went offline (epoch ms). */
  since: number;
  /** When the server was registered (epoch ms): RegistrationDate. */
  registeredAt: number;
};

export type RollbackPoint = { name: string; version: string; images: string[] };

export type SimServer = {
  instanceId: string;
  version: string;
  images: SimImage[];
  /** `broken` after a failed revert (C6.3): the simulator keeps running commands on it regardless. */
  health: 'ok' | 'broken';
  rollbackPoints: Map<string, RollbackPoint>;
  agent: SimAgent;
};

/** What a fault makes go wrong on the server's next run(s) of the matching document. */
export const PATCH_FAULTS = [
  'snapshot-fails',
  'apply-fails',
  'check-fails',
  'apply-times-out',
  'rollback-fails',
] as const;
export const BACKUP_FAULTS = [
  'backup-snapshot-fails',
  'backup-local-copy-fails',
  'backup-cloud-copy-fails',
  'backup-verify-fails',
] as const;
export type PatchFault = (typeof PATCH_FAULTS)[number];
export type BackupFault = (typeof BACKUP_FAULTS)[number];
export type FaultKind = PatchFault | BackupFault;

export const faultDocument = (kind: FaultKind): FleetDocumentName =>
  (PATCH_FAULTS as readonly string[]).includes(kind) ? 'PatchServer' : 'BackupImage';

export type HistoryAction =
  | 'snapshot'
  | 'apply'
  | 'check'
  | 'revert'
  | 'release'
  | 'copy'
  | 'verify'
  | 'timeout'
  | 'concurrent-run';

/** One thing that happened on a server, per image where it concerns one. */
export type HistoryEntry = {
  at: string;
  instanceId: string;
  commandId: string;
  document: FleetDocumentName;
  action: HistoryAction;
  ok: boolean;
  image?: string;
  detail: Record<string, string>;
};

export type StepName =
  | 'delivery'
  | 'snapshot'
  | 'apply'
  | 'check'
  | 'revert'
  | 'release'
  | 'local-copy'
  | 'cloud-copy'
  | 'verify';

/** Simulated duration of each step in milliseconds (virtual mode; instant mode uses 0). */
export type StepDurations = Record<StepName, number>;

const MINUTE = 60_000;
export const DEFAULT_DURATIONS: StepDurations = {
  delivery: 5_000,
  snapshot: 5 * MINUTE,
  apply: 30 * MINUTE,
  check: 5 * MINUTE,
  revert: 15 * MINUTE,
  release: 1 * MINUTE,
  'local-copy': 20 * MINUTE,
  'cloud-copy': 40 * MINUTE,
  verify: 5 * MINUTE,
};
