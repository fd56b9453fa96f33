/**
 * C1.3, C5.1, C5.3: the CS team invokes this after testing and validating a release it declares
 * urgent; every targeted server gets an urgent change for the first night the 12:00 notice allows.
 */
import { planUrgentRelease } from '../application/runs/plan-urgent-release.ts';
import { parseOrThrow } from '../domain/validation.ts';
import { readEnv } from '../runtime/env.ts';
import { logger, withRuntime } from '../runtime/middleware.ts';
import { baseDeps } from '../runtime/wiring.ts';
import { UrgentReleaseInput } from './schema.ts';

const env = readEnv(['TABLE_NAME', 'CONTRACT_CONFIG']);
const deps = baseDeps(env);

export const handler = withRuntime(async (event: unknown) => {
  const input = parseOrThrow(UrgentReleaseInput, event, 'urgent release');
  const result = await planUrgentRelease(deps, input);
  logger.info(result.created ? 'urgent release planned' : 'urgent release already planned, nothing new', {
    releaseId: result.release.id,
    changes: result.changes,
    newChanges: result.newChanges,
    skipped: result.skipped.length,
  });
  return result;
});
