/**
 * Cost per 1,000 servers per month, from MEASURED request counts per run (fleet.ts) and the unit
 * prices of prices.ts. Assumptions are parameters with defaults and are printed with the result:
 * - release cadence: `releasesPerMonth` scheduled releases reach every server (each costs one
 *   register + notice + cutoff + apply + apply-results cycle as measured);
 * - weekly full backups: 52/12 runs a month (C9.1), measured;
 * - daily AD incrementals (C9.2): `incrementalPerFull` × the full run's measured cost, 365/12 runs
 *   a month (not measured separately; 0.5 because the bench's servers have 2 images, 1 of them AD);
 * - Lambda duration = measured wall time here (DynamoDB Local on loopback; real DynamoDB has a
 *   few ms more latency per request, so the GB-s figure is indicative), at the catalog's memory;
 * - DynamoDB units as reported by DynamoDB Local's ConsumedCapacity (transactions included);
 * - fixed scheduled invocations: the schedule table's firings per zone (lib/schedules.ts).
 */
import { FUNCTION_CATALOG } from '../lib/function-catalog.ts';
import { HOURS_PER_MONTH, PRICES, SSM_STANDARD_TIER_LIMIT } from './prices.ts';
import type { RunKind, RunMeasure } from './types.ts';

export type CostAssumptions = {
  releasesPerMonth: number;
  timeZones: number;
  /** Weekly full backups per month (52 / 12). */
  fullBackupsPerMonth: number;
  /** Daily incrementals per month (365 / 12). */
  incrementalsPerMonth: number;
  /** Share of a full backup run's per-server cost that one daily AD incremental costs. */
  incrementalPerFull: number;
};

export const DEFAULT_ASSUMPTIONS: CostAssumptions = {
  releasesPerMonth: 2,
  timeZones: 2,
  fullBackupsPerMonth: 52 / 12,
  incrementalsPerMonth: 365 / 12,
  incrementalPerFull: 0.5,
};

/** Scheduler firings per zone per month: notice, cutoff, 6 apply ticks, incremental daily; full weekly. */
const FIRINGS_PER_ZONE_MONTH = (365 / 12) * (1 + 1 + 6 + 1) + 52 / 12;

const MEMORY_GB: Record<RunKind, number> = {
  register: FUNCTION_CATALOG['urgent-patch'].memoryMb / 1024,
  notice: FUNCTION_CATALOG.notice.memoryMb / 1024,
  cutoff: FUNCTION_CATALOG.cutoff.memoryMb / 1024,
  apply: FUNCTION_CATALOG.apply.memoryMb / 1024,
  'apply-results': FUNCTION_CATALOG['apply-result'].memoryMb / 1024,
  'backup-full': FUNCTION_CATALOG.backup.memoryMb / 1024,
  'backup-results': FUNCTION_CATALOG['apply-result'].memoryMb / 1024,
};

export type CostLine = { item: string; usdPerMonth: number; basis: string };
export type CostEstimate = {
  fromServers: number;
  assumptions: CostAssumptions;
  lines: CostLine[];
  /** Without the SSM advanced tier (a fleet of at most 1,000 hybrid nodes per account and Region). */
  totalStandardTier: number;
  /** With the advanced tier (any fleet above 1,000 nodes: every node is billed). */
  totalAdvancedTier: number;
};

/** Runs per month of each measured run. */
function perMonth(run: RunKind, a: CostAssumptions): number {
  return run === 'backup-full' || run === 'backup-results' ? a.fullBackupsPerMonth : a.releasesPerMonth;
}

export function estimateCost(runs: RunMeasure[], a: CostAssumptions = DEFAULT_ASSUMPTIONS): CostEstimate {
  const servers = runs[0]?.servers ?? 0;
  if (!servers) throw new Error('no measured runs to cost');
  const scale = 1000 / servers;
  let gbSeconds = 0;
  let invocations = 0;
  let rru = 0;
  let wru = 0;
  let emails = 0;
  for (const r of runs) {
    const times = perMonth(r.run, a) * scale;
    const backup = r.run === 'backup-full' || r.run === 'backup-results';
    const incremental = backup ? a.incrementalsPerMonth * a.incrementalPerFull * scale : 0;
    const factor = times + incremental;
    gbSeconds += (r.wallMs / 1000) * MEMORY_GB[r.run] * factor;
    invocations += r.invocations * factor;
    rru += r.dynamo.readUnits * factor;
    wru += r.dynamo.writeUnits * factor;
    emails += r.emails.sent * times;
  }
  const fixedFirings = FIRINGS_PER_ZONE_MONTH * a.timeZones;
  const lines: CostLine[] = [
    {
      item: 'Lambda duration',
      usdPerMonth: gbSeconds * PRICES.lambdaGbSecondArm.usd,
      basis: `${gbSeconds.toFixed(0)} GB-s (measured wall time × catalog memory)`,
    },
    {
      item: 'Lambda requests',
      usdPerMonth: (invocations + fixedFirings) * PRICES.lambdaRequest.usd,
      basis: `${Math.round(invocations + fixedFirings)} invocations`,
    },
    {
      item: 'DynamoDB reads',
      usdPerMonth: rru * PRICES.dynamoReadRequestUnit.usd,
      basis: `${Math.round(rru)} RRU (measured ConsumedCapacity)`,
    },
    {
      item: 'DynamoDB writes',
      usdPerMonth: wru * PRICES.dynamoWriteRequestUnit.usd,
      basis: `${Math.round(wru)} WRU (ConsumedCapacity; transactions counted item by item, meter.ts)`,
    },
    {
      item: 'SES',
      usdPerMonth: emails * PRICES.sesEmail.usd,
      basis: `${Math.round(emails)} emails (measured)`,
    },
    {
      item: 'EventBridge Scheduler',
      usdPerMonth: fixedFirings * PRICES.schedulerInvocation.usd,
      basis: `${Math.round(fixedFirings)} firings (${a.timeZones} zones; fleet-size independent)`,
    },
    { item: 'SSM Run Command', usdPerMonth: 0, basis: 'no charge' },
    {
      item: 'SSM hybrid nodes, standard tier',
      usdPerMonth: 0,
      basis: `free up to ${SSM_STANDARD_TIER_LIMIT} nodes per account and Region`,
    },
  ];
  const advanced = 1000 * HOURS_PER_MONTH * PRICES.ssmHybridAdvanced.usd;
  const variable = lines.reduce((s, l) => s + l.usdPerMonth, 0);
  lines.push({
    item: 'SSM hybrid nodes, advanced tier',
    usdPerMonth: advanced,
    basis: `1,000 nodes × ${HOURS_PER_MONTH} h × $${PRICES.ssmHybridAdvanced.usd} (needed above ${SSM_STANDARD_TIER_LIMIT} nodes)`,
  });
  return {
    fromServers: servers,
    assumptions: a,
    lines,
    totalStandardTier: variable,
    totalAdvancedTier: variable + advanced,
  };
}
