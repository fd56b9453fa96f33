import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/domain/config.ts';
import { ValidationError } from '../../functions/domain/errors.ts';
import { Customer, PostponementRequest, parseOrThrow, Server } from '../../functions/domain/records.ts';

const goodServer = {
  id: 'mi-0123456789abcdef0',
  customerId: 'acme',
  platform: 'hyperplat',
  version: '7.2.1',
  images: [{ name: 'dc01', activeDirectory: true }],
};

function issuesOf(fn: () => unknown): { message: string; issues: { path: string; message: string }[] } {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return { message: e.message, issues: e.issues };
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('records validation names the field and the rule', () => {
  it('rules without a message of their own are still said in words (zod/mini with English messages)', () => {
    const v = issuesOf(() =>
      parseOrThrow(
        Customer,
        {
          id: 'acme',
          name: 'Acme',
          contacts: ['ops@acme.example'],
          maintenanceWindow: { weekday: 'WED', start: '01:00', durationHours: 13 },
        },
        'customer',
      ),
    );
    expect(v.issues).toEqual([
      { path: 'maintenanceWindow.durationHours', message: 'Too big: expected number to be <=12' },
    ]);
    const missing = issuesOf(() => parseOrThrow(Server, { ...goodServer, version: undefined }, 'server'));
    expect(missing.issues).toEqual([
      { path: 'version', message: 'Invalid input: expected string, received undefined' },
    ]);
  });

  it('Words a server id must be an SSM hybrid managed instance id', () => {
    const v = issuesOf(() => parseOrThrow(Server, { ...goodServer, id: 'i-123' }, 'server'));
    expect(v.issues[0]?.path).toBe('id');
    expect(v.message).toContain('id: must be an SSM hybrid managed instance id');
  });

  it('Words a server has at most one Active Directory image', () => {
    const images = [
      { name: 'dc01', activeDirectory: true },
      { name: 'dc02', activeDirectory: true },
    ];
    const v = issuesOf(() => parseOrThrow(Server, { ...goodServer, images }, 'server'));
    expect(v.message).toContain('images: a server has at most one Active Directory image');
  });

  it('C11.1 a customer time zone must be an IANA zone', () => {
    const v = issuesOf(() =>
      parseOrThrow(
        Customer,
        { id: 'acme', name: 'Acme', contacts: ['a@acme.example'], timeZone: 'GMT+1' },
        'customer',
      ),
    );
    expect(v.message).toContain('timeZone: must be an IANA time zone');
  });

  it('Words a maintenance window starts on the hour between 00:00 and 05:00', () => {
    const input = {
      id: 'acme',
      name: 'Acme',
      contacts: ['a@acme.example'],
      maintenanceWindow: { weekday: 'WED', start: '06:00', durationHours: 4 },
    };
    const v = issuesOf(() => parseOrThrow(Customer, input, 'customer'));
    expect(v.issues.map((i) => i.path)).toContain('maintenanceWindow.start');
  });

  it('Words a customer gets the default zone and window', () => {
    const c = parseOrThrow(Customer, { id: 'acme', name: 'Acme', contacts: ['A@Acme.example'] }, 'customer');
    expect(c).toMatchObject({
      timeZone: 'Europe/London',
      contacts: ['a@acme.example'],
      maintenanceWindow: { weekday: 'WED', start: '01:00', durationHours: 4 },
    });
  });

  it('C4.1 a postponement request needs an important business reason', () => {
    const input = {
      id: 'r1',
      changeId: 'rel:mi-0123456789abcdef0',
      customerId: 'acme',
      via: 'api',
      requester: 'ops@acme.example',
      reason: '   ',
      receivedAt: '2026-11-24T18:00:00+01:00',
    };
    const v = issuesOf(() => parseOrThrow(PostponementRequest, input, 'postponement request'));
    expect(v.message).toContain('reason: an important business reason is required (C4.1)');
  });

  it('C11.3 receipt times are normalised to UTC', () => {
    const r = PostponementRequest.parse({
      id: 'r1',
      changeId: 'c',
      customerId: 'acme',
      via: 'email',
      requester: 'ops@acme.example',
      reason: 'audit',
      receivedAt: '2026-11-24T18:00:00+01:00',
    });
    expect(r.receivedAt).toBe('2026-11-24T17:00:00.000Z');
  });

  it('C8.2 the configuration refuses a bad working-hours time, naming the field', () => {
    const v = issuesOf(() => loadConfig({ workingHours: { start: '9am' } }));
    expect(v.message).toContain('workingHours.start: must be a local time HH:MM');
  });
});
