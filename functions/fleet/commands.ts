/** What the fleet runs: an SSM Run Command of one of the two documents, and its invocations' statuses. */
export type FleetCommand = {
  document: 'PatchServer' | 'BackupImage';
  instanceIds: string[]; // at most 50 per command
  parameters: Record<string, string[]>;
  comment: string; // carries the run id
  maxConcurrency: string;
  maxErrors: string;
  timeoutSeconds?: number;
};

export type InvocationStatus =
  | 'Pending'
  | 'InProgress'
  | 'Delayed'
  | 'Success'
  | 'Cancelled'
  | 'Cancelling'
  | 'TimedOut'
  | 'Failed'
  | 'Undeliverable'
  | 'DeliveryTimedOut'
  | 'Terminated'
  | 'InvalidPlatform'
  | 'AccessDenied';
