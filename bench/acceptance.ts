/**
 * The issue's acceptance checks on measured results: no scheduled path issues a Scan, and the SES
 * and SSM request counts equal their physical minimum (ratio 1.0) wherever a minimum applies.
 */
import type { FleetResult } from './fleet.ts';
import type { RunMeasure } from './types.ts';

export type Check = { check: string; servers: number; ok: boolean; detail: string };

export const ratio = (sent: number, minimum: number): number | undefined =>
  minimum > 0 ? sent / minimum : undefined;

function ratioCheck(r: RunMeasure, what: 'emails' | 'commands', label: string): Check | undefined {
  const { sent, minimum } = r[what];
  if (minimum === 0 && sent === 0) return undefined;
  const value = ratio(sent, minimum);
  return {
    check: `${r.run}: ${label} / minimum = 1.0`,
    servers: r.servers,
    ok: value !== undefined && Math.abs(value - 1) < 1e-9,
    detail: `${sent} sent, minimum ${minimum}${value === undefined ? '' : ` (ratio ${value.toFixed(2)})`}`,
  };
}

export function acceptanceChecks(fleets: FleetResult[]): Check[] {
  const checks: Check[] = [];
  for (const f of fleets) {
    checks.push({
      check: 'no Scan on any scheduled path',
      servers: f.servers,
      ok: f.scans === 0,
      detail: `${f.scans} Scan requests`,
    });
    for (const r of f.runs) {
      checks.push({
        check: `${r.run}: completes without error`,
        servers: r.servers,
        ok: r.errors.length === 0,
        detail: r.errors.length ? r.errors.join('; ').slice(0, 300) : 'ok',
      });
      const ses = ratioCheck(r, 'emails', 'SES sends');
      const ssm = ratioCheck(r, 'commands', 'SSM SendCommand');
      if (ses) checks.push(ses);
      if (ssm) checks.push(ssm);
    }
  }
  return checks;
}
