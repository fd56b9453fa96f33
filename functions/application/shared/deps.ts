/**
 * What the runs need from the outside world: ports, the contract configuration and a clock.
 * Each use case takes the subset it uses; the composition root (functions/runtime/wiring/)
 * builds them from the real adapters, tests from the same adapters pointed at local services.
 */
import type { Holder } from '../../domain/claims.ts';
import type { ContractConfig } from '../../domain/config.ts';
import type { Alerter, Clock, Fleet, Mailer, MailTracker, RecordStore } from '../ports.ts';

/**
 * `holder`: the invocation doing the work (DESIGN.md rule 5), set per invocation by the entry
 * point; absent, each use-case call is a fresh invocation (shared/holder.ts).
 */
export type BaseDeps = { store: RecordStore; clock: Clock; cfg: ContractConfig; holder?: Holder | undefined };

/** What raising an alert needs: the record (store) and the channel (DESIGN.md rule 4). */
export type AlertDeps = BaseDeps & { alerter: Alerter };

/** How notices are addressed: the verified sender, and the domain of reply-token addresses (C12.2). */
export type MailSettings = { from: string; replyDomain: string };

/** `tracker`: what became of an attempt whose invocation died (the mail service's events). */
export type NoticeDeps = AlertDeps & { mailer: Mailer; tracker: MailTracker; mail: MailSettings };

/** The apply run: notices (failure notices of reconciled results) and the fleet. */
export type ApplyDeps = NoticeDeps & { fleet: Fleet };

/** The backup run: no mail (backup failures go to the CS team only, C9.4); the cloud copy's bucket (C9.3). */
export type BackupDeps = AlertDeps & { fleet: Fleet; backupBucket?: string | undefined };

/** Everything the scheduled runs and the result handler need (what a local runtime wires once). */
export type RunDeps = ApplyDeps & BackupDeps;
