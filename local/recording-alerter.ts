/**
 * The CS team's alert channel in the local runtime. There is no local SNS, so alerts are kept
 * (with the virtual time at which they were raised) for the timeline, and shown to whoever is
 * watching `npm start`. The deployed stack uses the SNS adapter (functions/adapters/sns).
 */
import type { Alert, Alerter, Clock } from '../functions/application/ports.ts';
import { toIso } from '../functions/domain/calendar.ts';

export type RaisedAlert = Alert & { at: string };

export class RecordingAlerter implements Alerter {
  readonly raised: RaisedAlert[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly onAlert?: (alert: RaisedAlert) => void,
  ) {}

  async raise(alert: Alert): Promise<void> {
    const raised = { ...alert, at: toIso(this.clock.now()) };
    this.raised.push(raised);
    this.onAlert?.(raised);
  }
}
