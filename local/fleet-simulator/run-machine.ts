/**
 * A document run as a state machine: each step takes its simulated duration, then its effect
 * happens and it names the next step, an exit code, or a hang (the agent's timeout ends it).
 */
import type { FaultKind, HistoryAction, SimServer, StepName } from './sim-types.ts';

export type StepOutcome = { next: StepName } | { exit: number } | { hang: true };

export type RunContext = {
  server: SimServer;
  params: Record<string, string>;
  faults: ReadonlySet<FaultKind>;
  /** Appends to the server's history at the step's simulated time. */
  record(action: HistoryAction, ok: boolean, detail?: Record<string, string>, image?: string): void;
  /** One line of the script's standard output. */
  say(line: string): void;
};

export type RunMachine = { first: StepName; steps: Partial<Record<StepName, () => StepOutcome>> };
