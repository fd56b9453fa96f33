/**
 * C6.2–C6.4, C8.1–C8.3, C9.4: the apply-result function without its wiring: parses the EventBridge
 * "EC2 Command Invocation Status-change Notification" and records the outcome. The Lambda
 * (handler.ts) and the local event router call the same function.
 */
import type { Fleet } from '../../application/ports.ts';
import { handleCommandResult } from '../../application/runs/handle-command-result.ts';
import type { NoticeDeps } from '../../application/shared/deps.ts';
import type { Holder } from '../../domain/claims.ts';
import { parseOrThrow } from '../../domain/validation.ts';
import { CommandStatusEvent } from './schema.ts';

/** The deployed document names, to map back to the logical ones the use case speaks. */
export type DocumentNames = { patch: string; backup: string };

export const applyResultApp = (deps: NoticeDeps & { fleet: Fleet }, names: DocumentNames) => {
  const documentOf = (name: string) =>
    name === names.patch || name === 'PatchServer'
      ? ('PatchServer' as const)
      : name === names.backup || name === 'BackupImage'
        ? ('BackupImage' as const)
        : undefined;
  return async (event: unknown, invocation?: Holder) => {
    const { detail } = parseOrThrow(CommandStatusEvent, event, 'command status event');
    return handleCommandResult(
      { ...deps, holder: invocation },
      {
        commandId: detail['command-id'],
        instanceId: detail['instance-id'],
        status: detail.status,
        document: documentOf(detail['document-name']),
      },
    );
  };
};
