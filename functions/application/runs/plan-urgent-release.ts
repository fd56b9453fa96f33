/**
 * C1.3, C5.1, C5.3: the CS team declares a tested and validated release urgent; it is planned on
 * every server of the platform (or the named ones) for the first night whose 12:00 notice run comes
 * after the validation. The declaration records who (validatedBy) and when (the service's clock).
 * Idempotent on the release id: the same input again returns the same result without duplicates;
 * different content under the same id is a ConflictError.
 */
import * as z from 'zod/mini';
import { toIso } from '../../domain/calendar.ts';
import { ConflictError } from '../../domain/errors.ts';
import { Platform, parseOrThrow, type Release, ReleaseId, ServerId } from '../../domain/records.ts';
import type { BaseDeps } from '../shared/deps.ts';
import { type RegisterReleaseResult, registerRelease } from './register-release.ts';

export const UrgentReleaseInput = z.object({
  release: z.object({
    id: ReleaseId,
    platform: Platform,
    version: z.string().check(z.trim(), z.minLength(1), z.maxLength(80)),
    title: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
    description: z._default(z.string().check(z.trim(), z.maxLength(2000)), ''),
    vendorReference: z.optional(z.string().check(z.trim(), z.maxLength(200))),
  }),
  /** C5.1: every server of the platform, or a named subset of managed-instance ids. */
  targets: z.union([
    z.literal('all'),
    z.array(ServerId).check(z.minLength(1, 'name at least one server, or "all"'), z.maxLength(5000)),
  ]),
  /** C1.3: the CS team member whose sole opinion makes the release urgent. */
  validatedBy: z.string().check(z.trim(), z.minLength(1, 'say who validated the release'), z.maxLength(200)),
});
export type UrgentReleaseInput = z.input<typeof UrgentReleaseInput>;

const SAME_FIELDS = [
  'platform',
  'version',
  'title',
  'description',
  'vendorReference',
  'validatedBy',
] as const;

export async function planUrgentRelease(
  deps: BaseDeps,
  raw: unknown,
  timeLeftMs?: () => number,
): Promise<RegisterReleaseResult> {
  const input = parseOrThrow(UrgentReleaseInput, raw, 'urgent release');
  const existing = await deps.store.releases.getRelease(input.release.id);
  const release: Release = existing ?? {
    ...input.release,
    class: 'urgent',
    validatedBy: input.validatedBy,
    validatedAt: toIso(deps.clock.now()), // C1.3 / C5.3: when, on the service's clock (C11.3)
  };
  if (existing) {
    const asked = { ...input.release, validatedBy: input.validatedBy };
    const differs =
      existing.class !== 'urgent' || SAME_FIELDS.some((f) => (existing[f] ?? '') !== (asked[f] ?? ''));
    if (differs) {
      throw new ConflictError(`release ${existing.id} is already registered with different content`);
    }
  }
  return registerRelease(deps, {
    release,
    targets: input.targets,
    actor: input.validatedBy,
    ...(timeLeftMs ? { timeLeftMs } : {}),
  });
}
