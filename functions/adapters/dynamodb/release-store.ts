/** Validated releases (C1), by platform or all, oldest validation first. */
import type { ReleaseStore } from '../../application/ports.ts';
import { Release } from '../../domain/records.ts';
import { RELEASES_PARTITION, releaseKeys } from './entity-keys.ts';
import { fromItem, type Item } from './item-codec.ts';
import { getItem, queryPartition } from './reads.ts';
import { createRecord, type RecordSpec } from './record-writes.ts';
import type { StoreContext } from './store-context.ts';
import { INDEX } from './table-definition.ts';

const spec: RecordSpec<typeof Release> = { entity: 'release', schema: Release, keys: releaseKeys };

/**
 * Releases found, kept for the life of the store (a warm Lambda container): a release never changes
 * once registered (a different content under its id is a conflict, C1), and every result of an
 * apply command asks for the same one. Bounded; misses are never kept, so a release registered
 * later is found.
 */
const CACHED_RELEASES = 256;

export function createReleaseStore(ctx: StoreContext): ReleaseStore {
  const parse = (items: Item[]) => items.map((i) => fromItem(Release, i, 'release'));
  const found = new Map<string, Release>();
  return {
    addRelease: (release, audit) => createRecord(ctx, spec, release, [audit]),
    async getRelease(id) {
      const cached = found.get(id);
      if (cached) return cached;
      const item = await getItem(ctx, 'release', id);
      if (!item) return undefined;
      const release = fromItem(Release, item, 'release');
      if (found.size >= CACHED_RELEASES) found.delete(found.keys().next().value as string);
      found.set(id, release);
      return release;
    },
    async listReleases(platform) {
      const query = platform
        ? { index: INDEX.byParent, partition: `PLATFORM#${platform}#RELEASE` }
        : { index: INDEX.byOwner, partition: RELEASES_PARTITION };
      return parse(await queryPartition(ctx, query));
    },
  };
}
