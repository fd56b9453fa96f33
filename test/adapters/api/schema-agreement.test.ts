/**
 * Issue 16: the document was looser than the server (time zones, email addresses, the window
 * start, blank text). The document is generated from the schemas the router applies, so a value
 * the document accepts is one the server accepts, and the values the server refuses are refused
 * by the document too.
 */
import { describe, expect, it } from 'vitest';
import { CS_API_ROUTES, CUSTOMER_API_ROUTES } from '../../../functions/api/route-tables.ts';
import { loadContract } from './fuzz/openapi-contract.ts';

const contract = loadContract(new URL('../../../docs/openapi.json', import.meta.url));
const routes = [...CUSTOMER_API_ROUTES, ...CS_API_ROUTES];
const CUSTOMER = '#/components/schemas/Customer';
const good = {
  id: 'acme',
  name: 'Acme',
  contacts: ['ops@acme.example'],
  timeZone: 'Europe/London',
  maintenanceWindow: { weekday: 'WED', start: '01:00', durationHours: 4 },
};
const addCustomer = routes.find((r) => r.operationId === 'addCustomer');

describe('the OpenAPI document is as strict as the server', () => {
  it.each([
    ['C11.1 a time zone that is not IANA', { timeZone: 'Mars/Base' }],
    ['C11.1 an offset instead of a zone', { timeZone: 'GMT+1' }],
    ['Words a contact whose domain has a one-letter top level', { contacts: ['ops@acme.c'] }],
    ['Words a contact with two dots in a row', { contacts: ['o..ps@acme.example'] }],
    ['Words a contact with a character the server refuses', { contacts: ['#ops@acme.example'] }],
    [
      'Words a window starting off the hour',
      { maintenanceWindow: { ...good.maintenanceWindow, start: '01:30' } },
    ],
    [
      'Words a window starting after 05:00',
      { maintenanceWindow: { ...good.maintenanceWindow, start: '06:00' } },
    ],
    ['Words a blank name', { name: '   ' }],
  ])('refuses %s, as the server does', (_, change) => {
    const body = { ...good, ...change };
    expect(addCustomer?.body?.safeParse(body).success).toBe(false);
    expect(contract.check(CUSTOMER, body).ok).toBe(false);
  });

  it('accepts the customer the server accepts', () => {
    expect(addCustomer?.body?.safeParse(good).success).toBe(true);
    expect(contract.check(CUSTOMER, good).ok).toBe(true);
  });

  it('C4.1 refuses a blank postponement reason in the document as the server does', () => {
    const route = routes.find((r) => r.operationId === 'requestPostponement');
    const body = { reason: '  \n ', acceptRisk: true };
    expect(route?.body?.safeParse(body).success).toBe(false);
    expect(contract.check('#/components/schemas/PostponementBody', body).ok).toBe(false);
  });

  it('every request body the document accepts (300 generated per route) passes the route schema, but for the refusals it lists', () => {
    for (const op of contract.operations) {
      const route = routes.find((r) => r.operationId === op.operationId);
      if (!op.body || !route?.body) continue;
      let accepted = 0;
      for (let seed = 1; seed <= 300; seed += 1) {
        const body = contract.generate(op.body.schema, seed);
        if (!contract.check(op.body.pointer, body).ok) continue;
        accepted += 1;
        const parsed = route.body.safeParse(body);
        const unexplained = parsed.success
          ? []
          : parsed.error.issues.filter(
              (i: { path: PropertyKey[]; message: string }) =>
                !op.refusals.some((r) => String(i.path[0]) === r.path && i.message.includes(r.message)),
            );
        expect(unexplained, `${op.operationId} ${JSON.stringify(body).slice(0, 300)}`).toEqual([]);
      }
      expect(accepted, op.operationId).toBeGreaterThan(100);
    }
  });
});
