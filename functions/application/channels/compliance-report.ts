/**
 * C10.2: for a customer and a period, whether each clause C1–C12 held, did not hold, or had
 * nothing to show, with the audit events as evidence and each breach explained.
 */
import { type Instant, toIso } from '../../domain/calendar.ts';
import { checkBackups } from '../../domain/compliance-checks-backups.ts';
import {
  checkFailureNotices,
  checkRecords,
  checkTime,
  checkTrust,
} from '../../domain/compliance-checks-records.ts';
import {
  checkApplying,
  checkClasses,
  checkLatestVersion,
  checkLossOfService,
  checkScheduledNotice,
  checkScheduledPostponements,
  checkUrgent,
} from '../../domain/compliance-checks-work.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { BaseDeps } from '../shared/deps.ts';
import { type ClauseVerdict, type Facts, loadFacts } from './compliance-facts.ts';
import { noticeWording } from './notice-wording.ts';

export type ComplianceReport = {
  customerId: string;
  from: string;
  to: string;
  generatedAt: string;
  clauses: ClauseVerdict[];
};

const CHECKS = [
  checkClasses,
  checkLatestVersion,
  checkScheduledNotice,
  checkScheduledPostponements,
  checkUrgent,
  checkApplying,
  (f: Facts) => checkLossOfService(f, noticeWording),
  checkFailureNotices,
  checkBackups,
  checkRecords,
  checkTime,
  checkTrust,
];

export async function complianceReport(
  deps: BaseDeps,
  customerId: string,
  from: Instant,
  to: Instant,
): Promise<ComplianceReport> {
  const customer = await deps.store.directory.getCustomer(customerId);
  if (!customer) throw new NotFoundError('customer', customerId);
  const facts = await loadFacts(deps, customer, from, to);
  return {
    customerId,
    from: toIso(from),
    to: toIso(to),
    generatedAt: toIso(facts.now),
    clauses: CHECKS.map((check) => check(facts)),
  };
}
