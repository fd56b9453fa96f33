/** C1.3, C5.1, C5.3: the urgent-patch function without its wiring (see notice/app.ts). */
import { planUrgentRelease } from '../../application/runs/plan-urgent-release.ts';
import type { BaseDeps } from '../../application/shared/deps.ts';
import type { Holder } from '../../domain/claims.ts';
import { parseOrThrow } from '../../domain/validation.ts';
import { UrgentReleaseInput } from './schema.ts';

export const urgentPatchApp = (deps: BaseDeps) => async (event: unknown, invocation?: Holder) =>
  planUrgentRelease(
    { ...deps, holder: invocation },
    parseOrThrow(UrgentReleaseInput, event, 'urgent release'),
  );
