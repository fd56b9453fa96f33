/**
 * The fleet's SSM Command documents as code (schemaVersion 2.2). The CDK stack creates one
 * `AWS::SSM::Document` per entry of FLEET_DOCUMENTS; the fleet simulator renders and runs the same
 * objects. Both documents call platformctl (platformctl.md), so they do not depend on one hypervisor.
 */
import { BACKUP_IMAGE_SCRIPT } from './backup-image-script.ts';
import type { FleetDocumentName, SsmCommandDocument } from './document-types.ts';
import { PATCH_SERVER_SCRIPT } from './patch-server-script.ts';

export type { FleetDocumentName, SsmCommandDocument } from './document-types.ts';
export { BACKUP_EXIT, backupOutcomeFromExitCode, outcomeFromExitCode, PATCH_EXIT } from './exit-codes.ts';

const NAME = '^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$';
const NAME_LIST = '^[A-Za-z0-9][A-Za-z0-9._-]{0,62}(,[A-Za-z0-9][A-Za-z0-9._-]{0,62}){0,49}$';

/** The agent's execution timeout of each script: the patch fits inside a 4-hour window (C3.1). */
export const PATCH_TIMEOUT_SECONDS = 3 * 3600;
export const BACKUP_TIMEOUT_SECONDS = 4 * 3600;

const lines = (script: string): string[] => script.replace(/\n$/, '').split('\n');

/** C6.1–C6.3: rollback point, apply, post-check, automatic revert, release. */
export const PATCH_SERVER_DOCUMENT: SsmCommandDocument = {
  schemaVersion: '2.2',
  description:
    'Applies a validated platform release: takes a rollback point of the images (C6.1), applies, runs the ' +
    'post-check, reverts automatically on any failure (C6.2, generation-id-safe for the Active Directory ' +
    'image, C6.3) and exits with the code of the failing step.',
  parameters: {
    releaseId: { type: 'String', description: 'The release to apply.', allowedPattern: NAME },
    version: {
      type: 'String',
      description: 'The platform version the release brings.',
      allowedPattern: NAME,
    },
    images: {
      type: 'String',
      description: "Comma-separated images to snapshot and revert; 'all' asks platformctl for every image.",
      default: 'all',
      allowedPattern: `^all$|${NAME_LIST}`,
    },
    adImage: {
      type: 'String',
      description:
        "The Active Directory image, reverted generation-id-safe; 'auto' asks platformctl, '' for none.",
      default: 'auto',
      allowedPattern: '^(auto|[A-Za-z0-9][A-Za-z0-9._-]{0,62})?$',
    },
    changeId: {
      type: 'String',
      description:
        "Change reference for the platform's log; '' lets platformctl use <releaseId>:<instance id>.",
      default: '',
      allowedPattern: '^([A-Za-z0-9][A-Za-z0-9._:-]{0,120})?$',
    },
    rollbackPoint: {
      type: 'String',
      description: "Name of the rollback point; '' means pre-<releaseId>.",
      default: '',
      allowedPattern: '^([A-Za-z0-9][A-Za-z0-9._-]{0,79})?$',
    },
  },
  mainSteps: [
    {
      action: 'aws:runShellScript',
      name: 'patchServer',
      precondition: { StringEquals: ['platformType', 'Linux'] },
      inputs: { timeoutSeconds: String(PATCH_TIMEOUT_SECONDS), runCommand: lines(PATCH_SERVER_SCRIPT) },
    },
  ],
};

/**
 * C9.1–C9.3, C7.2: for each image, snapshot, local copy, cloud copy, verify, release. The same
 * parameters for every server of a command (one command per 50 servers, plan-commands.ts).
 */
export const BACKUP_IMAGE_DOCUMENT: SsmCommandDocument = {
  schemaVersion: '2.2',
  description:
    'Backs up images: for each one, snapshots it (a few minutes unavailable, C7.2), copies it to the local ' +
    'store and to S3 (C9.3), verifies both copies, releases the snapshot, and prints ' +
    'IMAGE=<name> COPIES=<verified copies> RESULT=<code>; exits 0 only when every image succeeded.',
  parameters: {
    images: {
      type: 'String',
      description:
        "Comma-separated images to back up; 'all' asks platformctl for every image (C9.1), 'ad' for the " +
        'Active Directory image (C9.2).',
      default: 'all',
      allowedPattern: `^(all|ad)$|${NAME_LIST}`,
    },
    kind: {
      type: 'String',
      description: 'full (weekly, C9.1) or incremental (AD daily, C9.2).',
      allowedPattern: '^(full|incremental)$',
    },
    slot: {
      type: 'String',
      description:
        'The calendar slot (ISO instant): each copy is named backup:<instance id>:<image>:<kind>:<slot>, its ' +
        'BackupRun id.',
      allowedPattern: '^[0-9][0-9TZ:.+-]{0,39}$',
    },
    bucket: {
      type: 'String',
      description: 'The S3 bucket for the cloud copy.',
      allowedPattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
    },
    prefix: {
      type: 'String',
      description: 'Key prefix inside the bucket.',
      default: '',
      allowedPattern: '^([A-Za-z0-9][A-Za-z0-9._/-]{0,200})?$',
    },
    executionTimeout: {
      type: 'String',
      description:
        'Seconds the script may run (1,000 up to 172,800, 48 hours): the backup run sizes it to the images and to the time ' +
        "the server's own backups take (C9.1, C9.4).",
      default: String(BACKUP_TIMEOUT_SECONDS),
      allowedPattern: '^([1-9][0-9]{3,4}|1[0-6][0-9]{4}|17[01][0-9]{3}|172[0-7][0-9]{2}|172800)$',
    },
  },
  mainSteps: [
    {
      action: 'aws:runShellScript',
      name: 'backupImage',
      precondition: { StringEquals: ['platformType', 'Linux'] },
      inputs: { timeoutSeconds: '{{ executionTimeout }}', runCommand: lines(BACKUP_IMAGE_SCRIPT) },
    },
  ],
};

export const FLEET_DOCUMENTS: Record<FleetDocumentName, SsmCommandDocument> = {
  PatchServer: PATCH_SERVER_DOCUMENT,
  BackupImage: BACKUP_IMAGE_DOCUMENT,
};
