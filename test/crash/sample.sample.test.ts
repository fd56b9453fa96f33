/**
 * The crash suite's fixed sample, run by `npm test` (the whole suite is `npm run test:crash`): a few
 * crash points of the runs whose side effects are hardest to keep once (a notice, a decision with
 * its confirmation, a reverted application with its failure notice, an emailed request), and a
 * check that the harness does find a violation where one exists.
 */
import { describe, expect, it } from 'vitest';
import { explore } from './explore.ts';
import { SCENARIOS, type Scenario } from './scenarios.ts';
import { useCrashServices } from './services.ts';

const services = useCrashServices();

/** The first request, the last one, and one in the middle: before and after each. */
const fewPoints = (point: { k: number }, total: number) =>
  point.k === 1 || point.k === total || point.k === Math.ceil(total / 2);

/** What the service must never do: send, then record, with no claim (DESIGN.md rule 2). */
const naive: Scenario = {
  name: 'naive send-then-record',
  at: '2026-11-02T12:00:00Z',
  async seed() {
    return undefined;
  },
  async deliver(world) {
    if (await world.deps.store.alerts.getAlert('naive-sent')) return; // "already done"
    await world.deps.mailer.send({
      from: 'patches@provider.example',
      to: ['ops@acme.example'],
      subject: 'hello',
      text: 'hello',
      date: new Date(naive.at),
      headers: { 'X-Notice-Kind': 'scheduled' },
    });
    await world.deps.store.commit([
      {
        create: 'alert',
        record: { id: 'naive-sent', at: naive.at, reason: 'sent', status: 'published', version: 0 },
      },
    ]);
  },
};

describe.sequential('crash-consistent runs, a sample (DESIGN.md)', () => {
  it('the harness finds the duplicate a send-then-record delivery makes when it dies between the two', async () => {
    const row = await explore(services, naive);
    expect(row.violations.map((v) => v.point)).toContain('crash after request 2'); // after SendEmail
    expect(row.violations.flatMap((v) => v.differences).join('\n')).toMatch(
      /emails ops@acme.example scheduled: want 1, got 2/,
    );
  });

  for (const name of ['notice', 'cutoff (requests pending)', 'apply-result (reverted)', 'inbound reply']) {
    it(`C11.2 ${name}: a crash at the first, middle and last request loses nothing and does nothing twice`, async () => {
      const scenario = SCENARIOS.find((s) => s.name === name) as Scenario;
      const row = await explore(services, scenario, { pick: fewPoints });
      const report = row.violations.map((v) => `${v.point}:\n  ${v.differences.join('\n  ')}`).join('\n');
      expect(row.violations.length, report).toBe(0);
      expect(row.tried).toBeGreaterThanOrEqual(5);
    });
  }
});
