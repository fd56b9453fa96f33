import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../functions/domain/errors.ts';
import { parseScenario } from '../../../local/scenario/load.ts';

const valid = {
  start: '2026-11-23T00:00:00Z',
  end: '2026-12-21T00:00:00Z',
  customers: [
    {
      id: 'acme',
      name: 'Acme',
      timeZone: 'Europe/London',
      contacts: ['ops@acme.example'],
      maintenanceWindow: { weekday: 'WED', start: '01:00', durationHours: 4 },
    },
  ],
  servers: [
    {
      id: 'mi-0123456789abcdef0',
      customerId: 'acme',
      platform: 'hyperv',
      version: '1.0',
      images: [{ name: 'dc01', activeDirectory: true }, { name: 'files' }],
    },
  ],
  actions: [
    {
      at: '2026-11-23T09:00:00Z',
      type: 'release',
      release: {
        id: 'r-1.1',
        platform: 'hyperv',
        version: '1.1',
        class: 'upgrade',
        title: 'New',
        validatedBy: 'cs@x',
      },
    },
    {
      at: '2026-11-25T09:00:00Z',
      type: 'postpone',
      customerId: 'acme',
      releaseId: 'r-1.1',
      via: 'email',
      from: 'ops@acme.example',
      reason: 'quarter end',
      acceptRisk: true,
    },
  ],
  faults: [
    { serverId: 'mi-0123456789abcdef0', on: 'apply', outcome: 'rollback-fails' },
    { service: 'ses', mode: 'throttle', from: '2026-11-24T00:00:00Z', to: '2026-11-24T13:00:00Z' },
    { duplicateRun: 'notice', at: '2026-11-24T12:00:00Z' },
    { skipRun: 'apply', at: '2026-12-02T01:00:00Z' },
  ],
};

const issuesOf = (input: unknown) => {
  try {
    parseScenario(input, 'test.json');
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  return [];
};

describe('scenario file validation', () => {
  it('accepts the scenario format of issue 7 exactly as written', () => {
    const scenario = parseScenario(valid, 'test.json');
    expect(scenario.actions).toHaveLength(2);
    expect(scenario.faults).toHaveLength(4);
    expect(scenario.actions[0]).toMatchObject({ type: 'release', targets: 'all' });
  });

  it('names the JSON path and the rule of each error', () => {
    const bad = structuredClone(valid) as Record<string, unknown> & typeof valid;
    (bad.customers[0] as Record<string, unknown>).timeZone = 'Mars/Olympus';
    (bad.servers[0] as Record<string, unknown>).id = 'server-1';
    (bad.actions[1] as Record<string, unknown>).via = 'fax';
    (bad.faults[0] as Record<string, unknown>).outcome = 'explode';
    const issues = issuesOf(bad);
    const paths = issues.map((i) => i.path);
    expect(paths).toContain('customers.0.timeZone');
    expect(paths).toContain('servers.0.id');
    expect(paths).toContain('actions.1.via');
    expect(paths).toContain('faults.0.outcome');
    expect(issues.find((i) => i.path === 'servers.0.id')?.message).toMatch(/mi- followed by 17 hex/);
  });

  it('refuses an unknown field (a typo) and a server of an unknown customer', () => {
    const bad = structuredClone(valid) as typeof valid & { customers: Record<string, unknown>[] };
    (bad.actions[1] as Record<string, unknown>).acceptrisk = true;
    (bad.servers[0] as Record<string, unknown>).customerId = 'nobody';
    const issues = issuesOf(bad);
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['actions.1', 'servers.0.customerId']));
  });

  it('refuses a fault of no known shape', () => {
    const bad = structuredClone(valid);
    (bad.faults as unknown[]).push({ what: 'ever' });
    expect(issuesOf(bad).find((i) => i.path === 'faults.4')?.message).toMatch(
      /serverId .* duplicateRun or skipRun/,
    );
  });

  it('refuses an action outside the scenario period', () => {
    const bad = structuredClone(valid);
    bad.actions[0] = { ...bad.actions[0], at: '2027-01-01T00:00:00Z' } as (typeof bad.actions)[0];
    expect(issuesOf(bad).find((i) => i.path === 'actions.0.at')?.message).toBe(
      'must be between start and end',
    );
  });
});
