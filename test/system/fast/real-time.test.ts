/**
 * After `npm start`'s play the clock goes on in real time (local/real-time.ts): the fleet simulator
 * advances with it, so a command sent after the play finishes and its result arrives, and the
 * scheduled runs fire at their times. Here at 3,600 virtual seconds per real second.
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SsmFleet } from '../../../functions/adapters/ssm/ssm-fleet.ts';
import { toInstant } from '../../../functions/domain/calendar.ts';
import { defaultConfig } from '../../../functions/domain/config.ts';
import type { ScheduledRunInput } from '../../../lib/schedules.ts';
import {
  type FleetSimulator,
  type InvocationStatusChangeEvent,
  startFleetSimulator,
} from '../../../local/fleet-simulator/index.ts';
import { keepRunningInRealTime } from '../../../local/real-time.ts';
import { VirtualClock } from '../../../local/virtual-clock.ts';

describe('after the play', () => {
  const clock = new VirtualClock(toInstant('2026-12-07T11:00:00Z'));
  const events: InvocationStatusChangeEvent[] = [];
  let sim: FleetSimulator;
  let client: SSMClient;
  beforeAll(async () => {
    sim = await startFleetSimulator({ clock, mode: 'virtual', onEvent: (e) => void events.push(e) });
    client = new SSMClient({
      endpoint: sim.url,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    client.destroy();
    await sim.stop();
  });

  it('C6.1 C11.2 the clock runs on: a command sent after the play finishes and the noon notice run fires', async () => {
    const id = 'mi-0000000000000beef';
    sim.fleet.addServer({ instanceId: id, version: '7.1', images: [{ name: 'app' }] });
    const { commandId } = await new SsmFleet(client).sendCommand({
      document: 'PatchServer',
      instanceIds: [id],
      parameters: { releaseId: ['vplat-7.2'], version: ['7.2'] },
      comment: 'sent by hand after the play',
      maxConcurrency: '1',
      maxErrors: '0',
    });
    const runs: ScheduledRunInput[] = [];
    const abort = new AbortController();
    const running = keepRunningInRealTime({
      clock,
      fleet: sim,
      cfg: defaultConfig(),
      timeZones: ['Europe/London'],
      runScheduled: async (input) => {
        runs.push(input);
      },
      signal: abort.signal,
      speed: 3600,
    });
    await expect
      .poll(() => events.filter((e) => e.detail['command-id'] === commandId).map((e) => e.detail.status), {
        timeout: 10_000,
      })
      .toContain('Success');
    await expect.poll(() => runs.map((r) => r.run), { timeout: 10_000 }).toContain('notice');
    expect(runs.find((r) => r.run === 'notice')).toEqual({
      run: 'notice',
      scheduledTime: '2026-12-07T12:00:00.000Z',
      timeZone: 'Europe/London',
    });
    abort.abort();
    await running;
    expect(clock.now().epochMilliseconds).toBeGreaterThan(
      toInstant('2026-12-07T12:00:00Z').epochMilliseconds,
    );
    expect(sim.fleet.server(id)?.version).toBe('7.2');
  });
});
