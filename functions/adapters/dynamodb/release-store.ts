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

export function createReleaseStore(ctx: StoreContext): ReleaseStore {
  const parse = (items: Item[]) => items.map((i) => fromItem(Release, i, 'release'));
  return {
    addRelease: (release, audit) => createRecord(ctx, spec, release, [audit]),
    async getRelease(id) {
      const item = await getItem(ctx, 'release', id);
      return item ? fromItem(Release, item, 'release') : undefined;
    },
    async listReleases(platform) {
      const query = platform
        ? { index: INDEX.byParent, partition: `PLATFORM#${platform}#RELEASE` }
        : { index: INDEX.byOwner, partition: RELEASES_PARTITION };
      return parse(await queryPartition(ctx, query));
    },
  };
}
