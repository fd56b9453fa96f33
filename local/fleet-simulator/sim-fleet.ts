/**
 * The simulated fleet: servers with images and a platform version, SSM commands and their
 * invocations, the document runs as state machines on a simulated timeline, faults to inject, and
 * the per-image history a test or the system simulation asserts on (C6.1–C6.3, C6.5, C9.3).
 *
 * Time: in `instant` mode every step takes no time; in `virtual` mode steps take their simulated
 * durations and nothing moves until the driver calls `advanceTo(instant)`. Status-change events go
 * to `onEvent` in order, one at a time, after the step that caused them.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../functions/application/ports.ts';
import type { Instant } from '../../functions/domain/calendar.ts';
import { ValidationError } from '../../functions/domain/errors.ts';
import { ServerId } from '../../functions/domain/records.ts';
import type { FleetDocumentName } from '../../functions/fleet/document-types.ts';
import { FLEET_DOCUMENTS } from '../../functions/fleet/documents.ts';
import { MAX_INSTANCES_PER_COMMAND } from '../../functions/fleet/plan-commands.ts';
import { renderTimeout, resolveParameters } from '../../functions/fleet/render-document.ts';
import { backupRun } from './backup-run.ts';
import { type InvocationStatusChangeEvent, invocationEvent } from './invocation-event.ts';
import { patchRun } from './patch-run.ts';
import type { RunMachine } from './run-machine.ts';
import {
  DEFAULT_DURATIONS,
  type FaultKind,
  faultDocument,
  type HistoryAction,
  type HistoryEntry,
  type SimServer,
  type SimServerInput,
  type StepDurations,
  type StepName,
} from './sim-types.ts';
import { SsmError } from './ssm-error.ts';
import { Timeline } from './timeline.ts';

export type ApiInvocationStatus = 'Pending' | 'InProgress' | 'Success' | 'Failed' | 'TimedOut' | 'Cancelled';

export type SimInvocation = {
  commandId: string;
  instanceId: string;
  document: FleetDocumentName;
  documentName: string;
  pluginName: string;
  comment: string;
  requestedAt: number;
  startedAt?: number;
  endedAt?: number;
  status: ApiInvocationStatus;
  statusDetails: string;
  /** -1 until the script has exited (and for an invocation that never ran), as SSM reports it. */
  responseCode: number;
  output: string[];
};

export type SimCommand = {
  commandId: string;
  document: FleetDocumentName;
  documentName: string;
  comment: string;
  parameters: Record<string, string[]>;
  instanceIds: string[];
  requestedAt: number;
  maxConcurrency: string;
  maxErrors: string;
  timeoutSeconds: number;
  cloudWatchLogGroup?: string;
  invocations: SimInvocation[];
};

export type SendCommandInput = {
  DocumentName?: string;
  InstanceIds?: string[];
  Parameters?: Record<string, string[]>;
  Comment?: string;
  MaxConcurrency?: string;
  MaxErrors?: string;
  TimeoutSeconds?: number;
  /** Tag and resource-group targeting: SSM has it, the simulator does not (it refuses it clearly). */
  Targets?: unknown[];
  CloudWatchOutputConfig?: { CloudWatchLogGroupName?: string; CloudWatchOutputEnabled?: boolean };
};

export type SimFleetOptions = {
  clock: Clock;
  mode?: 'instant' | 'virtual';
  durations?: Partial<StepDurations>;
  onEvent?: (event: InvocationStatusChangeEvent) => void | Promise<void>;
  /** Deployed document names, when they are not PatchServer / BackupImage. */
  documentNames?: Partial<Record<FleetDocumentName, string>>;
  region?: string;
  account?: string;
};

type Fault = { kind: FaultKind; remaining: number };

export class SimFleet {
  readonly mode: 'instant' | 'virtual';
  readonly history: HistoryEntry[] = [];
  /** Errors thrown by the event sink; the simulator keeps going, as EventBridge would. */
  readonly deliveryErrors: unknown[] = [];
  private readonly servers = new Map<string, SimServer>();
  private readonly faults = new Map<string, Fault[]>();
  private readonly commands = new Map<string, SimCommand>();
  private readonly running = new Map<string, SimInvocation>();
  private readonly timeline = new Timeline();
  private readonly outbox: InvocationStatusChangeEvent[] = [];
  private readonly durations: StepDurations;
  private simNow = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly options: SimFleetOptions) {
    this.mode = options.mode ?? 'instant';
    this.durations = { ...DEFAULT_DURATIONS, ...options.durations };
  }

  // ---- servers, faults, inspection -------------------------------------------------------

  addServer(input: SimServerInput): void {
    if (!ServerId.safeParse(input.instanceId).success) {
      throw new ValidationError(`${input.instanceId} is not a managed instance id (mi- + 17 hex digits)`);
    }
    const at = this.now();
    this.servers.set(input.instanceId, {
      instanceId: input.instanceId,
      version: input.version,
      images: input.images.map((i) => ({ name: i.name, activeDirectory: i.activeDirectory ?? false })),
      health: 'ok',
      rollbackPoints: new Map(),
      agent: { online: input.online ?? true, since: at, registeredAt: at },
    });
  }

  /**
   * Takes the server's SSM agent offline or brings it back. Commands sent while it is offline wait
   * (Pending) and run when it is back, unless their delivery timeout passes first (DeliveryTimedOut).
   */
  setAgentOnline(instanceId: string, online: boolean): void {
    const server = this.servers.get(instanceId);
    if (!server) throw new ValidationError(`${instanceId} is not a server of the simulated fleet`);
    if (server.agent.online === online) return;
    const at = this.now();
    server.agent = { ...server.agent, online, since: at };
    if (!online) return;
    for (const command of this.commands.values()) {
      if (command.instanceIds.includes(instanceId)) this.startPending(command, at);
    }
  }

  server(instanceId: string): Readonly<SimServer> | undefined {
    return this.servers.get(instanceId);
  }

  listServers(): Array<Readonly<SimServer>> {
    return [...this.servers.values()];
  }

  /** The server's next `count` runs of the matching document go wrong this way. */
  setFault(instanceId: string, kind: FaultKind, count = 1): void {
    const list = this.faults.get(instanceId) ?? [];
    list.push({ kind, remaining: count });
    this.faults.set(instanceId, list);
  }

  historyOf(instanceId: string, image?: string): HistoryEntry[] {
    return this.history.filter(
      (h) => h.instanceId === instanceId && (image === undefined || h.image === image),
    );
  }

  command(commandId: string): SimCommand | undefined {
    return this.commands.get(commandId);
  }

  listCommands(): SimCommand[] {
    return [...this.commands.values()];
  }

  /** The simulated present: the clock, or the last instant the driver advanced to if later. */
  now(): number {
    return Math.max(this.options.clock.now().epochMilliseconds, this.simNow);
  }

  // ---- SSM operations ----------------------------------------------------------------------

  sendCommand(input: SendCommandInput): SimCommand {
    if (input.Targets !== undefined) {
      throw new SsmError(
        'ValidationException',
        'the fleet simulator supports InstanceIds only: Targets (tags, resource groups) are not simulated; send InstanceIds',
      );
    }
    const instanceIds = input.InstanceIds ?? [];
    if (instanceIds.length === 0)
      throw new SsmError('ValidationException', 'InstanceIds or Targets is required');
    if (instanceIds.length > MAX_INSTANCES_PER_COMMAND) {
      throw new SsmError(
        'ValidationException',
        `1 validation error detected: Value at 'instanceIds' failed to satisfy constraint: Member must have length less than or equal to ${MAX_INSTANCES_PER_COMMAND}`,
      );
    }
    if ((input.Comment ?? '').length > 100) {
      throw new SsmError(
        'ValidationException',
        "Value at 'comment' failed to satisfy constraint: length <= 100",
      );
    }
    const document = this.documentFor(input.DocumentName);
    // As SSM: an instance that is not registered refuses the whole command, naming it.
    const unknown = instanceIds.filter((id) => !this.servers.has(id));
    if (unknown.length > 0) {
      throw new SsmError(
        'InvalidInstanceId',
        `Instances [[${unknown.join(', ')}]] not in a valid state for account ${this.options.account ?? '000000000000'}`,
      );
    }
    try {
      resolveParameters(FLEET_DOCUMENTS[document], input.Parameters ?? {});
    } catch (error) {
      if (error instanceof ValidationError) {
        throw new SsmError('InvalidParameters', error.issues.map((i) => `${i.path} ${i.message}`).join('; '));
      }
      throw error;
    }
    const at = this.now();
    const command: SimCommand = {
      commandId: randomUUID(),
      document,
      documentName: input.DocumentName ?? document,
      comment: input.Comment ?? '',
      parameters: input.Parameters ?? {},
      instanceIds: [...instanceIds],
      requestedAt: at,
      maxConcurrency: input.MaxConcurrency ?? '50',
      maxErrors: input.MaxErrors ?? '0',
      timeoutSeconds: input.TimeoutSeconds ?? 3600,
      cloudWatchLogGroup: input.CloudWatchOutputConfig?.CloudWatchLogGroupName,
      invocations: [],
    };
    this.commands.set(command.commandId, command);
    for (const instanceId of command.instanceIds) {
      const inv: SimInvocation = {
        commandId: command.commandId,
        instanceId,
        document,
        documentName: command.documentName,
        pluginName: FLEET_DOCUMENTS[document].mainSteps[0].name,
        comment: command.comment,
        requestedAt: at,
        status: 'Pending',
        statusDetails: 'Pending',
        responseCode: -1,
        output: [],
      };
      command.invocations.push(inv);
      this.emit(inv, at);
    }
    this.startPending(command, at);
    // TimeoutSeconds is the delivery timeout: an invocation not started by then never runs.
    for (const inv of command.invocations.filter((i) => i.startedAt === undefined)) {
      this.timeline.add(at + command.timeoutSeconds * 1000, () => this.deliveryTimedOut(command, inv));
    }
    return command;
  }

  /** The agents of `instanceIds` (every server when none is given), in registration order. */
  agents(instanceIds?: readonly string[]): Array<Readonly<SimServer>> {
    const wanted = instanceIds ? new Set(instanceIds) : undefined;
    return [...this.servers.values()].filter((s) => wanted === undefined || wanted.has(s.instanceId));
  }

  // ---- simulated time ----------------------------------------------------------------------

  /** Runs every step due at or before `to`, delivering each status-change event in order. */
  advanceTo(to: Instant): Promise<void> {
    const target = to.epochMilliseconds;
    this.chain = this.chain.then(async () => {
      for (let task = this.timeline.takeDue(target); task; task = this.timeline.takeDue(target)) {
        this.simNow = Math.max(this.simNow, task.at);
        task.run();
        await this.deliver();
      }
      this.simNow = Math.max(this.simNow, target);
      await this.deliver();
    });
    return this.chain;
  }

  /** Processes what is due now (in instant mode: everything sent so far). */
  settle(): Promise<void> {
    return this.advanceTo(this.options.clock.now());
  }

  /** Resolves when the work queued so far is done and its events delivered. */
  idle(): Promise<void> {
    return this.chain;
  }

  /** Steps still scheduled (virtual mode: runs waiting for `advanceTo`). */
  get pendingSteps(): number {
    return this.timeline.size;
  }

  // ---- the runs ----------------------------------------------------------------------------

  private documentFor(name: string | undefined): FleetDocumentName {
    const names = this.options.documentNames ?? {};
    for (const document of Object.keys(FLEET_DOCUMENTS) as FleetDocumentName[]) {
      if (name === (names[document] ?? document)) return document;
    }
    throw new SsmError('InvalidDocument', `document ${name ?? '(none)'} does not exist`);
  }

  private duration(step: StepName): number {
    return this.mode === 'instant' ? 0 : this.durations[step];
  }

  private concurrency(command: SimCommand): number {
    const raw = command.maxConcurrency.trim();
    const targets = command.instanceIds.length;
    const n = Number.parseInt(raw, 10);
    if (!Number.isFinite(n) || n <= 0) return targets;
    return raw.endsWith('%') ? Math.max(1, Math.floor((n * targets) / 100)) : n;
  }

  private startPending(command: SimCommand, at: number): void {
    const active = command.invocations.filter(
      (i) => i.startedAt !== undefined && i.endedAt === undefined,
    ).length;
    const waiting = command.invocations.filter(
      (i) =>
        i.status === 'Pending' && i.startedAt === undefined && this.servers.get(i.instanceId)?.agent.online,
    );
    for (const inv of waiting.slice(0, Math.max(0, this.concurrency(command) - active))) {
      inv.startedAt = at + this.duration('delivery');
      this.timeline.add(inv.startedAt, () => this.start(command, inv, inv.startedAt ?? at));
    }
  }

  private start(command: SimCommand, inv: SimInvocation, at: number): void {
    const server = this.servers.get(inv.instanceId);
    if (!server) return;
    const other = this.running.get(inv.instanceId);
    if (other) {
      // C6.5: a server is never patched while one of its backups runs, and vice versa.
      this.record(inv, at, 'concurrent-run', false, { clause: 'C6.5', otherCommand: other.commandId });
    }
    this.running.set(inv.instanceId, inv);
    this.setStatus(inv, at, 'InProgress', 'InProgress');
    const ctx = {
      server,
      params: resolveParameters(FLEET_DOCUMENTS[inv.document], command.parameters),
      faults: this.takeFaults(inv.instanceId, inv.document),
      record: (action: HistoryAction, ok: boolean, detail: Record<string, string> = {}, image?: string) =>
        this.record(inv, this.simNow, action, ok, detail, image),
      say: (line: string) => {
        inv.output.push(line);
      },
    };
    const machine = inv.document === 'PatchServer' ? patchRun(ctx) : backupRun(ctx);
    // The step's timeout, after SSM's `{{ parameter }}` substitution (BackupImage: executionTimeout).
    const timeout = Number(renderTimeout(FLEET_DOCUMENTS[inv.document], ctx.params)) * 1000;
    const deadline = at + (this.mode === 'instant' ? 0 : timeout);
    this.schedule(command, inv, machine, machine.first, at, deadline);
  }

  private schedule(
    command: SimCommand,
    inv: SimInvocation,
    machine: RunMachine,
    step: StepName,
    from: number,
    deadline: number,
  ): void {
    const due = from + this.duration(step);
    if (due > deadline) {
      this.timeline.add(deadline, () => this.timedOut(command, inv, deadline));
      return;
    }
    this.timeline.add(due, () => {
      const run = machine.steps[step];
      if (!run) throw new Error(`the ${inv.document} run has no step ${step}`);
      const outcome = run();
      if ('next' in outcome) this.schedule(command, inv, machine, outcome.next, due, deadline);
      else if ('exit' in outcome) this.finish(command, inv, due, outcome.exit);
      else this.timeline.add(deadline, () => this.timedOut(command, inv, deadline));
    });
  }

  private finish(command: SimCommand, inv: SimInvocation, at: number, code: number): void {
    inv.responseCode = code;
    inv.endedAt = at;
    this.running.delete(inv.instanceId);
    const status = code === 0 ? 'Success' : 'Failed';
    this.setStatus(inv, at, status, status);
    this.startPending(command, at);
  }

  /** Never delivered before the command's delivery timeout (the agent stayed offline): it never runs. */
  private deliveryTimedOut(command: SimCommand, inv: SimInvocation): void {
    if (inv.startedAt !== undefined || inv.status !== 'Pending') return;
    const at = command.requestedAt + command.timeoutSeconds * 1000;
    inv.endedAt = at;
    this.setStatus(inv, at, 'TimedOut', 'DeliveryTimedOut');
  }

  /** The agent's execution timeout: the script is stopped where it was; the server is left as is. */
  private timedOut(command: SimCommand, inv: SimInvocation, at: number): void {
    this.record(inv, at, 'timeout', false, { after: `${at - (inv.startedAt ?? at)}ms` });
    inv.endedAt = at;
    this.running.delete(inv.instanceId);
    this.setStatus(inv, at, 'TimedOut', 'ExecutionTimedOut');
    this.startPending(command, at);
  }

  private takeFaults(instanceId: string, document: FleetDocumentName): Set<FaultKind> {
    const active = new Set<FaultKind>();
    for (const fault of this.faults.get(instanceId) ?? []) {
      if (fault.remaining > 0 && faultDocument(fault.kind) === document && !active.has(fault.kind)) {
        fault.remaining -= 1;
        active.add(fault.kind);
      }
    }
    return active;
  }

  private record(
    inv: SimInvocation,
    at: number,
    action: HistoryAction,
    ok: boolean,
    detail: Record<string, string>,
    image?: string,
  ): void {
    this.history.push({
      at: new Date(at).toISOString(),
      instanceId: inv.instanceId,
      commandId: inv.commandId,
      document: inv.document,
      action,
      ok,
      image,
      detail,
    });
  }

  private setStatus(inv: SimInvocation, at: number, status: ApiInvocationStatus, details: string): void {
    inv.status = status;
    inv.statusDetails = details;
    this.emit(inv, at);
  }

  private emit(inv: SimInvocation, at: number): void {
    this.outbox.push(
      invocationEvent({
        account: this.options.account ?? '000000000000',
        region: this.options.region ?? 'eu-west-2',
        at,
        commandId: inv.commandId,
        documentName: inv.documentName,
        instanceId: inv.instanceId,
        requestedAt: inv.requestedAt,
        status: inv.status,
        statusDetails: inv.statusDetails,
      }),
    );
  }

  private async deliver(): Promise<void> {
    for (let event = this.outbox.shift(); event; event = this.outbox.shift()) {
      try {
        await this.options.onEvent?.(event);
      } catch (error) {
        this.deliveryErrors.push(error);
      }
    }
  }
}
