/**
 * The outcome of one SSM invocation (an EventBridge status event, or the apply run's reconciler):
 * - PatchServer (C6.2, C6.3, C6.4, C8): success → succeeded, nothing sent (C8.1); failure with the
 *   server reverted → failed-rolled-back, planned again (attempt + 1) and a `failure` notice sent at
 *   once (well within the 4 working hours of C8.2) saying it was reversed, the server works, and
 *   when it is repeated (C8.3); that notice is the repeat's notice (C6.4), so the change is then
 *   `notified`. A failed rollback or an unknown state → rollback-failed, server needs-attention,
 *   CS alerted at once (C6.3). Never delivered (nothing ran) → no failure on the customer: planned
 *   again for the next slot, CS alerted.
 * - BackupImage (C9.3, C9.4): the copies made; a failure alerts CS and is retried by the next run.
 * Idempotent: an invocation already recorded changes nothing.
 */
import type { Instant } from '../../domain/calendar.ts';
import { TERMINAL_STATUSES } from '../../fleet/exit-codes.ts';
import type { Fleet, Invocation } from '../ports.ts';
import type { NoticeDeps } from '../shared/deps.ts';
import type { CommandResult } from './command-result.ts';
import { recordBackupResult } from './record-backup-result.ts';
import { recordPatchResult } from './record-patch-result.ts';

export type CommandResultInput = {
  commandId: string;
  instanceId: string;
  status: Invocation['status'];
  responseCode?: number | undefined;
  /** The script's output, when known (BackupImage: one result line per image, C9.3). */
  output?: string | undefined;
  /** The logical document, when the event names it; otherwise found from the records. */
  document?: 'PatchServer' | 'BackupImage' | undefined;
  /** True when the status and code come from the fleet already (the reconciler). */
  authoritative?: boolean;
};

export type { CommandResult };

export async function handleCommandResult(
  deps: NoticeDeps & { fleet: Fleet },
  input: CommandResultInput,
): Promise<CommandResult> {
  if (!TERMINAL_STATUSES.includes(input.status)) return nothing(`command still ${input.status}`);
  const invocation = input.authoritative ? input : await refine(deps.fleet, input);
  const at: Instant = deps.clock.now();
  if (input.document !== 'BackupImage') {
    const patched = await recordPatchResult(deps, invocation, at);
    if (patched || input.document === 'PatchServer')
      return patched ?? nothing('no change waits for this command');
  }
  return (await recordBackupResult(deps, invocation, at)) ?? nothing('no record waits for this command');
}

const nothing = (reason: string): CommandResult => ({ recorded: 'nothing', reason });

/**
 * Status events carry no exit code nor output, and may say Failed for a command never delivered:
 * ask the fleet.
 */
async function refine(fleet: Fleet, input: CommandResultInput): Promise<CommandResultInput> {
  const found = (await fleet.listInvocations(input.commandId, input.instanceId)).find(
    (i) => i.instanceId === input.instanceId,
  );
  return found
    ? { ...input, status: found.status, responseCode: found.responseCode, output: found.output }
    : input;
}
